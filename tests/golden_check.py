"""Render a checked file's diagnostics the way golden files store them."""

from __future__ import annotations

from pathlib import Path

from plazo.dsl.loader import check_text


def rendered(path: Path) -> str:
    _, diagnostics = check_text(path.read_text(encoding="utf-8"), path.name)
    lines = []
    for d in diagnostics:
        lines.append(d.render_short())
        if d.hint:
            lines.append(f"  hint: {d.hint}")
    return "\n".join(lines) + "\n"
