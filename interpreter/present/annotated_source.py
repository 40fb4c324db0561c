"""Source files annotated line by line, as one self-contained HTML page (the way
coverage.py shows Python): each line of a file that holds something to exercise is
green when all of it was, red when none was, amber when part was, with what is on the
line and where it was exercised on hover and in a note beside it. Every text is escaped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Literal

from attrs import frozen

LineState = Literal["covered", "partial", "missed"]


@frozen
class LineMark:
    state: LineState
    notes: tuple[str, ...]  # one per part on the line: "clause ... — by examples/x.scenario:12"


@frozen
class AnnotatedFile:
    path: str
    source: str
    summary: str  # "clauses and matrix cells: 27/27 (100 %)"
    marks: Mapping[int, LineMark]  # 1-based line -> its mark


def line_state(covered: int, total: int) -> LineState:
    return "covered" if covered == total else "missed" if covered == 0 else "partial"


def render_annotated(title: str, files: Sequence[AnnotatedFile]) -> str:
    sections = []
    for f in files:
        rows = []
        for n, text in enumerate(f.source.splitlines(), 1):
            mark = f.marks.get(n)
            cls = mark.state if mark else "plain"
            note = "; ".join(mark.notes) if mark else ""
            rows.append(f'<tr class="{cls}" id="{escape(f.path)}-L{n}"><td class="n">{n}</td>'
                        f'<td class="src" title="{escape(note)}"><code>{escape(text) or " "}</code></td>'
                        f'<td class="note">{escape(note)}</td></tr>')
        sections.append(f'<section><h2>{escape(f.path)}</h2><p>{escape(f.summary)}</p>'
                        f'<table>{"".join(rows)}</table></section>')
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>
body {{ font: 14px system-ui, sans-serif; margin: 24px; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }}
td {{ padding: 0 8px; vertical-align: top; }}
td.n {{ color: #888; text-align: right; user-select: none; }}
td.src code {{ white-space: pre; font: 13px ui-monospace, monospace; }}
td.note {{ color: #555; font-size: 12px; }}
tr.covered td.src {{ background: #dff0d8; }} tr.missed td.src {{ background: #f8d7da; }}
tr.partial td.src {{ background: #fff3cd; }}
.legend span {{ padding: 2px 8px; margin-right: 8px; }}
</style></head><body>
<h1>{escape(title)}</h1>
<p class="legend"><span style="background:#dff0d8">exercised</span><span style="background:#fff3cd">in part</span>
<span style="background:#f8d7da">never exercised</span></p>
{"".join(sections)}
</body></html>
"""
