"""``plazo report --format html``: one self-contained page (no network: inline CSS and SVG)
that draws what a service manager would rather look at than read. For each commitment,
its figure per period, one line per group, against the commitment's line (missed periods
marked); for each target, how its counted times spread. The tables follow the charts.

Every text on the page comes through :func:`html.escape` (a group is a ticket's value,
anything may be in it), in elements and in attributes alike.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

from plazo.interpreter.batch.report import CommitmentRow, Distribution, Report
from plazo.interpreter.batch.report_render import commitment_table, scope_table, target_table

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 48, 16, 40
COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
MISSED = "#d62728"
BUCKETS = 20

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 72rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; } h3 { font-size: 1rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.85rem; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.missed { color: #d62728; font-weight: bold; } .legend span { margin-right: 1rem; }
svg { display: block; margin: 0.5rem 0; } .axis { font-size: 11px; fill: #555; }
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def render_html(report: Report) -> str:
    parts = [f"<h1>{_e(report.policy)}: compliance report</h1>",
             f"<p>{_e(report.tickets)} tickets in {_e(report.history)}: {_e(report.evaluated)} evaluated, "
             f"{_e(report.rejected)} rejected; per {_e(report.period)}; grouped by "
             f"{_e(', '.join(report.by) or 'nothing (one group)')}. Breach rates count only tickets in scope.</p>"]
    by_commitment: dict[str, list[CommitmentRow]] = defaultdict(list)
    for row in report.commitments:
        by_commitment[row.commitment].append(row)
    if by_commitment:
        parts.append("<h2>Commitments</h2>")
        for name, rows in by_commitment.items():
            first = rows[0]
            parts.append(f"<h3>{_e(first.label or name)} <small>({_e(first.target)}: {_e(first.measure)}, "
                         f"each period)</small></h3>")
            parts.append(commitment_chart(rows))
    if report.distributions:
        parts.append("<h2>Counted time per target</h2>")
        parts.extend(f"<h3>{_e(d.target)}</h3>{distribution_chart(d)}" for d in report.distributions if d.minutes)
    by = ", ".join(report.by) or "group"
    for title, (head, body), numeric_from in (("Commitments", commitment_table(report.commitments), 4),
                                              ("Targets", target_table(report.targets), 3),
                                              ("In scope, out of scope, handed off", scope_table(report.scope), 2)):
        if body:
            parts.append(f"<h2>{_e(title)}</h2>" + _table((head[0], by, *head[2:]), body, numeric_from))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{_e(report.policy)}: compliance report</title><style>{_STYLE}</style></head><body>\n"
            + "\n".join(parts) + "\n</body></html>\n")


def _table(head: tuple[str, ...], body: list[tuple[str, ...]], numeric_from: int) -> str:
    rows = []
    for row in body:
        cells = []
        for i, cell in enumerate(row):
            cls = ' class="n"' if i >= numeric_from and cell[:1].isdigit() else ""
            cls = ' class="missed"' if cell.startswith("MISSED") else cls
            cells.append(f"<td{cls}>{_e(cell)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return ("<table><thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def _value(row: CommitmentRow) -> float | None:
    """The figure drawn: a share in percent, or a percentile in hours."""
    if row.share is not None:
        return 100 * row.share
    return None if row.percentile_seconds is None else row.percentile_seconds / 3600


def commitment_chart(rows: list[CommitmentRow]) -> str:
    """The figure of each group per period (a line each) and the commitment's line (dashed)."""
    periods = sorted({r.period for r in rows})
    groups = sorted({r.group for r in rows})
    percentile = rows[0].share is None and rows[0].measure.startswith("p")
    line = rows[0].threshold / 3600 if percentile else 100 * rows[0].threshold
    values = [v for v in (_value(r) for r in rows) if v is not None]
    top = max([line, *values]) * 1.15 or 1.0
    unit = "h" if percentile else "%"

    def x(i: int) -> float:
        inner = WIDTH - LEFT - RIGHT
        return LEFT + (inner / 2 if len(periods) == 1 else inner * i / (len(periods) - 1))

    def y(v: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - v / top)

    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" role="img" '
           f'aria-label="{_e(rows[0].commitment)} per period">',
           f'<line x1="{LEFT}" y1="{y(0):.1f}" x2="{WIDTH - RIGHT}" y2="{y(0):.1f}" stroke="#999"/>',
           f'<line x1="{LEFT}" y1="{y(line):.1f}" x2="{WIDTH - RIGHT}" y2="{y(line):.1f}" stroke="{MISSED}" '
           f'stroke-dasharray="6 4"><title>{_e(rows[0].measure)}</title></line>',
           f'<text class="axis" x="{LEFT - 6}" y="{y(line) + 4:.1f}" text-anchor="end">{line:.4g}{unit}</text>',
           f'<text class="axis" x="{LEFT - 6}" y="{y(0) + 4:.1f}" text-anchor="end">0{unit}</text>',
           f'<text class="axis" x="{LEFT - 6}" y="{y(top) + 10:.1f}" text-anchor="end">{top:.3g}{unit}</text>']
    svg += [f'<text class="axis" x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{_e(p)}</text>'
            for i, p in enumerate(periods)]
    legend = []
    for g, group in enumerate(groups):
        colour = COLOURS[g % len(COLOURS)]
        points = [(periods.index(r.period), r) for r in rows if r.group == group and _value(r) is not None]
        if len(points) > 1:
            path = " ".join(f"{x(i):.1f},{y(_value(r) or 0):.1f}" for i, r in points)
            svg.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for i, r in points:
            fill = MISSED if r.verdict == "missed" else colour
            label = f"{r.period} {' / '.join(r.group)}: {_value(r) or 0:.1f}{unit} ({r.verdict})"
            svg.append(f'<circle cx="{x(i):.1f}" cy="{y(_value(r) or 0):.1f}" r="4" fill="{fill}">'
                       f'<title>{_e(label)}</title></circle>')
        legend.append(f'<span style="color:{colour}">&#9632; {_e(" / ".join(group))}</span>')
    svg.append("</svg>")
    return "".join(svg) + f'<p class="legend">{"".join(legend)}<span style="color:{MISSED}">- - the commitment; ' \
                          "red points: missed</span></p>"


def distribution_chart(d: Distribution) -> str:
    """A histogram of the counted times (targets that stopped), in equal bins of whole minutes."""
    highest = d.minutes[-1][0]
    width = max(1, -(-(highest + 1) // BUCKETS))
    bins = [0] * (highest // width + 1)
    for minute, count in d.minutes:
        bins[minute // width] += count
    most = max(bins)
    inner = WIDTH - LEFT - RIGHT
    bar = inner / len(bins)
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" role="img" '
           f'aria-label="counted time of {_e(d.target)}">']
    for i, count in enumerate(bins):
        h = (HEIGHT - TOP - BOTTOM) * count / most
        label = f"{i * width}-{(i + 1) * width - 1} min: {count}"
        svg.append(f'<rect x="{LEFT + i * bar + 1:.1f}" y="{HEIGHT - BOTTOM - h:.1f}" width="{max(bar - 2, 1):.1f}" '
                   f'height="{h:.1f}" fill="#1f77b4"><title>{_e(label)}</title></rect>')
    svg.append(f'<text class="axis" x="{LEFT}" y="{HEIGHT - BOTTOM + 16}">0 min</text>')
    svg.append(f'<text class="axis" x="{WIDTH - RIGHT}" y="{HEIGHT - BOTTOM + 16}" text-anchor="end">'
               f'{highest} min</text>')
    svg.append(f'<text class="axis" x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{most}</text>')
    svg.append("</svg>")
    return "".join(svg)
