"""docs/service.md is checked like the other documents: each ``curl`` line of its ``sh``
blocks is sent to the service on ``policies/`` (through httpx, against the ASGI app) and
must answer 200, or the status its ``# NNN`` comment says; its table of errors lists
exactly the codes the service's source can answer."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from test_serve import call

from plazo.interpreter.serve.app import create_app

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "service.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```\s*$", re.S | re.M)
APP = create_app(ROOT / "policies")


def curl_lines() -> list[tuple[str, str]]:
    text = DOC.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        if match.group(1) != "sh":
            continue
        first = text.count("\n", 0, match.start(2)) + 1
        for offset, line in enumerate(match.group(2).splitlines()):
            if line.startswith("curl "):
                found.append((f"service.md:{first + offset}", line))
    return found


def request_of(line: str) -> tuple[str, str, dict[str, Any], int]:
    """(method, path with query, httpx arguments, expected status) of a curl line."""
    expected = re.search(r"#\s*(\d{3})\s*$", line)
    words = shlex.split(line, comments=True)[1:]
    method, url, headers, body = "GET", "", {}, None
    while words:
        word = words.pop(0)
        if word == "-s":
            continue
        if word == "-X":
            method = words.pop(0)
        elif word == "-H":
            key, _, value = words.pop(0).partition(":")
            headers[key.strip()] = value.strip()
        elif word == "--data-binary":
            data = words.pop(0)
            body = (ROOT / data[1:]).read_bytes() if data.startswith("@") else data.encode("utf-8")
            method = "POST" if method == "GET" else method
        else:
            url = word
    parts = urlsplit(url)
    assert parts.hostname == "127.0.0.1" and parts.port == 8080, url
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return method, path, {"headers": headers, "content": body}, int(expected.group(1)) if expected else 200


def test_the_page_has_examples() -> None:
    assert len(curl_lines()) >= 10


@pytest.mark.parametrize("line", curl_lines(), ids=lambda c: c[0])
def test_curl_example_answers_as_documented(line: tuple[str, str]) -> None:
    where, command = line
    method, path, kwargs, expected = request_of(command)
    response = call(APP, method, path, **kwargs)
    assert response.status_code == expected, f"{where}: {response.status_code} {response.text[:500]}"
    assert "Traceback" not in response.text


_CODES = re.compile(r'ApiError\(\s*\d{3},\s*f?"([a-z][a-z-]*)"')


def test_the_errors_table_lists_every_code_the_service_answers() -> None:
    source = ROOT / "interpreter" / "serve"
    emitted = set()
    for path in source.glob("*.py"):
        emitted |= set(_CODES.findall(path.read_text(encoding="utf-8")))
    emitted |= {"unknown-target", "no-such-path", "method-not-allowed"}  # built from a class or a status
    emitted -= {"unknown-"}  # the prefix of unknown-target (UnknownNameError.what)
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## Errors"):text.index("## Limits")]
    documented = set(re.findall(r"`([a-z]+(?:-[a-z]+)+|[a-z]+)`", section.split("| status |")[1].split("```")[0]))
    assert "bad-ticket" in emitted and "too-large" in emitted
    assert emitted - documented == set(), "codes the service answers that docs/service.md does not list"
