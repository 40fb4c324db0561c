"""An :class:`~plazo.interpreter.explain.Explanation` in sentences a service manager reads,
in the policy's language (Spanish or English)."""

from __future__ import annotations

from datetime import datetime

from plazo.dsl.visible import visible
from plazo.interpreter.explain.facts import CycleExplanation, Explanation, Stretch, TargetExplanation
from plazo.interpreter.explain.labels import BOOLEAN_LABELS, LabelledValue
from plazo.interpreter.present.wording import STATUS, day_text, duration_text, instant_text, lang, short_day

SHOWN_STRETCHES = 14  # longer lists keep their first and last lines and say how many are left out

_WORDS = {
    "es": {
        "title": "Ticket {ticket} según {policy}, al {at} ({tz})",
        "fields": "Valores", "rule": "Regla", "no_rule": "Ninguna regla se aplica a este ticket.",
        "why_not": "No aplica: {reason}.",
        "clock": "Se cuenta en tiempo corrido (24x7).",
        "on_calendar": "Se cuenta en el horario «{calendar}».",
        "zone": "Horas en {zone}.",
        "allowed": "Plazo: {duration}.",
        "days_allowed": "Plazo: {duration} de horario hábil (los días hábiles, medidos en horas abiertas).",
        "agreed": "La fecha de vencimiento es la acordada con el cliente (un campo del ticket).",
        "end_of_day": "Vence al cierre del día hábil en el horario «{calendar}».",
        "next_day": "Vence el siguiente día hábil, a la hora fijada, en el horario «{calendar}».",
        "round": "Ronda {n}",
        "started": "El reloj empezó el {at}.",
        "stopped": "Se detuvo el {at}.",
        "counted": "Tiempo que cuenta:", "to_come": "por venir", "more": "… y {n} tramos más",
        "counted_total": "Contado hasta ahora: {counted} de {allowed}.",
        "skipped": "Días que no cuentan:", "holiday": "festivo: {name}", "closed": "sin horario",
        "closed_date": "cerrado",
        "empty": "Sin horario abierto del {start} al {end}: {names}.",
        "empty_more": "{names}, y {n} día(s) sin horario",
        "pauses": "Pausas:", "pause": "del {start} al {end}", "pause_open": "desde el {start} (sigue en pausa)",
        "due": "Vence el {at}.", "due_was": "Vencía el {at}.",
        "due_if": "Vencía el {at} (se cumplió antes).", "no_due": "Sin fecha de vencimiento.",
        "breached_at": "Se incumplió el {at}.",
        "from_change": "Un cambio del {at} eligió esta regla; su plazo se cuenta desde ese cambio "
                       "(field change: from change).",
        "from_start": "Un cambio del {at} eligió esta regla; el tiempo contado desde el inicio sigue contando "
                      "(field change: from start).",
        "violation": "Incumple {rule}: el evento {n} ({event}) del {at} llegó antes de {missing}.",
        "notify": "{name}: avisar a {audience} por {medium}, plazo {deadline} desde el {opened}.",
        "notify_na": "{name}: no aplica ({reason}).",
        "notify_met": "Se avisó el {at}.", "notify_late": "Se avisó el {at}, tarde.",
        "notify_pending": "Pendiente: vence el {at}.", "notify_breached": "Incumplido: venció el {at}.",
    },
    "en": {
        "title": "Ticket {ticket} under {policy}, at {at} ({tz})",
        "fields": "Values", "rule": "Rule", "no_rule": "No rule applies to this ticket.",
        "why_not": "Not applicable: {reason}.",
        "clock": "Counted in clock time (24x7).",
        "on_calendar": "Counted in the hours of «{calendar}».",
        "zone": "Times in {zone}.",
        "allowed": "Allowed: {duration}.",
        "days_allowed": "Allowed: {duration} of open hours (the business days, measured in open time).",
        "agreed": "The due date is the one agreed with the client (a ticket field).",
        "end_of_day": "Due at the close of the business day in the hours of «{calendar}».",
        "next_day": "Due on the next business day, at the set time, in the hours of «{calendar}».",
        "round": "Round {n}",
        "started": "The clock started on {at}.",
        "stopped": "It stopped on {at}.",
        "counted": "Time that counts:", "to_come": "to come", "more": "… and {n} more stretches",
        "counted_total": "Counted so far: {counted} of {allowed}.",
        "skipped": "Days that do not count:", "holiday": "holiday: {name}", "closed": "no hours",
        "closed_date": "closed",
        "empty": "No open time from {start} to {end}: {names}.",
        "empty_more": "{names}, and {n} day(s) without hours",
        "pauses": "Pauses:", "pause": "from {start} to {end}", "pause_open": "since {start} (still paused)",
        "due": "Due on {at}.", "due_was": "It was due on {at}.",
        "due_if": "It would have been due on {at} (met before).", "no_due": "No due date.",
        "breached_at": "Breached on {at}.",
        "from_change": "A change on {at} chose this rule; its time counts from that change "
                       "(field change: from change).",
        "from_start": "A change on {at} chose this rule; the time counted since the start carries over "
                      "(field change: from start).",
        "violation": "Breaks {rule}: event {n} ({event}) on {at} came before {missing}.",
        "notify": "{name}: tell {audience} by {medium}, within {deadline} from {opened}.",
        "notify_na": "{name}: not applicable ({reason}).",
        "notify_met": "Told on {at}.", "notify_late": "Told on {at}, late.",
        "notify_pending": "Pending: due on {at}.", "notify_breached": "Breached: it was due on {at}.",
    },
}


def render_explanation(e: Explanation, language: str | None = None) -> str:
    language = lang(language or e.language)
    w = _WORDS[language]
    # targets counted in another zone than the policy's (a Lima ticket under a Santiago
    # policy): every instant then carries its offset, and each such target names its zone
    mixed = any(t.timezone != e.timezone for t in e.targets)
    lines = [w["title"].format(ticket=e.ticket, policy=e.label or e.policy, at=instant_text(e.at, language),
                               tz=e.timezone)]
    if e.values:
        lines.append(f"{w['fields']}:")
        lines.extend(f"  {labelled_text(v, language)}" for v in e.values)
    elif e.fields:
        lines.append(f"{w['fields']}: " + ", ".join(f"{k} = {v}" for k, v in e.fields.items()))
    for t in e.targets:
        lines.append("")
        lines.extend(_target(t, language, w, mixed))
    lines.extend(_duties(e, language, w))
    return "\n".join(visible(line) for line in lines) + "\n"  # a value's control characters shown, not run


def _duties(e: Explanation, language: str, w: dict[str, str]) -> list[str]:
    """Workflow rules broken (at which event) and notification duties (from when, by when)."""
    lines = [""] if e.workflow else []
    lines += [w["violation"].format(rule=v.label or v.rule, n=v.event_index, event=v.event,
                                    at=instant_text(v.at, language), missing=", ".join(v.missing))
              for v in e.workflow]
    for n in e.notifications:
        lines.append("")
        if n.opened is None or n.due is None:
            lines.append(w["notify_na"].format(name=n.label or n.name, reason=n.reason))
            continue
        lines.append(w["notify"].format(name=n.label or n.name, audience=n.audience, medium=n.medium,
                                        deadline=n.deadline, opened=instant_text(n.opened, language)))
        if n.met_at is not None:
            lines.append("  " + w["notify_late" if n.status == "breached" else "notify_met"].format(
                at=instant_text(n.met_at, language)))
        state = "notify_breached" if n.status == "breached" else "notify_pending" if n.status == "pending" else None
        if state is not None:
            lines.append("  " + w[state].format(at=instant_text(n.due, language)))
    return lines


def labelled_text(v: LabelledValue, language: str) -> str:
    """``Prioridad: Incidente Alto (alto)``, ``Contrato vigente: sí``, ``Monto: 1200``."""
    if isinstance(v.value, bool):
        shown = BOOLEAN_LABELS[lang(language)][v.value]
    elif v.value_label is not None and v.value_label != v.value:
        shown = f"{v.value_label} ({v.value})"
    else:
        shown = _plain(v.value)
    return f"{v.field_label or v.field}: {shown}"


def _plain(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _when(t: datetime, language: str, mixed: bool) -> str:
    """An instant as the explanation shows it: with its offset when the zones differ."""
    if not mixed:
        return instant_text(t, language)
    return f"{instant_text(t, language)} ({t.isoformat(timespec='minutes')[16:]})"


def _target(t: TargetExplanation, language: str, w: dict[str, str], mixed: bool) -> list[str]:
    head = f"{t.label} ({t.name})" if t.label else t.name
    out = [f"{head}: {STATUS[language][t.status]}"]
    if t.clause is None:
        out.append("  " + w["no_rule"])
        return out
    out.append(f"  {w['rule']}: {t.clause}")
    if t.reason and not t.cycles:
        out.append("  " + w["why_not"].format(reason=t.reason))
        return out
    if t.deadline in ("duration", "days"):
        out.append("  " + (w["on_calendar"].format(calendar=t.calendar) if t.calendar else w["clock"]))
    elif t.deadline in ("end_of_day", "next_day"):
        out.append("  " + w[t.deadline].format(calendar=t.calendar))
    elif t.deadline == "agreed":
        out.append("  " + w["agreed"])
    if mixed and t.cycles:
        out.append("  " + w["zone"].format(zone=t.timezone))
    for n, c in enumerate(t.cycles, 1):
        if len(t.cycles) > 1:
            out.append(f"  {w['round'].format(n=n)}: {STATUS[language][c.status]}")
            out.extend("  " + line for line in _cycle(c, t, language, w, mixed))
        else:
            out.extend(_cycle(c, t, language, w, mixed))
    if t.reason and t.cycles:
        out.append("  " + w["why_not"].format(reason=t.reason))
    return out


def _cycle(c: CycleExplanation, t: TargetExplanation, language: str, w: dict[str, str], mixed: bool) -> list[str]:
    def when(at: datetime) -> str:
        return _when(at, language, mixed)

    out = []
    if c.allowed_seconds is not None:
        key = "days_allowed" if t.deadline == "days" else "allowed"
        out.append(w[key].format(duration=duration_text(c.allowed_seconds, language)))
    out.append(w["started"].format(at=when(c.started)))
    if c.changed_at is not None:
        out.append(w["from_change" if c.counted_from is not None else "from_start"].format(at=when(c.changed_at)))
    if c.counted:
        out.append(w["counted"])
        out.extend("  " + line for line in _stretches(c.counted, language, w))
    if c.counted_seconds is not None and c.allowed_seconds is not None and c.stopped is None:
        out.append(w["counted_total"].format(counted=duration_text(c.counted_seconds, language),
                                             allowed=duration_text(c.allowed_seconds, language)))
    for gap in c.empty:  # why the due instant falls after a closed stretch (stretches.py)
        names = ", ".join(closure.name for closure in gap.closures)
        if gap.days_without_hours:
            names = w["empty_more"].format(names=names, n=len(gap.days_without_hours))
        out.append(w["empty"].format(start=when(gap.start), end=when(gap.end), names=names))
    if c.skipped:
        out.append(w["skipped"])
        for d in c.skipped:
            why = w["holiday"].format(name=d.name) if d.kind == "holiday" and d.name else w["closed"]
            out.append(f"  {day_text(d.day, language)} ({why})")
    if c.pauses:
        out.append(w["pauses"])
        for p in c.pauses:
            if p.end is None:
                out.append("  " + w["pause_open"].format(start=when(p.start)))
            else:
                out.append("  " + w["pause"].format(start=when(p.start), end=when(p.end)))
    if c.stopped is not None:
        out.append(w["stopped"].format(at=when(c.stopped)))
    if c.due is None:
        out.append(w["no_due"])
    elif c.status == "met":
        out.append(w["due_if"].format(at=when(c.due)))
    elif c.status == "breached":
        out.append(w["due_was"].format(at=when(c.due)))
    else:
        out.append(w["due"].format(at=when(c.due)))
    if c.breached_at is not None and c.breached_at != c.due:
        out.append(w["breached_at"].format(at=when(c.breached_at)))
    return ["  " + line for line in out]


def _stretches(stretches: tuple[Stretch, ...], language: str, w: dict[str, str]) -> list[str]:
    rows = []
    for s in stretches:
        end = s.end.strftime("%H:%M") if s.end.date() == s.start.date() else \
            f"{short_day(s.end.date(), language)} {s.end.strftime('%H:%M')}"
        text = f"{short_day(s.start.date(), language)} {s.start.strftime('%H:%M')}–{end}"
        to_come = f"  ({w['to_come']})" if s.projected else ""
        rows.append(f"{text:<32} {duration_text(s.seconds, language):>12}{to_come}")
    if len(rows) <= SHOWN_STRETCHES:
        return rows
    head, tail = rows[: SHOWN_STRETCHES - 3], rows[-3:]
    return [*head, w["more"].format(n=len(rows) - len(head) - len(tail)), *tail]

