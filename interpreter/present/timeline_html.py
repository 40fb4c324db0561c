"""A timeline as one self-contained HTML page (no script, no network): an SVG drawing
and, below it, a table of the same rows that a keyboard and a screen reader can use.

The drawing, in the policy's language, in the zone of the calendars the ticket's targets
count on (the policy's when they differ, each lane's instants then with offsets):

- a time axis in local time with day and hour ticks; long stretches in which nothing
  happens are cut out (a broken axis, :mod:`.timeline_scale`), each cut marked;
- the given events on top, labelled;
- one lane per cycle of each target: the closed time of the target's calendar shaded
  (holidays in their own shade, named on hover), the counted time coloured by state
  (counting, met, paused), the overrun after the due instant in red, and labelled due,
  warning and breach markers;
- one lane per escalation ladder: its levels as labelled steps;
- the evaluation instant as a dashed line, and a legend.

Labels never overlap: each is placed on the first free row of its lane, and one that
finds none keeps its text on hover only. Every text from the policy or the scenario is
escaped. Markers carry ``data-kind``, ``data-target`` and ``data-at`` (ISO 8601), so a
test can find them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from html import escape

from attrs import frozen

from plazo.interpreter.compile.policy import CompiledPolicy
from plazo.interpreter.explain.facts import CycleExplanation, TargetExplanation
from plazo.interpreter.present.timeline import Row, Timeline, local_text
from plazo.interpreter.present.timeline_scale import Scale, build_scale
from plazo.interpreter.present.wording import STATUS, Language, lang, short_day
from plazo.interpreter.run.results import EscalationResult
from plazo.interpreter.time.calendar import BusinessCalendar

WIDTH, LEFT, RIGHT = 1200, 210, 20
AXIS_TOP, EVENT_ROWS, ROW = 30, 3, 15
LANE = 64
CHAR = 6.3  # px per character of an 11px label, to keep labels apart
HOUR_STEPS = (1, 2, 3, 6, 12, 24)
MIN_TICK_GAP = 44.0

_WORDS: dict[Language, dict[str, str]] = {
    "es": {"counting": "contando", "met": "cumplido", "paused": "en pausa", "overrun": "exceso tras el vencimiento",
           "closed": "calendario cerrado", "holiday": "festivo", "due": "vence", "warning": "aviso",
           "breach": "incumplido", "level": "nivel de escalamiento", "now": "instante evaluado",
           "cut": "tramo inactivo comprimido", "round": "ronda", "events": "eventos", "legend": "Leyenda",
           "table": "Eventos y consecuencias", "when": "Fecha y hora", "what": "Qué ocurre",
           "subject": "Objetivo o escalamiento", "projected": "por venir, si nada más ocurre",
           "axis": "Hora local", "dst": "cambio de hora", "clock": "reloj (24x7)",
           "zones": "cada objetivo en la zona de su calendario",
           "handoff": "fuera del soporte"},
    "en": {"counting": "counting", "met": "met", "paused": "paused", "overrun": "overrun after due",
           "closed": "calendar closed", "holiday": "holiday", "due": "due", "warning": "warning",
           "breach": "breached", "level": "escalation level", "now": "evaluated at",
           "cut": "idle stretch compressed", "round": "round", "events": "events", "legend": "Legend",
           "table": "Events and what they cause", "when": "Date and time", "what": "What happens",
           "subject": "Target or escalation", "projected": "to come, if nothing else happens",
           "axis": "Local time", "dst": "clocks change", "clock": "clock (24x7)",
           "zones": "each target in its calendar's zone",
           "handoff": "outside support"},
}


class _Rows:
    """Labels placed on a few rows so that none overlaps another: each goes on the first
    row where it is clear of every label already there (or on none)."""

    def __init__(self, count: int) -> None:
        self.rows: list[list[tuple[float, float]]] = [[] for _ in range(count)]

    def place(self, x: float, text: str) -> int | None:
        a, b = x - 3, x + len(text) * CHAR + 3
        for i, taken in enumerate(self.rows):
            if all(b <= s or a >= e for s, e in taken):
                taken.append((a, b))
                return i
        return None


@frozen
class _Marker:
    x: float
    kind: str  # due | warning | breach
    label: str
    at: datetime
    subject: str


def render_html(tl: Timeline, policy: CompiledPolicy) -> str:
    w = _WORDS[lang(tl.language)]
    lanes = [(t, n, c) for t in tl.explanation.targets for n, c in enumerate(t.cycles, 1)]
    calendars = _calendars(policy, [t for t, _, _ in lanes])
    t0 = min([r.at for r in tl.rows] + [tl.until])
    t1 = max([r.at for r in tl.rows] + [tl.until])
    margin = max((t1 - t0) / 30, timedelta(minutes=20))
    t0, t1 = t0 - margin, t1 + margin
    clock = any(t.calendar is None or t.calendar not in calendars for t, _, _ in lanes)
    scale = build_scale(t0, t1, [r.at for r in tl.rows] + [tl.until], list(calendars.values()), LEFT, WIDTH - RIGHT,
                        clock)
    events_top = AXIS_TOP + 2 * ROW + 10
    lanes_top = events_top + EVENT_ROWS * ROW + 10
    height = lanes_top + LANE * (len(lanes) + len(tl.result.escalations)) + 20
    parts = [_axis(scale, tl, w, policy, height), _events(scale, tl, events_top)]
    y = lanes_top
    for target, n, cycle in lanes:
        several = len(target.cycles) > 1
        parts.append(_cycle_lane(scale, tl, target, n if several else None, cycle, y, w, calendars, policy))
        y += LANE
    for ladder in tl.result.escalations:
        parts.append(_ladder_lane(scale, tl, ladder, y, policy))
        y += LANE
    parts.append(_hand_off(scale, tl, w, events_top, height))
    x_now = scale.x(tl.until)
    parts.append(f'<line x1="{x_now:.1f}" y1="{events_top - 4}" x2="{x_now:.1f}" y2="{height - 14}" class="now">'
                 f'<title>{escape(w["now"])}: {escape(tl.when(tl.until))}</title></line>')
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} '
           f'{height}" role="img" aria-labelledby="svg-title"><title id="svg-title">{escape(_title(tl))}</title>'
           + "".join(parts) + "</svg>")
    return _page(tl, w, svg, policy)


def _title(tl: Timeline) -> str:
    return f"{tl.ticket} — {tl.label or tl.policy}"


def _calendars(policy: CompiledPolicy, targets: Sequence[TargetExplanation]) -> dict[str, BusinessCalendar]:
    """The calendars the lanes count on, by name (a calendar the policy does not hold by
    that name, such as one chosen per ticket, is drawn as clock time)."""
    out = {}
    for t in targets:
        cal = policy.calendars.get(t.calendar) if t.calendar else None
        if cal is not None and t.calendar is not None:
            out[t.calendar] = cal
    return out


# ------------------------------------------------------------------ axis


def _axis(scale: Scale, tl: Timeline, w: dict[str, str], policy: CompiledPolicy, height: int) -> str:
    """Day ticks (``lun 2 mar``) and hour ticks (``10:00``) in local time, the cuts."""
    tz = tl.tz
    out = [f'<text x="8" y="{AXIS_TOP + 11}" class="axis-title">{escape(w["axis"])}</text>',
           f'<text x="8" y="{AXIS_TOP + 2 * ROW - 4}" class="axis-zone">{escape(tl.timezone)}</text>']
    normal = [p for p in scale.pieces if not p.compressed]
    per_hour = sum(p.x1 - p.x0 for p in normal) / max(sum((p.end - p.start).total_seconds() for p in normal), 1.0) \
        * 3600
    step = next((s for s in HOUR_STEPS if s * per_hour >= MIN_TICK_GAP), 24)
    hours, days = _Rows(1), _Rows(1)
    day_labels: dict[date, float] = {}  # each day named once: at its midnight, or where the axis starts
    t = _whole_hour(scale.start)
    while t <= scale.end:
        local = t.astimezone(tz)  # stepping in UTC: a wall time the clocks skip never shows
        if t >= scale.start:
            x = scale.x(t)
            if local.hour == 0 and local.minute == 0:
                day_labels[local.date()] = x
                out.append(f'<line x1="{x:.1f}" y1="{AXIS_TOP}" x2="{x:.1f}" y2="{height - 14}" class="day"/>')
            if local.hour % step == 0 and not scale.compressed_at(t):
                label = local.strftime("%H:%M")
                out.append(f'<line x1="{x:.1f}" y1="{AXIS_TOP + 2 * ROW - 2}" x2="{x:.1f}" y2="{height - 14}" '
                           'class="hour"/>')
                if hours.place(x - 14, label) is not None:
                    out.append(f'<text x="{x - 14:.1f}" y="{AXIS_TOP + 2 * ROW - 4}" class="tick hour-label">'
                               f'{escape(label)}</text>')
        before = (t - timedelta(hours=1)).astimezone(tz).utcoffset()
        if t > scale.start and before != local.utcoffset():  # the clocks change: say so on the axis
            change = f'{w["dst"]}: {_offset(before)} → {_offset(local.utcoffset())}'
            out.append(f'<g class="dst"><title>{escape(change)}</title><line x1="{x:.1f}" y1="{AXIS_TOP + 2 * ROW}" '
                       f'x2="{x:.1f}" y2="{height - 14}" class="dst-line"/></g>')
            if days.place(x + 3, change) is not None:
                out.append(f'<text x="{x + 3:.1f}" y="{AXIS_TOP + 11}" class="tick dst-label">'
                           f'{escape(change)}</text>')
        t += timedelta(hours=1)
    # a day is named at its midnight; a day whose midnight is compressed or before the axis
    # is named where the axis shows it again at the normal scale, and that name comes first
    first_seen: dict[date, float] = {}
    for p in scale.pieces:
        if not p.compressed:
            first_seen.setdefault(p.start.astimezone(tz).date(), p.x0)
    at_scale = {d: x for d, x in day_labels.items() if not scale.compressed_at(_at_x(scale, x))}
    ordered = sorted({**first_seen, **at_scale}.items(), key=lambda item: item[1]) + sorted(
        ((d, x) for d, x in day_labels.items() if d not in at_scale and d not in first_seen), key=lambda i: i[1])
    for day, x in ordered:
        label = short_day(day, tl.language)
        if days.place(x + 3, label) is not None:
            out.append(f'<text x="{x + 3:.1f}" y="{AXIS_TOP + 11}" class="tick day-label">{escape(label)}</text>')
    for p in scale.breaks:
        title = f'{w["cut"]}: {local_text(p.start, tz)} – {local_text(p.end, tz)}'
        for x in (p.x0, p.x1):
            out.append(f'<g class="cut"><title>{escape(title)}</title>'
                       f'<path d="{_zigzag(x, AXIS_TOP + 2 * ROW, height - 14)}" class="cut-mark"/></g>')
    return "".join(out)


def _offset(delta: timedelta | None) -> str:
    minutes = int((delta or timedelta()).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _at_x(scale: Scale, x: float) -> datetime:
    """The start of the piece drawn at ``x`` (to tell whether ``x`` is in a compressed one)."""
    return next((p.start for p in scale.pieces if p.x0 <= x < p.x1), scale.end)


def _whole_hour(t: datetime) -> datetime:
    return datetime.fromtimestamp(t.timestamp() // 3600 * 3600, UTC)


def _zigzag(x: float, top: float, bottom: float) -> str:
    points = [f"M{x:.1f},{top:.1f}"]
    y, side = top, -1
    while y < bottom:
        y = min(y + 8, bottom)
        points.append(f"L{x + 4 * side:.1f},{y:.1f}")
        side = -side
    return " ".join(points)


# ------------------------------------------------------------------ given events


def _hand_off(scale: Scale, tl: Timeline, w: dict[str, str], top: int, height: int) -> str:
    """From the hand-off on, the ticket is outside support: the rest of the chart is hatched
    and the mark says to whom it went (``data-kind="handoff"``)."""
    row = next((r for r in tl.rows if r.kind == "handoff"), None)
    if row is None:
        return ""
    x, right = scale.x(row.at), float(WIDTH - RIGHT)
    return (f'<g class="handoff" data-kind="handoff" data-at="{escape(row.at.isoformat())}"><title>'
            f'{escape(tl.when(row.at))} {escape(row.text)}</title>'
            f'<rect x="{x:.1f}" y="{top - 8}" width="{max(right - x, 0):.1f}" height="{height - top - 6}" '
            f'class="handoff-area"/><line x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{height - 14}" '
            f'class="handoff-line"/><text x="{x + 3:.1f}" y="{top - 10}" class="label">{escape(w["handoff"])}</text>'
            f'</g>')



def _events(scale: Scale, tl: Timeline, top: int) -> str:
    rows = _Rows(EVENT_ROWS)
    out = []
    for r in tl.rows:
        if r.kind == "violation":  # a mark on the event that broke a workflow rule
            x = scale.x(r.at)
            out.append(f'<g class="violation" data-kind="violation" data-rule="{escape(r.subject or "")}" '
                       f'data-at="{escape(r.at.isoformat())}"><title>{escape(tl.when(r.at))} {escape(r.text)}</title>'
                       f'<circle cx="{x:.1f}" cy="{top - 4}" r="4" class="violation-mark"/></g>')
        if r.kind != "event":
            continue
        x = scale.x(r.at)
        row = rows.place(x, r.text)
        when = tl.when(r.at)
        out.append(f'<g class="event" data-kind="event" data-at="{escape(r.at.isoformat())}"><title>'
                   f'{escape(when)} {escape(r.text)}</title>'
                   f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{top + EVENT_ROWS * ROW}" class="event-line"/>')
        if row is not None:
            out.append(f'<text x="{x + 3:.1f}" y="{top + row * ROW + 8}" class="label">{escape(r.text)}</text>')
        out.append("</g>")
    return "".join(out)


# ------------------------------------------------------------------ target lanes


def _cycle_lane(scale: Scale, tl: Timeline, target: TargetExplanation, n: int | None, c: CycleExplanation, y: int,
                w: dict[str, str], calendars: dict[str, BusinessCalendar], policy: CompiledPolicy) -> str:
    def when(t: datetime) -> str:
        return tl.when(t, target.name)

    name = target.label or target.name
    label = name if n is None else f"{name} · {w['round']} {n}"
    cal_name = target.calendar if target.calendar in calendars else None
    status = STATUS[lang(tl.language)].get(c.status, c.status)
    out = [f'<g class="lane target" data-target="{escape(target.name)}">',
           f'<rect x="{LEFT}" y="{y + 2}" width="{WIDTH - RIGHT - LEFT}" height="{LANE - 4}" class="lane-bg"/>',
           f'<text x="8" y="{y + LANE / 2}" class="lane-label"><title>{escape(target.name)}</title>'
           f'{escape(_cut(label, 30))}</text>',
           f'<text x="8" y="{y + LANE / 2 + 14}" class="lane-sub">{escape(status)} · '
           f'{escape(cal_name or w["clock"])}</text>']
    if tl.mixed and cal_name is not None:  # the lanes' zones differ: each names its own
        out.append(f'<text x="8" y="{y + LANE / 2 + 27}" class="lane-sub lane-zone">'
                   f'{escape(str(tl.zone_of(target.name)))}</text>')
    bar_y, bar_h = y + LANE - 26, 14
    if cal_name is not None:
        out.append(_closed(scale, calendars[cal_name], bar_y - 4, bar_h + 8, w))
    counted_cls = "met" if c.status == "met" else "counting"
    for s in c.counted:
        for a, b in scale.shown(s.start, s.end):
            cls = f"{counted_cls} projected" if s.projected else counted_cls
            out.append(_bar(scale, a, b, bar_y, bar_h, cls, f'{w[counted_cls]}: {when(a)} – {when(b)}'))
    for p in c.pauses:
        for a, b in scale.shown(p.start, p.end or tl.until):
            out.append(_bar(scale, a, b, bar_y, bar_h, "paused", f'{w["paused"]}: {when(a)}'))
    if c.due is not None and c.status == "breached":
        end = c.stopped or max(tl.until, c.due)
        for a, b in scale.shown(c.due, end):
            out.append(_bar(scale, a, b, bar_y, bar_h, "overrun", f'{w["overrun"]}: {when(a)} – {when(b)}'))
    markers = _markers(scale, tl, target, c, w)
    rows = _Rows(2)
    for m in sorted(markers, key=lambda m: m.x):
        row = rows.place(m.x + 3, m.label)
        out.append(f'<g class="marker {m.kind}" data-kind="{m.kind}" data-target="{escape(m.subject)}" '
                   f'data-at="{escape(m.at.isoformat())}"><title>{escape(m.label)}</title>'
                   f'<line x1="{m.x:.1f}" y1="{y + 4}" x2="{m.x:.1f}" y2="{bar_y + bar_h + 4}" class="marker-line"/>')
        if row is not None:
            out.append(f'<text x="{m.x + 3:.1f}" y="{y + 14 + row * 13}" class="label">{escape(m.label)}</text>')
        out.append("</g>")
    out.append("</g>")
    return "".join(out)


def _markers(scale: Scale, tl: Timeline, target: TargetExplanation, c: CycleExplanation, w: dict[str, str]
             ) -> list[_Marker]:
    """Due, breach and warning markers, labelled with the time of day in the lane's zone."""
    def hour(t: datetime) -> str:
        return tl.when(t, target.name)[11:]

    out = []
    if c.due is not None:
        out.append(_Marker(scale.x(c.due), "due", f'{w["due"]} {hour(c.due)}', c.due, target.name))
    if c.breached_at is not None:
        out.append(_Marker(scale.x(c.breached_at), "breach", f'{w["breach"]} {hour(c.breached_at)}', c.breached_at,
                           target.name))
    if c is target.cycles[-1]:
        for r in tl.rows:
            if r.kind == "warning" and r.subject == target.name:
                out.append(_Marker(scale.x(r.at), "warning", f'{w["warning"]} {hour(r.at)}', r.at, target.name))
    return out


def _bar(scale: Scale, a: datetime, b: datetime, y: float, h: float, cls: str, title: str) -> str:
    x0, x1 = scale.x(a), scale.x(b)
    return (f'<rect x="{x0:.1f}" y="{y:.1f}" width="{max(x1 - x0, 1.0):.1f}" height="{h:.1f}" class="{cls}">'
            f'<title>{escape(title)}</title></rect>')


def _closed(scale: Scale, cal: BusinessCalendar, y: float, h: float, w: dict[str, str]) -> str:
    """The calendar's closed time within the shown axis; holidays in their own shade,
    with their names on hover."""
    out = []
    for p in scale.pieces:
        cursor = p.start
        for iv in cal.open_intervals(p.start, p.end):
            if iv.start > cursor:
                out.append(_bar(scale, cursor, iv.start, y, h, "closed", w["closed"]))
            cursor = max(cursor, iv.end)
        if p.end > cursor:
            out.append(_bar(scale, cursor, p.end, y, h, "closed", w["closed"]))
    for closure in cal.closures(scale.start, scale.end):
        day = datetime.combine(closure.day, datetime.min.time(), cal.tz)
        for a, b in scale.shown(day, day + timedelta(days=1)):
            out.append(_bar(scale, a, b, y, h, "holiday", f'{w["holiday"]}: {closure.name}'))
    return "".join(out)


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# ------------------------------------------------------------------ escalation lanes


def _ladder_lane(scale: Scale, tl: Timeline, e: EscalationResult, y: int, policy: CompiledPolicy) -> str:
    out = [f'<g class="lane ladder" data-ladder="{escape(e.name)}">',
           f'<text x="8" y="{y + LANE / 2}" class="lane-label"><title>{escape(e.name)}</title>'
           f'{escape(_cut(e.label or e.name, 30))}</text>']
    steps: list[tuple[datetime, str, bool]] = []
    for lv in e.levels:
        at = lv.at
        if at is None:
            if e.started is not None and lv.number == e.current_level:
                at = e.started  # an ordered list without times: its first level from the start
            else:
                continue
        if e.stopped is not None and at > e.stopped:
            continue
        steps.append((at, f'{format(lv.number, "g")} · {lv.name or ""}'.strip(" ·"), at > tl.until))
    count = max(len(steps), 1)
    rows = _Rows(1)
    previous: tuple[float, float] | None = None
    for i, (at, label, projected) in enumerate(steps):
        x = scale.x(at)
        level_y = y + LANE - 8 - (LANE - 22) * (i + 1) / count
        if previous is not None:
            out.append(f'<path d="M{previous[0]:.1f},{previous[1]:.1f} H{x:.1f} V{level_y:.1f}" class="step'
                       f'{" projected" if projected else ""}"/>')
        cls = "level projected" if projected else "level"
        out.append(f'<g class="marker level" data-kind="level" data-target="{escape(e.name)}" '
                   f'data-at="{escape(at.isoformat())}"><title>{escape(label)} — '
                   f'{escape(tl.when(at, e.name))}</title><circle cx="{x:.1f}" cy="{level_y:.1f}" r="5" '
                   f'class="{cls}"/>')
        if rows.place(x + 7, label) is not None:
            out.append(f'<text x="{x + 7:.1f}" y="{level_y + 4:.1f}" class="label">{escape(_cut(label, 40))}</text>')
        out.append("</g>")
        previous = (x, level_y)
    out.append("</g>")
    return "".join(out)


# ------------------------------------------------------------------ page


def _zones_note(tl: Timeline, w: dict[str, str]) -> str:
    """When the targets count in different zones: which zone each one's lane is shown in."""
    if not tl.mixed:
        return ""
    return "; " + w["zones"] + ": " + ", ".join(f"{subject} {zone}" for subject, zone in tl.lane_zones)


def _legend(w: dict[str, str]) -> str:
    items = [("counting", "counting"), ("met", "met"), ("paused", "paused"), ("overrun", "overrun"),
             ("closed", "closed"), ("holiday", "holiday"), ("due", "line due"), ("warning", "line warning"),
             ("breach", "line breach"), ("level", "dot level"), ("now", "line now"), ("cut", "cut-sw")]
    lis = "".join(f'<li data-legend="{key}"><span class="sw {cls}"></span>{escape(w[key])}</li>'
                  for key, cls in items)
    return f'<h2>{escape(w["legend"])}</h2><ul class="legend">{lis}</ul>'


def _table(tl: Timeline, w: dict[str, str], policy: CompiledPolicy) -> str:
    def row(r: Row) -> str:
        text = r.text + (f' ({w["projected"]})' if r.projected else "")
        return (f'<tr class="{"projected" if r.projected else ""}"><td>{escape(tl.when(r.at, r.subject))}</td>'
                f'<td>{escape(r.subject or "")}</td><td>{escape(text)}</td></tr>')
    return (f'<div class="table" role="region" aria-labelledby="table-caption" tabindex="0"><table>'
            f'<caption id="table-caption">{escape(w["table"])}</caption><thead><tr>'
            f'<th scope="col">{escape(w["when"])}</th><th scope="col">{escape(w["subject"])}</th>'
            f'<th scope="col">{escape(w["what"])}</th></tr></thead><tbody>'
            + "".join(row(r) for r in tl.rows) + "</tbody></table></div>")


def _page(tl: Timeline, w: dict[str, str], svg: str, policy: CompiledPolicy) -> str:
    title = _title(tl)
    return f"""<!DOCTYPE html>
<html lang="{escape(lang(tl.language))}"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>
body {{ font: 14px system-ui, sans-serif; margin: 24px; color: #1d1d1d; }}
svg {{ display: block; max-width: 100%; height: auto; }}
.axis-title {{ font-size: 12px; fill: #444; font-weight: 600; }} .axis-zone {{ font-size: 11px; fill: #555; }}
.dst-line {{ stroke: #8a6d00; stroke-dasharray: 2 2; }} .dst-label {{ fill: #8a6d00; }}
.tick {{ font-size: 11px; fill: #444; }} .day {{ stroke: #9a9a9a; }} .hour {{ stroke: #e6e6e6; }}
.label {{ font-size: 11px; fill: #1d1d1d; }}
.lane-bg {{ fill: none; stroke: #eee; }} .lane-label {{ font-size: 13px; font-weight: 600; fill: #1d1d1d; }}
.lane-sub {{ font-size: 11px; fill: #555; }}
.closed {{ fill: #e9e9e9; }} .holiday {{ fill: #f3d9a4; }}
.counting {{ fill: #2f6fd0; }} .met {{ fill: #2e9a4f; }} .projected {{ opacity: .4; }}
.paused {{ fill: #9e9e9e; }} .overrun {{ fill: #d32f2f; }}
.event-line {{ stroke: #333; }} .violation-mark {{ fill: #b71c1c; stroke: #fff; }}
.handoff-area {{ fill: #5d4037; opacity: .08; }} .handoff-line {{ stroke: #5d4037; stroke-width: 2; }}
.marker.due .marker-line {{ stroke: #e08a00; stroke-width: 2; }}
.marker.warning .marker-line {{ stroke: #c9a400; stroke-width: 2; stroke-dasharray: 3 2; }}
.marker.breach .marker-line {{ stroke: #b71c1c; stroke-width: 3; }}
.level {{ fill: #7b3fa0; }} .step {{ fill: none; stroke: #7b3fa0; stroke-width: 2; }}
.step.projected {{ stroke-dasharray: 4 3; }}
.now {{ stroke: #111; stroke-dasharray: 5 3; }}
.cut-gap {{ fill: #fff; }} .cut-mark {{ fill: none; stroke: #777; }}
ul.legend {{ list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 18px; }}
ul.legend li {{ display: flex; align-items: center; gap: 6px; }}
.sw {{ display: inline-block; width: 22px; height: 12px; }}
.sw.counting {{ background: #2f6fd0; }} .sw.met {{ background: #2e9a4f; }} .sw.paused {{ background: #9e9e9e; }}
.sw.overrun {{ background: #d32f2f; }} .sw.closed {{ background: #e9e9e9; }} .sw.holiday {{ background: #f3d9a4; }}
.sw.line {{ height: 0; border-top: 3px solid; }} .sw.due {{ border-color: #e08a00; }}
.sw.warning {{ border-color: #c9a400; border-top-style: dashed; }} .sw.breach {{ border-color: #b71c1c; }}
.sw.now {{ border-color: #111; border-top-style: dashed; }}
.sw.dot {{ width: 10px; height: 10px; border-radius: 50%; background: #7b3fa0; }}
.sw.cut-sw {{ border-left: 2px dotted #777; border-right: 2px dotted #777; width: 12px; }}
div.table {{ overflow: auto; max-height: 40em; margin-top: 12px; }}
div.table:focus {{ outline: 2px solid #2f6fd0; }}
table {{ border-collapse: collapse; }} caption {{ text-align: left; font-weight: 600; padding: 4px 0; }}
th, td {{ padding: 3px 10px; border-bottom: 1px solid #e6e6e6; text-align: left; }}
tr.projected td {{ color: #666; font-style: italic; }}
</style></head><body>
<h1>{escape(title)}</h1>
<p>{escape(tl.when(tl.until))} ({escape(tl.timezone)}{escape(_zones_note(tl, w))})</p>
{svg}
{_legend(w)}
{_table(tl, w, policy)}
</body></html>
"""
