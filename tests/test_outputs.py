"""Outputs never destroy inputs and are written whole or not at all (issue: data loss
when `--out` named the history being read)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plazo.interpreter.cli import main
from plazo.interpreter.cli.outputs import replaced

ROOT = Path(__file__).resolve().parent.parent
HISTORY = ROOT / "examples" / "histories" / "aldeamo.jsonl"
POLICY = ROOT / "policies" / "aldeamo.plazo"


@pytest.fixture
def history(tmp_path: Path) -> Path:
    copy = tmp_path / "h.jsonl"
    shutil.copy(HISTORY, copy)
    return copy


def test_out_that_is_the_history_is_refused_and_the_history_kept(history: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    before = history.read_bytes()
    link = history.with_name("link.jsonl")
    link.symlink_to(history)
    for option, path in (("--out", history), ("--rejects", history), ("--out", link)):
        assert main(["evaluate", str(POLICY), str(history), option, str(path)]) == 2
        err = capsys.readouterr().err
        assert f"{option} {path} is the input {history}" in err, err
        assert history.read_bytes() == before


def test_compare_and_render_refuse_to_overwrite_their_inputs(history: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    policy = tmp_path / "p.plazo"
    shutil.copy(POLICY, policy)
    text = policy.read_bytes()
    assert main(["compare", str(policy), str(policy), str(history), "--out", str(policy)]) == 2
    assert main(["render", str(policy), "--out", str(policy)]) == 2
    assert "is the input" in capsys.readouterr().err
    assert policy.read_bytes() == text


def test_two_outputs_in_one_file_are_refused(history: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.jsonl"
    assert main(["evaluate", str(POLICY), str(history), "--out", str(out), "--rejects", str(out)]) == 2
    assert "--out and --rejects are the same file" in capsys.readouterr().err
    assert not out.exists()


def test_an_output_in_a_missing_folder_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(POLICY), "--out", str(tmp_path / "nowhere" / "x.md")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_a_failed_write_leaves_the_old_file_and_no_part_file(tmp_path: Path) -> None:
    target = tmp_path / "results.jsonl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    with pytest.raises(RuntimeError), replaced(target) as out:
        out.write("half a fi")
        raise RuntimeError("the disk is full")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["results.jsonl"]
    with replaced(target) as out:
        out.write("new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert target.stat().st_mode & 0o777 == 0o640  # a replaced file keeps its permissions
    assert [p.name for p in tmp_path.iterdir()] == ["results.jsonl"]


def test_results_are_written_whole(history: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    assert main(["evaluate", str(POLICY), str(history), "--out", str(out), "--at", "2026-04-10T00:00"]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(history.read_text(encoding="utf-8").splitlines())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.jsonl", "results.jsonl"]
