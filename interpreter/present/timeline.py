"""A ticket's timeline: its given events interleaved with the milestones the policy
computes (clocks starting, pauses, warnings, due instants, breaches, stops,
escalation levels), in chronological order. Rows after the evaluation instant are
``projected``: they happen if nothing else does.

Times are shown in the zone of the calendars the ticket's targets count on (a calendar
chosen per ticket, resolved): when they share one zone, everything is in it; when they
differ, the axis and the events stay in the policy's zone and each target's rows are in
its own calendar's zone, written with their offsets."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

import attrs
from attrs import frozen

from plazo.dsl.visible import visible
from plazo.interpreter.compile.policy import CompiledPolicy
from plazo.interpreter.explain.facts import Explanation, explain
from plazo.interpreter.present.wording import STATUS, Language, lang
from plazo.interpreter.run.evaluate import evaluate
from plazo.interpreter.run.results import EvaluationResult, converter
from plazo.interpreter.run.ticket import Event, Ticket

# at one instant: what happened first (the event), then the round it closes, then the one it opens
_ORDER = {"event": 0, "handoff": 1, "violation": 1, "stop": 2, "start": 3, "resume": 4, "pause": 5, "warning": 6,
          "due": 7, "breach": 8, "level": 9, "notify": 10}

_TEXT: dict[Language, dict[str, str]] = {
    "es": {"start": "empieza a contar", "pause": "se pausa", "resume": "sigue contando", "stop": "se detuvo ({status})",
           "warning": "aviso: {percent} del plazo", "due": "vence", "breach": "incumplido",
           "due_breach": "vence: incumplido", "round": "ronda {n}", "level": "nivel {n}: {name}",
           "to_come": "por venir, si nada más ocurre", "zones": "cada objetivo en la zona de su calendario",
           "violation": "incumple {rule}: {event} antes de {missing}",
           "notify_open": "avisar a {audience} por {medium}",
           "notify_met": "aviso enviado", "notify_late": "aviso enviado tarde",
           "handoff": "trasladado a {team} (ruta {route}): fuera del soporte, los plazos dejan de correr"},
    "en": {"start": "clock starts", "pause": "paused", "resume": "clock resumes", "stop": "stopped ({status})",
           "warning": "warning: {percent} of the time", "due": "due", "breach": "breached",
           "due_breach": "due: breached", "round": "round {n}", "level": "level {n}: {name}",
           "to_come": "to come, if nothing else happens", "zones": "each target in its calendar's zone",
           "violation": "breaks {rule}: {event} before {missing}", "notify_open": "tell {audience} by {medium}",
           "notify_met": "told", "notify_late": "told late",
           "handoff": "handed off to {team} (route {route}): outside support, the targets stop"},
}


@frozen
class Row:
    at: datetime
    kind: str  # event | handoff | violation | start | pause | resume | stop | warning | due | breach | level | notify
    subject: str | None  # the target or escalation; None for a given event
    text: str
    projected: bool = False


@frozen
class Timeline:
    ticket: str
    policy: str
    label: str | None
    language: str
    timezone: str
    until: datetime
    rows: tuple[Row, ...]
    explanation: Explanation
    result: EvaluationResult
    # target -> the zone of its calendar, when the targets' zones differ (else empty:
    # everything is in ``timezone``)
    lane_zones: tuple[tuple[str, str], ...] = ()

    @property
    def tz(self) -> ZoneInfo:
        """The zone of the axis and of the rows not about one target."""
        return ZoneInfo(self.timezone)

    @property
    def mixed(self) -> bool:
        """The targets count in different zones: each target's instants carry their offset."""
        return bool(self.lane_zones)

    def zone_of(self, subject: str | None) -> ZoneInfo:
        """The zone a row about ``subject`` (a target, a ladder, None) is shown in."""
        return ZoneInfo(dict(self.lane_zones).get(subject or "", self.timezone))

    def when(self, t: datetime, subject: str | None = None) -> str:
        """``t`` as a row shows it: in its subject's zone, with the offset when the zones
        of the targets differ (or the wall time happens twice)."""
        tz = self.zone_of(subject)
        return offset_text(t, tz) if self.mixed else local_text(t, tz)

    def to_dict(self) -> dict[str, object]:
        zones = {"target_timezones": dict(self.lane_zones)} if self.mixed else {}
        return {"ticket": self.ticket, "policy": self.policy, "timezone": self.timezone, **zones,
                "until": self.until.isoformat(), "rows": [converter.unstructure(r) for r in self.rows]}


def counted_zones(policy: CompiledPolicy, result: EvaluationResult) -> dict[str, str]:
    """target -> the zone of the calendar that counted it (``TargetResult.calendar``,
    resolved per ticket), for the targets that apply and count on a calendar."""
    out = {}
    for t in result.targets:
        cal = policy.calendars.get(t.calendar) if t.calendar is not None else None
        if cal is not None and t.status != "not_applicable":
            out[t.name] = getattr(cal.tz, "key", policy.timezone)
    return out


def ambiguous(local: datetime) -> bool:
    """The wall time of ``local`` happens twice in its zone (the clocks go back over it)."""
    return local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset()


def local_text(t: datetime, tz: tzinfo) -> str:
    """``2026-03-06 17:30`` in ``tz``, with the offset when the wall time happens twice
    (``2026-04-04 23:30-04:00``)."""
    local = t.astimezone(tz)
    text = local.strftime("%Y-%m-%d %H:%M")
    if ambiguous(local):
        offset = local.strftime("%z")
        text += f"{offset[:3]}:{offset[3:]}"
    return text


def offset_text(t: datetime, tz: tzinfo) -> str:
    """``2026-03-10 17:00-05:00``: in ``tz``, always with the offset."""
    local = t.astimezone(tz)
    offset = local.strftime("%z")
    return local.strftime("%Y-%m-%d %H:%M") + f"{offset[:3]}:{offset[3:]}"


def event_text(e: Event) -> str:
    if e.type == "status":
        return f"status {e.status}"
    if e.type == "set":
        value = e.value.isoformat() if isinstance(e.value, datetime) else e.value
        return f"set {e.field} = {value}"
    return e.type


def timeline(policy: CompiledPolicy, ticket: Ticket, until: datetime) -> Timeline:
    """The timeline of ``ticket`` under ``policy`` as of ``until``."""
    language = lang(policy.language)
    w = _TEXT[language]
    result = evaluate(policy, ticket, until)
    expl = explain(policy, ticket, until)
    zones = counted_zones(policy, result)
    shown = next(iter(set(zones.values()))) if len(set(zones.values())) == 1 else policy.timezone
    lane_zones = tuple(sorted(zones.items())) if len(set(zones.values())) > 1 else ()
    rows: list[Row] = [Row(e.at, "event", None, event_text(e)) for e in ticket.events if e.at <= until]
    for t, r in zip(expl.targets, result.targets, strict=True):
        several = len(t.cycles) > 1
        for n, c in enumerate(t.cycles, 1):
            prefix = w["round"].format(n=n) + ": " if several else ""
            rows.append(Row(c.started, "start", t.name, prefix + w["start"]))
            for p in c.pauses:
                rows.append(Row(p.start, "pause", t.name, prefix + w["pause"]))
                if p.end is not None:
                    rows.append(Row(p.end, "resume", t.name, prefix + w["resume"]))
            if c.stopped is not None:
                # the last round of a target that stopped applying (handed off, cancelled) says so
                last = n == len(t.cycles) and r.status == "not_applicable"
                status = STATUS[language].get(r.status if last else c.status, c.status)
                rows.append(Row(c.stopped, "stop", t.name, prefix + w["stop"].format(status=status)))
            if c.breached_at is not None and c.breached_at == c.due:
                rows.append(Row(c.due, "breach", t.name, prefix + w["due_breach"]))
                continue
            if c.due is not None and c.status != "met":
                rows.append(Row(c.due, "due", t.name, prefix + w["due"]))
            if c.breached_at is not None:
                rows.append(Row(c.breached_at, "breach", t.name, prefix + w["breach"]))
        if r.warn_at is not None and r.status in ("running", "paused", "breached"):
            percent = "?"
            target = next(x for x in policy.targets if x.name == r.name)
            if target.warn is not None:
                percent = f"{round(target.warn * 100)} %"
            rows.append(Row(r.warn_at, "warning", t.name, w["warning"].format(percent=percent)))
    for e in result.escalations:
        for lv in e.levels:
            name = lv.name or ""
            if lv.contacts:
                name += f" ({', '.join(lv.contacts)})"
            if lv.at is None:
                # an ordered list without times: its first level applies from the ladder's start
                if e.started is not None and lv.number == e.current_level:
                    rows.append(Row(e.started, "level", e.name,
                                    w["level"].format(n=format(lv.number, "g"), name=name.strip())))
                continue
            if e.stopped is not None and lv.at > e.stopped:
                continue  # resolved before this level was reached
            rows.append(Row(lv.at, "level", e.name, w["level"].format(n=format(lv.number, "g"), name=name.strip())))
    rows += _workflow_rows(result, w) + _notify_rows(result, w)
    if result.handed_off is not None:  # from here on the ticket is outside support
        h = result.handed_off
        rows.append(Row(h.at, "handoff", None, w["handoff"].format(team=h.team, route=h.route)))
    tl = Timeline(ticket.id, policy.name, policy.label, language, shown, until.astimezone(ZoneInfo(shown)), (),
                  expl, result, lane_zones)
    rows = [Row(r.at.astimezone(tl.zone_of(r.subject)), r.kind, r.subject, r.text, r.at > until) for r in rows]
    rows.sort(key=lambda r: (r.at.astimezone(UTC), _ORDER[r.kind]))  # by instant: a zone's repeated hour too
    return attrs.evolve(tl, rows=tuple(rows))


def _workflow_rows(result: EvaluationResult, w: dict[str, str]) -> list[Row]:
    """A mark at each event that broke a flow or an order rule."""
    return [Row(v.at, "violation", v.rule, w["violation"].format(rule=v.label or v.rule, event=v.event,
                                                               missing=", ".join(v.missing)))
            for v in result.workflow]


def _notify_rows(result: EvaluationResult, w: dict[str, str]) -> list[Row]:
    """A notification duty: when it opens, when it is met, and its due instant unless met in time."""
    rows = []
    for n in result.notifications:
        if n.opened is None or n.due is None:
            continue
        rows.append(Row(n.opened, "notify", n.name, w["notify_open"].format(audience=n.audience, medium=n.medium)))
        if n.met_at is not None:
            rows.append(Row(n.met_at, "notify", n.name, w["notify_late" if n.status == "breached" else "notify_met"]))
        if n.status == "breached":
            rows.append(Row(n.due, "notify", n.name, w["due_breach"]))
        elif n.status == "pending":
            rows.append(Row(n.due, "notify", n.name, w["due"]))
    return rows


def render_table(tl: Timeline) -> str:
    """The timeline as an aligned table (projected rows marked with '*'); values from the
    scenario and the policy are :func:`visible`."""
    words = _TEXT[lang(tl.language)]
    zones = f"{tl.timezone}; {words['zones']}" if tl.mixed else tl.timezone
    heading = visible(f"{tl.ticket} — {tl.label or tl.policy} — {tl.when(tl.until)} ({zones})")
    width = max([len(r.subject or "") for r in tl.rows] + [5])
    lines = [heading, ""]
    if tl.mixed:
        lines += [visible(f"  {subject}: {zone}") for subject, zone in tl.lane_zones] + [""]
    column = 22 if tl.mixed else 16
    for r in tl.rows:
        mark = "*" if r.projected else " "
        lines.append(f"{tl.when(r.at, r.subject):<{column}}{mark} {(r.subject or '·'):<{width}}  {visible(r.text)}")
    if any(r.projected for r in tl.rows):
        lines += ["", "* " + words["to_come"]]
    return "\n".join(lines) + "\n"

