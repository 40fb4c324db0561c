"""The Dask engine (``--engine dask``, ``--scheduler``) gives what the local engine gives,
byte for byte: the summary (text and JSON), the per-ticket output, the rejections.

The oracle is the local engine with one process (``--jobs 1``): it reads each file
whole, in one piece, so it owes nothing to the byte ranges, the line counting, the
ordering, the retries or the duplicate-id hand-over the Dask engine adds. The facts of
the rejections are also worked out by hand: the lines spoiled on purpose below, each
reported once, with its file and line.

One cluster of two worker processes (one thread each) serves the module, as a
running cluster does (``--scheduler``); one test starts its own (``--engine dask``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

distributed = pytest.importorskip("distributed")

from distributed import Client, LocalCluster  # noqa: E402  (after the skip: the extra may be missing)
from distributed.diagnostics.plugin import WorkerPlugin  # noqa: E402

from plazo.interpreter.batch import dask_engine  # noqa: E402
from plazo.interpreter.cli import engine  # noqa: E402
from plazo.interpreter.cli.main import main  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HISTORIES = ROOT / "examples" / "histories"
POLICIES = ROOT / "policies"


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[str, Client]]:
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as running, \
            Client(running, set_as_default=False) as client:
        yield running.scheduler_address, client


def plazo(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def both_engines(capsys: pytest.CaptureFixture[str], address: str, policy: Path, history: str | Path,
                 *options: str) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    local = plazo(capsys, "evaluate", str(policy), str(history), *options, "--jobs", "1")
    dask = plazo(capsys, "evaluate", str(policy), str(history), *options, "--scheduler", address)
    return local, dask


# ------------------------------------------------------------------ the same output


@pytest.mark.parametrize(("policy", "history", "tickets"), [
    ("aldeamo", "aldeamo.jsonl", 200), ("aldeamo", "aldeamo.csv", 30), ("intcomex", "intcomex.jsonl", 200),
    ("wekall", "wekall.jsonl", 200),
])
def test_a_bundled_history_gives_the_same_summary_and_results(
        cluster: tuple[str, Client], capsys: pytest.CaptureFixture[str], tmp_path: Path, policy: str,
        history: str, tickets: int) -> None:
    address, _ = cluster
    text_local, text_dask = both_engines(capsys, address, POLICIES / f"{policy}.plazo", HISTORIES / history)
    assert text_local == text_dask and text_local[0] == 0
    json_local, json_dask = both_engines(capsys, address, POLICIES / f"{policy}.plazo", HISTORIES / history, "--json")
    assert json_local == json_dask and json.loads(json_dask[1])["evaluated"] == tickets
    suffix = ".csv" if history.endswith(".csv") else ".jsonl"
    outs = []
    for engine_options in (("--jobs", "1"), ("--scheduler", address)):
        out = tmp_path / f"out{len(outs)}{suffix}"
        assert main(["evaluate", str(POLICIES / f"{policy}.plazo"), str(HISTORIES / history), "--out", str(out),
                     *engine_options]) == 0
        outs.append(out.read_bytes())
    capsys.readouterr()
    assert outs[0] == outs[1] and outs[0].count(b"\n") >= tickets


NOT_JSON = "{this is not json"
UNKNOWN_SEVERITY = json.dumps({"id": "BAD-SEV", "fields": {"severity": "zz"},
                               "events": [{"type": "created", "at": "2026-02-02T10:00:00-05:00"}]})


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, str]]:
    """600 Intcomex tickets (routes to other teams, rejects: every kind of scope), with
    lines spoiled on purpose, far apart so that they fall in different byte ranges:
    ``{line: what its rejection says}``."""
    folder = tmp_path_factory.mktemp("generated")
    clean = folder / "clean.jsonl"
    subprocess.run([sys.executable, str(HISTORIES / "generate.py"), str(POLICIES / "intcomex.plazo"),
                    "--tickets", "600", "--seed", "7", "--out", str(clean)], check=True, timeout=120)
    lines = clean.read_text(encoding="utf-8").splitlines()
    first_id = json.loads(lines[4])["id"]
    middle_id = json.loads(lines[299])["id"]
    lines[40] = NOT_JSON                    # line 41
    lines[350] = lines[4]                   # line 351: the ticket of line 5 again (another byte range)
    lines[590] = lines[299]                 # line 591: the ticket of line 300 again
    lines[591] = lines[4]                   # line 592: line 5's once more
    lines[450] = UNKNOWN_SEVERITY           # line 451: read, then refused by the policy
    lines.insert(200, "")                   # a blank line is no ticket (lines after it move down one)
    expected = {41: "not JSON", 352: f"ticket {first_id} again: line 5 has it already",
                592: f"ticket {middle_id} again: line 301 has it already",
                593: f"ticket {first_id} again: line 5 has it already", 452: "severity"}
    history = folder / "spoiled.jsonl"
    history.write_bytes(("\n".join(lines) + "\n").encode())
    return history, expected


def test_a_generated_history_gives_the_same_summary_and_rejections_once(
        cluster: tuple[str, Client], capsys: pytest.CaptureFixture[str], generated: tuple[Path, dict[int, str]],
        tmp_path: Path) -> None:
    address, _ = cluster
    history, expected = generated
    local, dask = both_engines(capsys, address, POLICIES / "intcomex.plazo", history, "--json")
    assert local == dask
    code, out, err = dask
    report = json.loads(out)
    assert code == 1  # rejected tickets are findings
    assert report["tickets"] == 600 and report["rejected"] == len(expected)
    assert report["evaluated"] == report["in_scope"] + report["out_of_scope"] + report["handed_off"] == 595
    assert report["out_of_scope"] > 0 and report["handed_off"] > 0  # every kind of scope is there
    found = {r["line"]: r for r in report["rejections"]}
    assert sorted(found) == sorted(expected)  # each once
    for line, says in expected.items():
        assert found[line]["file"] == str(history) and says in found[line]["reason"], found[line]
        assert err.count(f"{history}:{line}: rejected") == 1
    rejects = [tmp_path / "local.jsonl", tmp_path / "dask.jsonl"]
    for path, options in zip(rejects, (("--jobs", "1"), ("--scheduler", address)), strict=True):
        main(["evaluate", str(POLICIES / "intcomex.plazo"), str(history), "--rejects", str(path), *options])
    capsys.readouterr()
    assert rejects[0].read_bytes() == rejects[1].read_bytes()
    assert [json.loads(x)["line"] for x in rejects[1].read_text(encoding="utf-8").splitlines()] == sorted(expected)


def test_a_folder_and_a_pattern_are_read_file_by_file(
        cluster: tuple[str, Client], capsys: pytest.CaptureFixture[str], generated: tuple[Path, dict[int, str]],
        tmp_path: Path) -> None:
    address, _ = cluster
    history, expected = generated
    folder = tmp_path / "histories"
    folder.mkdir()
    shutil.copy(history, folder / "a.jsonl")
    shutil.copy(HISTORIES / "intcomex.jsonl", folder / "b.jsonl")
    subprocess.run([sys.executable, str(HISTORIES / "generate.py"), str(POLICIES / "intcomex.plazo"),
                    "--tickets", "100", "--seed", "8", "--out", str(folder / "c.csv")], check=True, timeout=120)
    (folder / "notes.txt").write_text("not a history", encoding="utf-8")
    for spec, tickets in ((str(folder), 600 + 200 + 100), (str(folder / "*.jsonl"), 600 + 200)):
        local, dask = both_engines(capsys, address, POLICIES / "intcomex.plazo", spec, "--json")
        assert local == dask
        report = json.loads(dask[1])
        assert report["tickets"] == tickets  # each file counted once; the .txt is no history
        # a ticket id names one ticket within its file: the bundled file's ids are not duplicates
        assert report["rejected"] == len(expected)
        assert {r["file"] for r in report["rejections"]} == {str(folder / "a.jsonl")}
    assert main(["evaluate", str(POLICIES / "intcomex.plazo"), str(folder), "--out", str(tmp_path / "o.jsonl"),
                 "--scheduler", address]) == 2
    assert "names several files" in capsys.readouterr().err


def test_a_comparison_is_the_same_on_both_engines(cluster: tuple[str, Client], capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    address, _ = cluster
    old = POLICIES / "aldeamo.plazo"
    new = tmp_path / "aldeamo_new.plazo"
    text = old.read_text(encoding="utf-8")
    assert "severity = medio: 2 business hours on soporte" in text
    new.write_text(text.replace("severity = medio: 2 business hours", "severity = medio: 1 business hours"),
                   encoding="utf-8")
    history = str(HISTORIES / "aldeamo.jsonl")
    local = plazo(capsys, "compare", str(old), str(new), history, "--json", "--jobs", "1")
    dask = plazo(capsys, "compare", str(old), str(new), history, "--json", "--scheduler", address)
    assert dask == local and json.loads(local[1])["changes"]  # a shorter duration changes outcomes


MESA = ROOT / "examples" / "compliance" / "mesa.plazo"  # a policy with commitments and credits


@pytest.fixture(scope="module")
def mesa_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """400 tickets over four months for the policy with commitments, a bad line among them."""
    folder = tmp_path_factory.mktemp("mesa")
    history = folder / "mesa.jsonl"
    subprocess.run([sys.executable, str(HISTORIES / "generate.py"), str(MESA), "--tickets", "400", "--seed", "3",
                    "--out", str(history)], check=True, timeout=120)
    lines = history.read_text(encoding="utf-8").splitlines()
    lines[250] = NOT_JSON
    history.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return history


@pytest.mark.parametrize("options", [
    ("--format", "text"), ("--format", "json", "--by", "priority"), ("--format", "csv", "--period", "week"),
    ("--format", "md", "--period", "quarter", "--from", "2026-02-01", "--to", "2026-03-31"),
])
def test_a_report_is_the_same_on_both_engines(cluster: tuple[str, Client], capsys: pytest.CaptureFixture[str],
                                              mesa_history: Path, options: tuple[str, ...]) -> None:
    address, _ = cluster
    local = plazo(capsys, "report", str(MESA), str(mesa_history), *options, "--jobs", "1")
    dask = plazo(capsys, "report", str(MESA), str(mesa_history), *options, "--scheduler", address)
    assert dask == local
    assert local[0] == 1 and f"{mesa_history}:251: rejected" in local[2]  # a commitment missed, a line rejected
    assert "resolucion" in local[1]  # the commitment is in the report


# ------------------------------------------------------------------ a worker lost mid-run


class KillOnce(WorkerPlugin):
    """Ends its worker's process the first time any worker starts a range's task (a
    marker file says it happened: the worker that replaces it runs on)."""

    name = "kill-once"

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish == "executing" and str(key).startswith("evaluate_span"):
            try:
                fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                return
            os.write(fd, str(os.getpid()).encode())
            os.close(fd)
            os._exit(1)


def test_a_worker_killed_mid_run_is_replaced_and_nothing_is_counted_twice(
        cluster: tuple[str, Client], capsys: pytest.CaptureFixture[str], generated: tuple[Path, dict[int, str]],
        tmp_path: Path) -> None:
    address, client = cluster
    history, _ = generated
    local = plazo(capsys, "evaluate", str(POLICIES / "intcomex.plazo"), str(history), "--json", "--jobs", "1")
    marker = tmp_path / "killed"
    before = set(client.scheduler_info()["workers"])
    client.register_plugin(KillOnce(str(marker)))
    try:
        dask = plazo(capsys, "evaluate", str(POLICIES / "intcomex.plazo"), str(history), "--json",
                     "--scheduler", address)
    finally:
        client.unregister_worker_plugin(KillOnce.name)
    assert marker.exists()  # a worker was killed while a range was being evaluated
    killed = int(marker.read_text())
    assert killed not in client.run(os.getpid).values()
    client.wait_for_workers(2, timeout=60)
    assert set(client.scheduler_info()["workers"]) != before  # its nanny started another
    assert dask == local


# ------------------------------------------------------------------ its own cluster, options, the extra


def test_engine_dask_starts_a_cluster_of_its_own(capsys: pytest.CaptureFixture[str]) -> None:
    history = HISTORIES / "openpyme.jsonl"
    local = plazo(capsys, "evaluate", str(POLICIES / "openpyme.plazo"), str(history), "--jobs", "1")
    dask = plazo(capsys, "evaluate", str(POLICIES / "openpyme.plazo"), str(history), "--engine", "dask",
                 "--workers", "1")
    assert dask == local and local[0] == 0


@pytest.mark.parametrize(("options", "says"), [
    (("--workers", "2"), "--workers is for --engine dask"),
    (("--engine", "local", "--scheduler", "tcp://127.0.0.1:8786"), "--scheduler runs on a Dask cluster"),
    (("--engine", "dask", "--jobs", "2"), "--jobs is the local engine's"),
    (("--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"), "give one of them"),
    (("--scheduler", "nonsense://x"), "a Dask scheduler's address is tcp://HOST:PORT"),
    (("--scheduler", "tcp://127.0.0.1"), "a Dask scheduler's address is tcp://HOST:PORT"),
])
def test_options_of_the_other_engine_are_refused(capsys: pytest.CaptureFixture[str], options: tuple[str, ...],
                                                 says: str) -> None:
    code, _, err = plazo(capsys, "evaluate", str(POLICIES / "aldeamo.plazo"), str(HISTORIES / "aldeamo.jsonl"),
                         *options)
    assert code == 2 and says in err and "Traceback" not in err


def test_workers_with_another_version_of_plazo_are_refused(
        cluster: tuple[str, Client], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    address, _ = cluster
    # this process believes it is another version; the workers import the module afresh and know better
    monkeypatch.setattr(dask_engine, "version", lambda name: "0.0.0+other")
    code, _, err = plazo(capsys, "evaluate", str(POLICIES / "aldeamo.plazo"), str(HISTORIES / "aldeamo.jsonl"),
                         "--scheduler", address)
    assert code == 2 and "this machine plazo 0.0.0+other" in err and "install the same version" in err


def test_a_file_the_workers_cannot_see_is_bad_input(cluster: tuple[str, Client], capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    address, _ = cluster
    code, _, err = plazo(capsys, "evaluate", str(POLICIES / "aldeamo.plazo"), str(tmp_path / "gone.jsonl"),
                         "--scheduler", address)
    assert code == 2 and "cannot read on the Dask worker" in err and "every worker must see the file there" in err


def test_without_the_extra_dask_is_exit_2_with_what_to_install(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # as if distributed were not installed: None in sys.modules makes its import fail, and the
    # engine's module is imported afresh (both are put back after the test)
    monkeypatch.setitem(sys.modules, "distributed", None)
    monkeypatch.delitem(sys.modules, engine.DASK_MODULE)
    code, _, err = plazo(capsys, "evaluate", str(POLICIES / "aldeamo.plazo"), str(HISTORIES / "aldeamo.jsonl"),
                         "--engine", "dask")
    assert code == 2 and "pip install 'plazo[dask]'" in err and "Traceback" not in err


def test_the_local_engine_never_imports_dask() -> None:
    script = ("import sys; from plazo.interpreter.cli.main import main; "
              f"code = main(['evaluate', {str(POLICIES / 'aldeamo.plazo')!r}, {str(HISTORIES / 'aldeamo.csv')!r}]); "
              "assert code == 0, code; assert 'distributed' not in sys.modules and 'dask' not in sys.modules")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
