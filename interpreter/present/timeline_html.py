"""A timeline as a self-contained HTML page with an SVG drawing: one lane per target
(the calendar's open hours shaded, the counted time as bars, pauses, due instants
and breaches), one per escalation (its levels), and the given events on top. Every
text from the policy or the scenario is escaped."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape

from plazo.interpreter.compile.policy import CompiledPolicy
from plazo.interpreter.present.timeline import Timeline
from plazo.interpreter.present.wording import STATUS, lang, short_day

WIDTH, LEFT, LANE, TOP = 1100, 190, 46, 70


def render_html(tl: Timeline, policy: CompiledPolicy) -> str:
    t0 = min(r.at for r in tl.rows) if tl.rows else tl.until
    t1 = max([r.at for r in tl.rows] + [tl.until])
    span = max((t1 - t0).total_seconds(), 3600.0)
    t0 -= timedelta(seconds=span * 0.02)
    t1 += timedelta(seconds=span * 0.04)
    total = (t1 - t0).total_seconds()

    def x(t: datetime) -> float:
        return LEFT + (WIDTH - LEFT - 10) * max(0.0, min(1.0, (t - t0).total_seconds() / total))

    parts: list[str] = []
    paused = STATUS[lang(tl.language)]["paused"]
    lanes = [t for t in tl.explanation.targets if t.cycles]
    height = TOP + LANE * (len(lanes) + len(tl.result.escalations)) + 50
    # day grid
    day = t0.replace(hour=0, minute=0, second=0, microsecond=0)
    while day <= t1:
        if day >= t0:
            parts.append(f'<line x1="{x(day):.1f}" y1="{TOP - 20}" x2="{x(day):.1f}" y2="{height - 30}" '
                         'class="grid"/>')
            parts.append(f'<text x="{x(day) + 3:.1f}" y="{height - 16}" class="small">'
                         f'{escape(short_day(day.date(), tl.language))}</text>')
        day = (day + timedelta(days=1, hours=2)).replace(hour=0)
    # the given events
    for r in tl.rows:
        if r.kind == "event":
            parts.append(f'<line x1="{x(r.at):.1f}" y1="{TOP - 28}" x2="{x(r.at):.1f}" y2="{TOP - 8}" '
                         'class="event"/>')
            parts.append(f'<text x="{x(r.at) + 2:.1f}" y="{TOP - 30}" class="small" '
                         f'transform="rotate(-20 {x(r.at):.1f} {TOP - 30})">'
                         f'<title>{escape(r.at.strftime("%Y-%m-%d %H:%M"))}</title>{escape(r.text)}</text>')
    y = TOP
    for t in lanes:
        label = t.label or t.name
        parts.append(f'<text x="8" y="{y + 24}" class="lane"><title>{escape(t.name)}</title>{escape(label)}</text>')
        cal = policy.calendars.get(t.calendar) if t.calendar else None
        if cal is not None:
            for iv in cal.open_intervals(t0, t1):
                width = max(x(iv.end) - x(iv.start), 0.5)
                parts.append(f'<rect x="{x(iv.start):.1f}" y="{y + 6}" width="{width:.1f}" height="{LANE - 12}" '
                             'class="open"/>')
        for c in t.cycles:
            for s in c.counted:
                cls = "counted projected" if s.projected else "counted"
                parts.append(f'<rect x="{x(s.start):.1f}" y="{y + 14}" width="{max(x(s.end) - x(s.start), 0.8):.1f}" '
                             f'height="{LANE - 28}" class="{cls}"/>')
            for p in c.pauses:
                end = p.end or tl.until
                parts.append(f'<rect x="{x(p.start):.1f}" y="{y + 14}" width="{max(x(end) - x(p.start), 0.8):.1f}" '
                             f'height="{LANE - 28}" class="pause"><title>{escape(paused)}</title></rect>')
            if c.due is not None:
                cls = "breach" if c.status == "breached" else "due"
                parts.append(f'<line x1="{x(c.due):.1f}" y1="{y + 4}" x2="{x(c.due):.1f}" y2="{y + LANE - 4}" '
                             f'class="{cls}"><title>{escape(c.due.strftime("%Y-%m-%d %H:%M"))}</title></line>')
        y += LANE
    for e in tl.result.escalations:
        parts.append(f'<text x="8" y="{y + 24}" class="lane">{escape(e.label or e.name)}</text>')
        for lv in e.levels:
            if lv.at is None or (e.stopped is not None and lv.at > e.stopped):
                continue
            parts.append(f'<circle cx="{x(lv.at):.1f}" cy="{y + LANE / 2}" r="6" class="level"><title>'
                         f'{escape(str(lv.name or ""))} {escape(", ".join(lv.contacts))}</title></circle>')
            parts.append(f'<text x="{x(lv.at) - 3:.1f}" y="{y + LANE / 2 + 4}" class="levelnum">'
                         f'{escape(format(lv.number, "g"))}</text>')
        y += LANE
    parts.append(f'<line x1="{x(tl.until):.1f}" y1="{TOP - 10}" x2="{x(tl.until):.1f}" y2="{height - 30}" '
                 'class="now"/>')
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}" role="img">' + "".join(parts) + "</svg>")
    rows = "".join(
        f'<tr class="{"projected" if r.projected else ""}"><td>{escape(r.at.strftime("%Y-%m-%d %H:%M"))}</td>'
        f'<td>{escape(r.subject or "")}</td><td>{escape(r.text)}</td></tr>' for r in tl.rows)
    title = f"{tl.ticket} — {tl.label or tl.policy}"
    return f"""<!DOCTYPE html>
<html lang="{escape(tl.language)}"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>
body {{ font: 14px system-ui, sans-serif; margin: 24px; color: #222; }}
.grid {{ stroke: #ddd; }} .small {{ font-size: 11px; fill: #555; }} .lane {{ font-size: 13px; fill: #222; }}
.open {{ fill: #e3f2e1; }} .counted {{ fill: #3b7dd8; }} .projected {{ opacity: .45; }}
.pause {{ fill: #bbb; }} .due {{ stroke: #e08a00; stroke-width: 2; }} .breach {{ stroke: #c62828; stroke-width: 3; }}
.event {{ stroke: #333; }} .now {{ stroke: #333; stroke-dasharray: 4 3; }}
.level {{ fill: #8e44ad; }} .levelnum {{ font-size: 10px; fill: #fff; }}
table {{ border-collapse: collapse; margin-top: 16px; }} td {{ padding: 2px 10px; border-bottom: 1px solid #eee; }}
tr.projected td {{ color: #888; font-style: italic; }}
</style></head><body>
<h1>{escape(title)}</h1>
<p>{escape(tl.until.strftime("%Y-%m-%d %H:%M"))} ({escape(tl.timezone)})</p>
{svg}
<table>{rows}</table>
</body></html>
"""
