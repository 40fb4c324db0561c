"""Hover: what a name or a clause means, in the policy's language.

A field value: its label and description. A field: its label and values. A calendar:
its hours in words, its time zone and its next closures with the holidays' names (from
the compiled calendar). A flow, order, notification duty or commitment: its label and the
published document's sentence for it. A clause: its duration in words ("6 horas hábiles en Horario de
soporte: lunes a viernes 07:30-21:00, ...") and the deadline of a ticket created now.
Days, instants and quotes come from ``present.wording``; times from the language's names.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from plazo.dsl import ast
from plazo.dsl.format.formatter import calendar_expr
from plazo.dsl.names import interval_text
from plazo.interpreter.compile.deadlines import Counted, Fixed, compile_deadline
from plazo.interpreter.lsp.documents import Analysis
from plazo.interpreter.lsp.index import Occurrence
from plazo.interpreter.policy import Policy
from plazo.interpreter.present.document import Ruled, item_sentence
from plazo.interpreter.present.wording import Language, instant_text, lang, weekday_name
from plazo.interpreter.time.instants import from_us, to_us

CLOSURES_SHOWN = 3
CLOSURES_WITHIN = timedelta(days=366)
_WORDS = {
    "es": {"to": "a", "always": "siempre abierto", "holidays": "cerrado los festivos", "zone": "zona horaria",
           "closures": "próximos cierres", "created": "creado ahora", "due": "vencería el", "at": "a las",
           "on": "en", "values": "valores", "business": ("hábil", "hábiles"), "no_due": "sin plazo",
           "minutes": ("minuto", "minutos"), "hours": ("hora", "horas"), "days": ("día", "días"),
           "clock": "tiempo de reloj (24x7)", "closed": "cerrado el"},
    "en": {"to": "to", "always": "always open", "holidays": "closed on holidays", "zone": "time zone",
           "closures": "next closures", "created": "created now", "due": "it would be due on", "at": "at",
           "on": "on", "values": "values", "business": ("business", "business"), "no_due": "no deadline",
           "minutes": ("minute", "minutes"), "hours": ("hour", "hours"), "days": ("day", "days"),
           "clock": "clock time (24x7)", "closed": "closed on"},
}


def hover_text(analysis: Analysis, offset: int, now: datetime) -> str | None:
    tree = analysis.tree
    if tree is None:
        return None
    language = lang(tree.language.language if tree.language else None)
    name = analysis.names.at(offset)
    if name is not None:
        return _name(name, tree, analysis.policy, language, now)
    clause = _clause_at(tree, offset)
    if clause is not None:
        return clause_text(clause, tree, analysis.policy, language, now)
    return None


def _name(o: Occurrence, tree: ast.Policy, policy: Policy | None, language: str, now: datetime) -> str | None:
    kind, name = o.key
    if kind == "value":
        field, value = name.split(".", 1)
        return _value(tree, field, value)
    if kind == "field":
        return _field(tree, name, language)
    if kind == "calendar":
        return calendar_text(tree, name, policy, language, now)
    item = next((i for i in tree.items if getattr(i, "name", None) == name and _kind_of(i) == kind), None)
    label = getattr(item, "label", None)
    head = f"**{label}** (`{kind} {name}`)" if label else f"`{kind} {name}`"
    if isinstance(item, ast.ContactDecl) and item.settings:
        return head + "\n\n" + "\n".join(f"- {s.key}: {s.value}" for s in item.settings)
    if isinstance(item, Ruled):
        return head + "\n\n" + _summary(tree, item, lang(language))
    return head


def _summary(tree: ast.Policy, item: Ruled, language: Language) -> str:
    """The document's sentence, without the label the head already shows."""
    sentence = item_sentence(tree, item, language)
    return sentence.removeprefix(f"{item.label}: ") if item.label else sentence


def _kind_of(item: ast.Item) -> str:
    return type(item).__name__.removesuffix("Decl").lower()


def _value(tree: ast.Policy, field: str, value: str) -> str | None:
    decl = next((i for i in tree.items if isinstance(i, ast.FieldDecl) and i.name == field), None)
    if decl is None or not isinstance(decl.type, ast.EnumType):
        return f"`{field} = {value}`"
    found = next((v for v in decl.type.values if v.name == value), None)
    if found is None:
        return f"`{field} = {value}`"
    text = f"**{found.label or value}** (`{field} = {value}`)"
    if found.description:
        text += f"\n\n{found.description}"
    if found.examples:
        text += "\n\n" + "\n".join(f"- {e}" for e in found.examples)
    return text


def _field(tree: ast.Policy, name: str, language: str) -> str:
    decl = next((i for i in tree.items if isinstance(i, ast.FieldDecl) and i.name == name), None)
    if decl is None:
        return f"`field {name}`"
    head = f"**{decl.label or name}** (`field {name}`)"
    if isinstance(decl.type, ast.EnumType):
        listed = ", ".join(f"{v.name} ({v.label})" if v.label else v.name for v in decl.type.values)
        return f"{head}\n\n{_WORDS[language]['values']}: {listed}"
    return f"{head}: {decl.type.kind}"


def hours_text(decl: ast.CalendarDecl | ast.CalendarExprDecl, language: str) -> str:
    """A calendar's hours in words: ``lunes a viernes 07:30-21:00, sábado 08:00-12:30, 14:00-18:00``."""
    words = _WORDS[language]
    if isinstance(decl, ast.CalendarExprDecl):
        return calendar_expr(decl.expr)
    parts: list[str] = []
    for s in decl.statements:
        if isinstance(s, ast.WeeklyHours):
            days = ", ".join(_days(d, language) for d in s.days)
            parts.append(f"{days} {', '.join(interval_text(h.start, h.end) for h in s.hours)}")
        elif isinstance(s, ast.Always):
            parts.append(str(words["always"]))
        elif isinstance(s, ast.ClosedOnHolidays):
            parts.append(str(words["holidays"]))
        elif isinstance(s, ast.ClosedDate):
            parts.append(f"{words['closed']} {s.day.isoformat()}")
    return "; ".join(parts) if any(";" in p or "," in p for p in parts) else ", ".join(parts)


def _days(d: ast.DayRange, language: str) -> str:
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    first = weekday_name(names.index(d.first), language) if d.first in names else d.first
    if d.last is None:
        return first
    last = weekday_name(names.index(d.last), language) if d.last in names else d.last
    return f"{first} {_WORDS[language]['to']} {last}"


def calendar_text(tree: ast.Policy, name: str, policy: Policy | None, language: str, now: datetime) -> str | None:
    decl = next((i for i in tree.items if isinstance(i, ast.CalendarDecl | ast.CalendarExprDecl) and i.name == name),
                None)
    if decl is None:
        return None
    words = _WORDS[language]
    lines = [f"**{decl.label or name}** (`calendar {name}`): {hours_text(decl, language)}"]
    if policy is not None and name in policy.calendars:
        calendar = policy.calendars[name]
        lines.append(f"{words['zone']}: {calendar.tz}")
        local_now = now.astimezone(calendar.tz)
        closures = calendar.closures(local_now, local_now + CLOSURES_WITHIN)[:CLOSURES_SHOWN]
        if closures:
            lines.append(f"{words['closures']}: " + "; ".join(f"{c.day.isoformat()} {c.name}" for c in closures))
    return "\n\n".join(lines)


def _clause_at(tree: ast.Policy, offset: int) -> ast.Clause | None:
    for item in tree.items:
        if isinstance(item, ast.TargetDecl) and item.span.start <= offset <= item.span.end:
            for s in item.statements:
                if isinstance(s, ast.Clause) and s.span.start <= offset <= s.span.end:
                    return s
    return None


def duration_words(d: ast.Duration, language: str) -> str:
    words = _WORDS[language]
    amount = f"{d.amount:f}".rstrip("0").rstrip(".") if "." in f"{d.amount:f}" else f"{d.amount}"
    one = d.amount == 1
    unit = words[d.unit][0 if one else 1]
    if not d.business:
        return f"{amount} {unit}"
    business = words["business"][0 if one else 1]
    return f"{amount} {unit} {business}" if language == "es" else f"{amount} {business} {unit}"


def clause_text(clause: ast.Clause, tree: ast.Policy, policy: Policy | None, language: str, now: datetime) -> str:
    words = _WORDS[language]
    deadline = clause.deadline
    lines = []
    if isinstance(deadline, ast.DurationDeadline):
        text = duration_words(deadline.duration, language)
        if deadline.calendar:
            decl = next((i for i in tree.items if isinstance(i, ast.CalendarDecl | ast.CalendarExprDecl)
                         and i.name == deadline.calendar), None)
            shown = (decl.label or decl.name) if decl else deadline.calendar
            hours = f": {hours_text(decl, language)}" if decl else ""
            text += f" {words['on']} {shown}{hours}"
        else:
            text += f", {words['clock']}"
        lines.append(text)
    due = _due(deadline, policy, now)
    if due is not None:
        lines.append(f"{words['created']} ({instant_text(now.astimezone(due.tzinfo), language)}), "
                     f"{words['due']} {instant_text(due, language)}")
    return "\n\n".join(lines) if lines else str(words["no_due"])


def _due(deadline: ast.Deadline, policy: Policy | None, now: datetime) -> datetime | None:
    """When a clause's deadline falls for a ticket created at ``now`` (None: no date, or no compiled policy)."""
    if policy is None or isinstance(deadline, ast.Agreed | ast.NoTarget):
        return None
    if deadline.calendar in policy.choices:  # chosen per ticket: no one due instant to show
        return None
    compiled = compile_deadline(deadline, policy.calendars, policy.tz)
    start = to_us(now)
    if isinstance(compiled, Counted):
        due = compiled.counter.add_us(start, compiled.need_us(start))
    elif isinstance(compiled, Fixed):
        found = compiled.due_us(start, {})
        if found is None:
            return None
        due = found
    else:
        return None
    return from_us(due, policy.tz)
