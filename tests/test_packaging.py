"""plazo installs under one namespace: plazo.dsl, plazo.interpreter, plazo.grammar."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_namespace_imports_and_bare_names_fail_outside_the_repository(tmp_path: Path) -> None:
    ok = run_python("import plazo.interpreter, plazo.dsl, plazo.grammar; print('ok')", tmp_path)
    assert ok.stdout.strip() == "ok", ok.stderr
    for bare in ("interpreter", "dsl", "grammar"):
        result = run_python(f"import {bare}", tmp_path)
        assert result.returncode != 0 and "ModuleNotFoundError" in result.stderr, bare


def test_console_command_is_installed() -> None:
    plazo = Path(sys.executable).with_name("plazo")
    result = subprocess.run([str(plazo), "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "usage: plazo" in result.stdout


def _source_copy(dest: Path) -> Path:
    """The source tree (the files git tracks or would add), copied: a build in the working
    tree would leave build/ and *.egg-info behind."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, check=True, capture_output=True, timeout=60)
    for name in listed.stdout.decode().split("\0"):
        if name and (ROOT / name).is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target)
    return dest


def test_wheel_holds_every_module_under_the_plazo_namespace(tmp_path: Path) -> None:
    source = _source_copy(tmp_path / "src")
    before = set(ROOT.iterdir())
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path),
         str(source)],
        check=True, capture_output=True, timeout=300,
    )
    assert set(ROOT.iterdir()) == before, "the build left files in the working tree"
    (wheel,) = tmp_path.glob("plazo-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    top = {n.split("/")[0] for n in names if not n.startswith("plazo-")}
    assert top == {"plazo"}, top
    for package in ("dsl", "interpreter", "grammar"):
        assert f"plazo/{package}/py.typed" in names
        # every module of the tree is in the wheel: a subpackage missing from
        # pyproject's list would otherwise install broken
        for module in (ROOT / package).rglob("*.py"):
            assert f"plazo/{package}/{module.relative_to(ROOT / package).as_posix()}" in names, module
    assert "plazo/grammar/plazo.lark" in names and "plazo/grammar/scenario.lark" in names


def test_version_is_the_package_version() -> None:
    plazo = Path(sys.executable).with_name("plazo")
    result = subprocess.run([str(plazo), "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == f"plazo {version('plazo')}"


def test_no_parser_cache_is_read_or_written_in_the_temporary_directory(tmp_path: Path) -> None:
    # Lark's cache=True pickles the parser to $TMPDIR/.lark_cache_* and loads it back:
    # a file anyone can plant there. plazo builds its parsers in memory instead.
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    plazo = Path(sys.executable).with_name("plazo")
    env = {**os.environ, "TMPDIR": str(shared)}
    for args in (["check", "policies/aldeamo.plazo"], ["test", "examples/aldeamo/actualizaciones.scenario"]):
        result = subprocess.run([str(plazo), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
    assert list(shared.iterdir()) == []
