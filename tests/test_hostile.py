"""The hostile corpus (tests/hostile/README.md): every attack of the hardening issue,
each run in a process and a folder of its own, must end with the documented exit code,
a message naming the place, no traceback, outputs that parse and inputs untouched."""

from __future__ import annotations

import csv
import importlib
import io
import json
import os
import re
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "hostile"
KEYS = {"name", "item", "copy", "files", "generated", "fifo", "argv", "python", "exit", "stderr", "stdout",
        "outputs", "absent", "timeout"}
ITEMS = {"1", "2", "3", "4", "5", "rest-traceback", "rest-wrong", "rest-unescaped"}
# control characters a text output may hold: tab and the line ends
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _cases() -> Iterator[tuple[str, dict[str, Any]]]:
    for file in sorted((CORPUS / "cases").glob("*.toml")):
        for case in tomllib.loads(file.read_text(encoding="utf-8")).get("case", []):
            yield file.stem, case


CASES = list(_cases())


def test_the_corpus_is_well_formed() -> None:
    names = [case["name"] for _, case in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    for area, case in CASES:
        where = f"{area}.toml, case {case.get('name')!r}"
        assert set(case) <= KEYS, f"{where}: unknown keys {sorted(set(case) - KEYS)}"
        assert case.get("item") in ITEMS, f"{where}: item must be one of {sorted(ITEMS)}"
        assert ("argv" in case) != ("python" in case), f"{where}: give argv or python, not both"
        assert isinstance(case.get("exit"), int), f"{where}: give the exit code"


def _strict_json(text: str) -> object:
    def refuse(constant: str) -> object:
        raise ValueError(f"{constant} is not JSON")
    return json.loads(text, parse_constant=refuse)


def _parse_jsonl(text: str) -> None:
    for line in text.splitlines():
        if line.strip():
            _strict_json(line)


def _parse_csv(text: str) -> None:
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    assert rows, "an empty CSV output"
    assert len({len(row) for row in rows}) == 1, "CSV rows of different lengths"


def _parse_html(text: str) -> None:
    HTMLParser().feed(text)
    assert "<html" in text.lower() or "<svg" in text.lower() or "<!doctype" in text.lower()


def _parse_text(text: str) -> None:
    found = _CONTROL.search(text)
    assert found is None, f"control character {found.group()!r} in a text output"


PARSERS: dict[str, Callable[[str], object]] = {
    "json": _strict_json, "jsonl": _parse_jsonl, "csv": _parse_csv,
    "xml": ElementTree.fromstring, "html": _parse_html, "text": _parse_text,
}


def _generate(reference: str) -> bytes:
    module, _, function = reference.partition(":")
    data = getattr(importlib.import_module(f"hostile.generators.{module}"), function)()
    assert isinstance(data, bytes), f"generator {reference} must return bytes"
    return data


def _place_inputs(case: dict[str, Any], folder: Path) -> dict[Path, bytes]:
    inputs: dict[Path, bytes] = {}
    for name, source in case.get("copy", {}).items():
        inputs[folder / name] = (ROOT / source).read_bytes()
    for name, text in case.get("files", {}).items():
        inputs[folder / name] = text.encode("utf-8")
    for name, reference in case.get("generated", {}).items():
        inputs[folder / name] = _generate(reference)
    for path, data in inputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for name in case.get("fifo", []):
        os.mkfifo(folder / name)
    return inputs


def _command(case: dict[str, Any]) -> list[str]:
    if "python" in case:
        return [sys.executable, "-c", case["python"]]
    return [sys.executable, "-m", "plazo.interpreter.cli", *(a.replace("{repo}", str(ROOT)) for a in case["argv"])]


@pytest.mark.parametrize("case", [case for _, case in CASES], ids=[f"{area}:{case['name']}" for area, case in CASES])
def test_hostile_case(case: dict[str, Any], tmp_path: Path) -> None:
    inputs = _place_inputs(case, tmp_path)
    bound = case.get("timeout", 5)
    started = time.monotonic()
    try:
        run = subprocess.run(_command(case), cwd=tmp_path, capture_output=True, timeout=bound,
                             env={**os.environ, "TMPDIR": str(tmp_path), "NO_COLOR": "1"})
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running after {bound} s (a hang?)")
    took = time.monotonic() - started
    out, err = run.stdout.decode("utf-8", "replace"), run.stderr.decode("utf-8", "replace")
    shown = f"exit {run.returncode} after {took:.1f} s\n--- stdout\n{out[:3000]}\n--- stderr\n{err[:3000]}"
    assert "Traceback" not in out + err, shown
    assert run.returncode == case["exit"], shown
    if "stderr" in case:
        assert re.search(case["stderr"], err), f"stderr does not match {case['stderr']!r}\n{shown}"
    if "stdout" in case:
        assert re.search(case["stdout"], out), f"stdout does not match {case['stdout']!r}\n{shown}"
    for name, kind in case.get("outputs", {}).items():
        path = tmp_path / name
        assert path.is_file(), f"output {name} was not written\n{shown}"
        PARSERS[kind](path.read_bytes().decode("utf-8"))
    for name in case.get("absent", []):
        assert not (tmp_path / name).exists(), f"{name} should not exist\n{shown}"
    outputs = {tmp_path / name for name in case.get("outputs", {})}
    for path, data in inputs.items():
        if path not in outputs:
            assert path.read_bytes() == data, f"input {path.name} changed on disk\n{shown}"
