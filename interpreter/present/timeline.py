"""A ticket's timeline: its given events interleaved with the milestones the policy
computes (clocks starting, pauses, warnings, due instants, breaches, stops,
escalation levels), in chronological order. Rows after the evaluation instant are
``projected``: they happen if nothing else does."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from attrs import frozen

from plazo.dsl.visible import visible
from plazo.interpreter.compile.policy import CompiledPolicy
from plazo.interpreter.explain.facts import Explanation, explain
from plazo.interpreter.present.wording import STATUS, Language, lang
from plazo.interpreter.run.evaluate import evaluate
from plazo.interpreter.run.results import EvaluationResult, converter
from plazo.interpreter.run.ticket import Event, Ticket

# at one instant: what happened first (the event), then the round it closes, then the one it opens
_ORDER = {"event": 0, "stop": 1, "start": 2, "resume": 3, "pause": 4, "warning": 5, "due": 6, "breach": 7,
          "level": 8}

_TEXT: dict[Language, dict[str, str]] = {
    "es": {"start": "empieza a contar", "pause": "se pausa", "resume": "sigue contando", "stop": "se detuvo ({status})",
           "warning": "aviso: {percent} del plazo", "due": "vence", "breach": "incumplido",
           "due_breach": "vence: incumplido", "round": "ronda {n}", "level": "nivel {n}: {name}",
           "to_come": "por venir, si nada más ocurre"},
    "en": {"start": "clock starts", "pause": "paused", "resume": "clock resumes", "stop": "stopped ({status})",
           "warning": "warning: {percent} of the time", "due": "due", "breach": "breached",
           "due_breach": "due: breached", "round": "round {n}", "level": "level {n}: {name}",
           "to_come": "to come, if nothing else happens"},
}


@frozen
class Row:
    at: datetime
    kind: str  # event | start | pause | resume | stop | warning | due | breach | level
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

    def to_dict(self) -> dict[str, object]:
        return {"ticket": self.ticket, "policy": self.policy, "timezone": self.timezone,
                "until": self.until.isoformat(), "rows": [converter.unstructure(r) for r in self.rows]}


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
    rows: list[Row] = [Row(e.at.astimezone(policy.tz), "event", None, event_text(e)) for e in ticket.events
                       if e.at <= until]
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
                status = STATUS[language].get(c.status, c.status)
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
    until_local = until.astimezone(policy.tz)
    rows = [Row(r.at.astimezone(policy.tz), r.kind, r.subject, r.text, r.at > until) for r in rows]
    rows.sort(key=lambda r: (r.at, _ORDER[r.kind]))
    return Timeline(ticket.id, policy.name, policy.label, language, policy.timezone, until_local, tuple(rows),
                    expl, result)


def render_table(tl: Timeline) -> str:
    """The timeline as an aligned table (projected rows marked with '*'); values from the
    scenario and the policy are :func:`visible`."""
    heading = visible(f"{tl.ticket} — {tl.label or tl.policy} — {tl.until.strftime('%Y-%m-%d %H:%M')} "
                      f"({tl.timezone})")
    width = max([len(r.subject or "") for r in tl.rows] + [5])
    lines = [heading, ""]
    for r in tl.rows:
        mark = "*" if r.projected else " "
        when = local_text(r.at, r.at.tzinfo or tl.until.tzinfo or UTC)
        lines.append(f"{when:<16}{mark} {(r.subject or '·'):<{width}}  {visible(r.text)}")
    if any(r.projected for r in tl.rows):
        lines += ["", "* " + _TEXT[lang(tl.language)]["to_come"]]
    return "\n".join(lines) + "\n"

