"""plazo installs under one namespace: plazo.dsl, plazo.interpreter, plazo.grammar."""

from __future__ import annotations

import subprocess
import sys
import zipfile
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


def test_wheel_holds_only_the_plazo_namespace(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = tmp_path.glob("plazo-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.startswith("plazo-")}
    assert top == {"plazo"}, top
    for package in ("dsl", "interpreter", "grammar"):
        assert f"plazo/{package}/py.typed" in names
    assert "plazo/interpreter/calendar.py" in names
