"""Inputs of the command-line cases (tests/hostile/cases/cli.toml)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def seventeen_mebibytes() -> bytes:
    return b"# " + b"x" * (17 * 1024 * 1024) + b"\n"


def aldeamo_with_bom() -> bytes:
    return b"\xef\xbb\xbf" + (ROOT / "policies" / "aldeamo.plazo").read_bytes()


def ticket_with_bom() -> bytes:
    return b"\xef\xbb\xbf" + (ROOT / "examples" / "tickets" / "aldeamo_alto.json").read_bytes()


def latin1_policy() -> bytes:
    return 'policy "x" version 1\n# atenci\u00f3n\n'.encode("latin-1")


def ticket_with_huge_integer() -> bytes:
    return b'{"id": "A", "fields": {"severity": ' + b"9" * 5000 + b'}, "events": []}'


def deep_json() -> bytes:
    return b"[" * 100_000 + b"]" * 100_000
