"""The documents in docs/ are the repository's contract: their examples are checked.

``docs/semantics.md`` and ``docs/language.md`` mark each example by its fence:

- ```` ```python ````: run as it stands (its own imports, the public API only); its
  ``assert`` statements must hold.
- ```` ```plazo ````: a whole policy; ``plazo check`` must accept it (exit 0, warnings
  allowed).
- ```` ```scenario ````: a whole scenario file, as if saved in ``examples/<folder>/`` (so
  ``policy "../../policies/x.plazo"`` names a policy of the repository); ``plazo test``
  must pass every expectation in it.
- ```` ```sh ````: commands run from the repository root; each ``.venv/bin/plazo ...``
  line must exit 0, or ``N`` when the line ends in ``# exit N``.
- any other fence (```` ```text ````): fragments and output, not checked.

The commands run in this process, through the ``plazo`` console script's entry
point, so the test does not depend on where the command-line code lives. Besides
the examples: the diagnostics tables of language.md list exactly the codes the
source can emit, and its command-line section names every command and option.
"""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points
from pathlib import Path

import pytest

import plazo.dsl
import plazo.interpreter

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "docs" / "semantics.md", ROOT / "docs" / "language.md"]
LANGUAGE = ROOT / "docs" / "language.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```\s*$", re.S | re.M)


def blocks(kind: str) -> list[tuple[Path, int, str]]:
    """(document, line of the block's first line, text) of every block fenced as ``kind``."""
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            if match.group(1) == kind:
                found.append((doc, text.count("\n", 0, match.start(2)) + 1, match.group(2)))
    return found


def ident(block: tuple[Path, int, str]) -> str:
    return f"{block[0].name}:{block[1]}"


def plazo_main() -> Callable[[Sequence[str]], int]:
    (script,) = entry_points(group="console_scripts", name="plazo")
    return script.load()  # type: ignore[no-any-return]


def run_plazo(args: Sequence[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = plazo_main()(list(args))
    out, err = capsys.readouterr()
    return code, out + err


PYTHON, PLAZO, SCENARIO, SH = (blocks(k) for k in ("python", "plazo", "scenario", "sh"))


def test_the_documents_have_checked_examples() -> None:
    assert len(PYTHON) >= 15 and len(PLAZO) >= 10 and len(SCENARIO) >= 2 and SH


@pytest.mark.parametrize("block", PYTHON, ids=ident)
def test_python_example_runs(block: tuple[Path, int, str]) -> None:
    doc, line, text = block
    # blank lines in front, so that a failing assert points at its line in the document
    exec(compile("\n" * (line - 1) + text, str(doc), "exec"), {})


@pytest.mark.parametrize("block", PLAZO, ids=ident)
def test_policy_example_passes_plazo_check(block: tuple[Path, int, str], tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    doc, line, text = block
    path = tmp_path / f"{doc.stem}_line{line}.plazo"
    path.write_text(text, encoding="utf-8")
    code, output = run_plazo(["check", str(path)], capsys)
    assert code == 0, f"{doc.name}:{line}: plazo check says\n{output}"


@pytest.mark.parametrize("block", SCENARIO, ids=ident)
def test_scenario_example_passes_plazo_test(block: tuple[Path, int, str], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    doc, line, text = block
    shutil.copytree(ROOT / "policies", tmp_path / "policies")
    path = tmp_path / "examples" / "docs" / f"{doc.stem}_line{line}.scenario"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    code, output = run_plazo(["test", str(path)], capsys)
    assert code == 0 and re.search(r"^[1-9]\d* passed, 0 failed$", output, re.M), \
        f"{doc.name}:{line}: plazo test says\n{output}"


def commands() -> list[tuple[str, list[str], int]]:
    found = []
    for doc, line, text in SH:
        for offset, command in enumerate(text.splitlines()):
            if not command.startswith(".venv/bin/plazo "):
                continue
            assert not re.search(r"[|<>$`]", command.split("#")[0]), f"{doc.name}:{line + offset}: plain commands only"
            expected = re.search(r"#\s*exit (\d+)\s*$", command)
            words = shlex.split(command, comments=True)
            found.append((f"{doc.name}:{line + offset}", words[1:], int(expected.group(1)) if expected else 0))
    return found


@pytest.mark.parametrize("command", commands(), ids=lambda c: c[0])
def test_shell_example_exits_as_documented(command: tuple[str, list[str], int], monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    where, args, expected = command
    monkeypatch.chdir(ROOT)
    code, output = run_plazo(args, capsys)
    assert code == expected, f"{where}: plazo {' '.join(args)} exited {code}\n{output[-2000:]}"


# ------------------------------------------------------------------ completeness of language.md

_EMITS = re.compile(r"""\b(?:error|warning|Diagnostic)\(\s*["']([a-z][a-z-]*)["']""")


def test_diagnostic_tables_list_every_code_the_source_emits() -> None:
    emitted: set[str] = set()
    for package in (plazo.dsl, plazo.interpreter):
        for source in Path(package.__file__).parent.rglob("*.py"):
            emitted |= set(_EMITS.findall(source.read_text(encoding="utf-8")))
    text = LANGUAGE.read_text(encoding="utf-8")
    section = text[text.index("## 13. Diagnostics"):text.index("## 14.")]
    documented = set(re.findall(r"^\| `([a-z][a-z-]*)` \|", section, re.M))
    assert "unknown-calendar" in emitted and "bad-instant" in emitted  # the scan finds both sides
    assert emitted - documented == set(), "codes the source emits that language.md does not list"
    assert documented - emitted == set(), "codes language.md lists that the source never emits"


def test_command_line_section_names_every_command_and_option(capsys: pytest.CaptureFixture[str]) -> None:
    text = LANGUAGE.read_text(encoding="utf-8")
    section = text[text.index("## 14. The command line"):]
    code, overview = run_plazo(["--help"], capsys)
    assert code == 0
    names = re.findall(r"^    ([a-z]+)\s", overview, re.M)
    assert len(names) >= 8, overview
    for name in names:
        assert f"`plazo {name}" in section, f"plazo {name} is not in language.md"
        code, usage = run_plazo([name, "--help"], capsys)
        assert code == 0
        options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", usage)) - {"--help"}
        missing = sorted(o for o in options if not re.search(rf"{o}(?![\w-])", section))
        assert not missing, f"plazo {name}: options not in language.md: {missing}"
