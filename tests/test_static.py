"""The code is `mypy --strict` and `ruff` clean (configuration in pyproject.toml).

mypy checks the code under the names it is installed as (``plazo.dsl`` ...), which
package-dir maps to the top-level folders; a link tree under ``.mypy_cache/src``
gives mypy that layout, at a fixed place so its cache stays warm between runs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("grammar", "dsl", "interpreter")


def _link_tree() -> Path:
    src = ROOT / ".mypy_cache" / "src"
    plazo = src / "plazo"
    plazo.mkdir(parents=True, exist_ok=True)
    for name in PACKAGES:
        link = plazo / name
        if not link.is_symlink():
            link.symlink_to(ROOT / name, target_is_directory=True)
    return src


def test_mypy_strict_is_clean() -> None:
    src = _link_tree()
    command = [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
               "--cache-dir", str(ROOT / ".mypy_cache"), *(f"-p=plazo.{p}" for p in PACKAGES)]
    result = subprocess.run(command, cwd=src, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_ruff_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
