"""The document a provider publishes: the policy as sections of prose, lists and tables,
in the policy's language (``language es|en``), for one year's holidays.

:func:`document` builds a plain model (:class:`Document` of :class:`Section` of
blocks) from the checked AST and the compiled calendars; :func:`render_markdown` and
:mod:`.document_html` only lay it out, so both formats always say the same thing.
Conditions and deadlines are worded with the labels of the policy (``Prioridad:
Incidente Alto``, ``2 horas hábiles``), never in the policy language's syntax.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from attrs import frozen

from plazo.dsl import ast
from plazo.dsl.dates import date_in, range_in
from plazo.dsl.names import WEEKDAYS, boolean_word, clock_text
from plazo.interpreter.compile.policy import CompiledPolicy
from plazo.interpreter.present.document_workflow import (
    notify_sentences,
    notify_title,
    workflow_sentences,
    workflow_title,
)
from plazo.interpreter.present.report_commitments import commitment_sentence, commitments_note, commitments_title
from plazo.interpreter.present.wording import (
    Language,
    day_text,
    lang,
    nth_weekday_text,
    quote,
    weekday_name,
    yearly_text,
)
from plazo.interpreter.time.holidays import holidays_of_year

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import date
    from decimal import Decimal


@frozen
class Paragraph:
    text: str
    strong: bool = False  # a heading inside a section


@frozen
class Bullets:
    items: tuple[str, ...]


@frozen
class Table:
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Paragraph | Bullets | Table


@frozen
class Section:
    title: str
    blocks: tuple[Block, ...]
    level: int = 2


@frozen
class Document:
    title: str
    language: str
    sections: tuple[Section, ...]


@frozen(kw_only=True)
class Words:
    """Every word of the published document in one language. ``roles`` are sentences
    around ``{events}`` (the events of a ``start on``, ``reset on`` ... line)."""

    version: str
    zone: str
    holidays_of: str
    hours: str
    channel: str
    schedule: str
    takes: str
    contact: str
    all_cases: str
    calendar: str
    date: str
    name: str
    closed_days: str
    no_holidays: str
    definitions: str
    description: str
    examples: str
    matrix: str
    targets: str
    case: str
    time: str
    counted_on: str
    clock: str
    roles: Mapping[ast.EventRole, str]
    pauses: str
    warn: str
    escalation: str
    level: str
    role: str
    contacts: str
    when_level: str
    applies: str
    ladder_starts: str
    untimed: str
    maintenance: str
    scope: str
    routes: str
    via: str
    handed_off: str  # an external route: "{team}" leaves the SLA
    handed_off_note: str
    out_of_scope: str
    rules: str
    otherwise: str
    always: str
    closed_holidays: str
    closed_on: str
    special: str
    except_: str
    outside: str
    and_: str
    or_: str
    not_: str
    yes: str
    no: str
    unset: str  # `not country`: a field the ticket does not give
    status_field: str
    no_time: str
    agreed: str
    end_of_day: str
    next_day: str
    notice_min: str
    notice_max: str
    on_hours: str
    window: str
    emergency_any: str
    emergency_same: str
    breach_of: str
    of_due: str
    before: str
    after: str
    at_fraction: str
    after_start: str
    business_one: str
    business_many: str
    units: Mapping[ast.Unit, tuple[str, str]]
    settings: Mapping[str, str]  # a contact's or channel's email, phone, url
    immediately: str
    ops: Mapping[str, str]
    events: Mapping[str, str]  # the built-in events
    status_change: str


WORDS: dict[Language, Words] = {
    "es": Words(
        version="versión", zone="Zona horaria", holidays_of="Festivos de",
        hours="Horarios de atención", channel="Canal", schedule="Horario",
        takes="Atiende", contact="Contacto", all_cases="todos los casos",
        calendar="Calendario", date="Fecha", name="Nombre", closed_days="Días cerrados",
        no_holidays="La política no declara festivos: ningún horario cierra en festivos.",
        definitions="Definiciones", description="Descripción", examples="Ejemplos",
        matrix="Matriz de prioridad", targets="Tiempos de servicio", case="Caso",
        time="Tiempo", counted_on="Se cuenta en", clock="reloj (24x7)",
        roles={
            "start": "Empieza con: {events}",
            "stop": "Termina con: {events}",
            "restart": "Con {events}, se cierra el plazo en curso y empieza el siguiente (plazo periódico)",
            "after_each": "Con {events}, empieza un plazo si no hay uno en curso",
            "reset": "Con {events}, la cuenta vuelve a cero y empieza de nuevo desde ese momento",
            "cancel": "Desde {events}, este plazo deja de aplicar",
        },
        pauses="En pausa mientras", warn="Aviso al", escalation="Escalamiento", level="Nivel",
        role="Cargo", contacts="Contactos", when_level="Cuándo", applies="Aplica a",
        ladder_starts="Empieza con", untimed="Los niveles no tienen tiempos: se siguen en orden.",
        maintenance="Mantenimientos",
        scope="Alcance y reglas", routes="Enrutamiento", via="vía", out_of_scope="Fuera de alcance",
        handed_off="se traslada a {team}, fuera del soporte",
        handed_off_note="Un tique trasladado fuera del soporte sale del acuerdo: sus plazos dejan de correr desde el "
                        "traslado; lo cumplido o incumplido antes se mantiene.",
        rules="Reglas", otherwise="en los demás casos",
        always="24 horas, todos los días", closed_holidays="cerrado en festivos",
        closed_on="cerrado el", special="horario especial el", except_="excepto", outside="fuera de",
        and_="y", or_="o", not_="no", yes="sí", no="no", unset="sin indicar", status_field="Estado",
        no_time="Sin tiempo", agreed="la fecha pactada",
        end_of_day="al final del día hábil", next_day="el siguiente día hábil a las",
        notice_min="Aviso con al menos", notice_max="y como máximo", on_hours="en el horario",
        window="Ventana permitida",
        emergency_any="Las emergencias pueden atenderse en cualquier momento.",
        emergency_same="Las emergencias pueden programarse el mismo día.",
        breach_of="el incumplimiento de", of_due="del vencimiento de", before="antes",
        after="después", at_fraction="al {percent}% del plazo de {target}", after_start="{duration} después del inicio",
        business_one="hábil", business_many="hábiles",
        units={"minutes": ("minuto", "minutos"), "hours": ("hora", "horas"), "days": ("día", "días")},
        settings={"email": "correo", "phone": "teléfono", "url": "web"}, immediately="de inmediato",
        ops={"<": "menos de", "<=": "≤", ">": "más de", ">=": "≥"},
        events={"created": "la creación del caso", "first_response": "la primera respuesta",
                "agent_message": "un mensaje del equipo", "customer_message": "un mensaje del cliente",
                "escalated": "el escalamiento", "resolved": "la solución", "reopened": "la reapertura",
                "closed": "el cierre", "status": "un cambio de estado", "set": "un cambio de valor"},
        status_change="el cambio a",
    ),
    "en": Words(
        version="version", zone="Time zone", holidays_of="Holidays of",
        hours="Service hours", channel="Channel", schedule="Hours",
        takes="Takes", contact="Contact", all_cases="all cases",
        calendar="Calendar", date="Date", name="Name", closed_days="Closed days",
        no_holidays="The policy names no public holidays: no hours close on them.",
        definitions="Definitions", description="Description", examples="Examples",
        matrix="Priority matrix", targets="Service times", case="Case",
        time="Time", counted_on="Counted on", clock="clock time (24x7)",
        roles={
            "start": "Starts on: {events}",
            "stop": "Stops on: {events}",
            "restart": "On {events}, the running cycle closes and the next one opens (a periodic time)",
            "after_each": "On {events}, a cycle opens unless one is already running",
            "reset": "On {events}, the count goes back to zero and starts again from that moment",
            "cancel": "From {events}, this target no longer applies",
        },
        pauses="Paused while", warn="Warning at", escalation="Escalation", level="Level",
        role="Role", contacts="Contacts", when_level="When", applies="Applies to",
        ladder_starts="Starts on", untimed="The levels have no times: they are followed in order.",
        maintenance="Maintenance",
        scope="Scope and rules", routes="Routing", via="via", out_of_scope="Out of scope",
        handed_off="handed off to {team}, outside support",
        handed_off_note="A ticket handed off outside support leaves the agreement: its targets stop counting from "
                        "the hand-off; what was met or breached before stays.",
        rules="Rules", otherwise="all other cases",
        always="24 hours, every day", closed_holidays="closed on public holidays",
        closed_on="closed on", special="special hours on", except_="except", outside="outside",
        and_="and", or_="or", not_="not", yes="yes", no="no", unset="not given", status_field="Status",
        no_time="No time", agreed="the agreed date",
        end_of_day="at the end of the business day", next_day="the next business day at",
        notice_min="Notice of at least", notice_max="and at most", on_hours="on the hours",
        window="Allowed window",
        emergency_any="Emergencies may be handled at any time.",
        emergency_same="Emergencies may be scheduled the same day.",
        breach_of="the breach of", of_due="the due time of", before="before",
        after="after", at_fraction="at {percent}% of the time for {target}", after_start="{duration} after the start",
        business_one="business", business_many="business",
        units={"minutes": ("minute", "minutes"), "hours": ("hour", "hours"), "days": ("day", "days")},
        settings={"email": "email", "phone": "phone", "url": "web"}, immediately="immediately",
        ops={"<": "less than", "<=": "≤", ">": "more than", ">=": "≥"},
        events={"created": "the ticket's creation", "first_response": "the first response",
                "agent_message": "a message from the team", "customer_message": "a message from the customer",
                "escalated": "the escalation", "resolved": "the resolution", "reopened": "the reopening",
                "closed": "the closing", "status": "a status change", "set": "a change of value"},
        status_change="the change to",
    ),
}


# Words of a target's life cycle (`resume on ... within`, `field change: from ...`).
_LIFE_CYCLE: dict[Language, dict[str, str]] = {
    "es": {"resume": "Se reanuda con {events} dentro de {span} después de detenerse: la cuenta sigue donde "
                     "quedó; más tarde, vuelve a cero",
           "from_start": "Si un cambio de valor elige otra regla, el tiempo ya contado desde el inicio sigue contando",
           "from_change": "Si un cambio de valor elige otra regla, su plazo se cuenta desde el cambio"},
    "en": {"resume": "Resumes on {events} within {span} after it stopped: the count goes on where it stopped; "
                     "later, it starts again from zero",
           "from_start": "If a change of value picks another rule, the time counted since the start carries over",
           "from_change": "If a change of value picks another rule, its time counts from the change"},
}


# Words of calendars round 2 (per-ticket calendars, recurring dates, day lengths, windows).
_MORE: dict[Language, dict[str, str]] = {
    "es": {"special_every": "horario especial todos los años el", "and": "y", "by": "según",
           "closed_every": "cerrado todos los años el",
           "this_year": "en", "day_length": "un día hábil equivale a {hours} horas hábiles",
           "calendar_day": "día calendario", "calendar_days": "días calendario",
           "zone_each": "cada calendario en su zona horaria",
           "zone_ticket": "la de cada caso, según",
           "holidays_for": "Festivos de {region} ({calendars})", "emergency_notice": "Emergencias: aviso de al "
           "menos {duration}, a cualquier hora.", "window_days": "Ventana: {window}", "window_zone": "hora de {zone}",
           "otherwise": "otros"},
    "en": {"special_every": "special hours every year on", "and": "and", "by": "by",
           "closed_every": "closed every year on", "this_year": "in",
           "day_length": "a business day is {hours} business hours",
           "calendar_day": "calendar day", "calendar_days": "calendar days",
           "zone_each": "each calendar in its own time zone",
           "zone_ticket": "each ticket's, by",
           "holidays_for": "Holidays of {region} ({calendars})", "emergency_notice": "Emergencies: notice of at "
           "least {duration}, at any time.", "window_days": "Window: {window}", "window_zone": "{zone} time",
           "otherwise": "others"},
}


class _Wording:
    """Wording of conditions, durations and events with the policy's own labels."""

    def __init__(self, policy: ast.Policy, language: Language) -> None:
        self.w = WORDS[language]
        self.language: Language = language
        items = policy.items
        self.fields = {i.name: i for i in items if isinstance(i, ast.FieldDecl)}
        self.calendars = {i.name: i.label or i.name for i in items
                          if isinstance(i, (ast.CalendarDecl, ast.CalendarExprDecl))}
        self.statuses = {i.name: i.label or i.name for i in items if isinstance(i, ast.StatusDecl)}
        self.events = {i.name: i.label or i.name for i in items if isinstance(i, ast.EventDecl)}
        self.targets = {i.name: i.label or i.name for i in items if isinstance(i, ast.TargetDecl)}
        self.contacts = {i.name: i for i in items if isinstance(i, ast.ContactDecl)}

    def quoted(self, text: str) -> str:
        return quote(text, self.language)

    def listed(self, texts: list[str]) -> str:
        """``a, b o c`` / ``a, b or c``: any one of them."""
        if len(texts) < 2:
            return "".join(texts)
        return ", ".join(texts[:-1]) + f" {self.w.or_} {texts[-1]}"

    def field(self, name: str) -> str:
        if name == "status":
            return self.w.status_field
        f = self.fields.get(name)
        return (f.label or name) if f else name

    def is_boolean(self, name: str) -> bool:
        f = self.fields.get(name)
        return f is not None and isinstance(f.type, ast.ScalarType) and f.type.kind == "boolean"

    def value(self, field: str, v: ast.Value) -> str:
        if isinstance(v, ast.NameValue):
            if field == "status":
                return self.statuses.get(v.name, v.name)
            f = self.fields.get(field)
            if f is not None and isinstance(f.type, ast.EnumType):
                for ev in f.type.values:
                    if ev.name == v.name:
                        return ev.label or ev.name
            return v.name
        if isinstance(v, ast.NumberValue):
            return _number(v.value)
        return v.value

    def condition(self, c: ast.Condition) -> str:
        w = self.w
        if isinstance(c, ast.Comparison):
            value = self.value(c.field, c.value)
            truth = boolean_word(c.value.name) if isinstance(c.value, ast.NameValue) else None
            if truth is not None and self.is_boolean(c.field):
                value = w.yes if truth else w.no  # `completada = false` reads "Completada: no"
            if c.op == "=":
                return f"{self.field(c.field)}: {value}"
            if c.op == "!=":
                return f"{self.field(c.field)}: {w.not_} {value}"
            return f"{self.field(c.field)} {w.ops[c.op]} {value}"
        if isinstance(c, ast.Membership):
            return f"{self.field(c.field)}: {self.listed([self.value(c.field, v) for v in c.values])}"
        if isinstance(c, ast.Truthy):
            return f"{self.field(c.field)}: {w.yes}" if self.is_boolean(c.field) else self.field(c.field)
        if isinstance(c, ast.Not):
            if isinstance(c.operand, ast.Truthy) and self.is_boolean(c.operand.field):
                return f"{self.field(c.operand.field)}: {w.no}"
            if isinstance(c.operand, ast.Truthy):  # `not country`: the ticket does not say it
                return f"{self.field(c.operand.field)}: {w.unset}"
            return f"{w.not_} ({self.condition(c.operand)})"
        joiner = f" {w.and_} " if isinstance(c, ast.And) else f" {w.or_} "
        return joiner.join(f"({self.condition(o)})" if isinstance(o, (ast.And, ast.Or)) else self.condition(o)
                           for o in c.operands)

    def duration(self, d: ast.Duration) -> str:
        """``1 hora hábil``, ``2 horas hábiles`` / ``1 business hour``, ``2 business hours``."""
        one, many = self.w.units[d.unit]
        single = d.amount == 1
        unit = one if single else many
        if d.calendar_days:
            more = _MORE[self.language]
            return f"{_number(d.amount)} {more['calendar_day'] if single else more['calendar_days']}"
        if not d.business:
            return f"{_number(d.amount)} {unit}"
        business = self.w.business_one if single else self.w.business_many
        if self.language == "en":
            return f"{_number(d.amount)} {business} {unit}"
        return f"{_number(d.amount)} {unit} {business}"

    def calendar(self, name: str) -> str:
        return self.calendars.get(name, name)

    def deadline(self, d: ast.Deadline) -> tuple[str, str]:
        """(the time, the calendar it is counted on)."""
        w = self.w
        if isinstance(d, ast.DurationDeadline):
            return self.duration(d.duration), self.calendar(d.calendar) if d.calendar else w.clock
        if isinstance(d, ast.Agreed):
            return f"{w.agreed} ({self.field(d.field)})", ""
        if isinstance(d, ast.NoTarget):
            return f"{w.no_time}: {d.reason}", ""
        if isinstance(d, ast.EndOfDay):
            return w.end_of_day, self.calendar(d.calendar)
        return f"{w.next_day} {clock_text(d.at)}", self.calendar(d.calendar)

    def event(self, e: ast.EventRef) -> str:
        if e.name == "status" and e.argument:
            return f"{self.w.status_change} {self.quoted(self.statuses.get(e.argument, e.argument))}"
        declared = self.events.get(e.name)
        if declared is not None:
            return self.quoted(declared)
        return self.w.events.get(e.name, e.name)

    def target(self, name: str) -> str:
        return self.quoted(self.targets.get(name, name))

    def settings(self, settings: list[ast.Setting]) -> list[str]:
        return [f"{self.w.settings.get(s.key, s.key)} {s.value}" for s in settings if s.key != "role"]

    def contact(self, name: str, besides: tuple[ast.Setting, ...] = ()) -> str:
        """A contact's name and its addresses (its role has a column of its own in a ladder);
        addresses already given in ``besides`` (the channel's own) are not repeated."""
        c = self.contacts.get(name)
        if c is None:
            return name
        given = {(s.key, s.value) for s in besides}
        details = self.settings([s for s in c.settings if (s.key, s.value) not in given])
        return (c.label or name) + (f" ({', '.join(details)})" if details else "")

    def contact_roles(self, names: tuple[str, ...]) -> str:
        roles: list[str] = []
        for name in names:
            c = self.contacts.get(name)
            for s in c.settings if c else ():
                if s.key == "role" and s.value not in roles:
                    roles.append(s.value)
        return " / ".join(roles)


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def _intervals(hours: tuple[ast.Interval, ...]) -> str:
    return ", ".join(f"{clock_text(i.start)}–{clock_text(i.end)}" for i in hours)


def _days(ranges: tuple[ast.DayRange, ...], language: Language) -> str:
    to = " a " if language == "es" else " to "
    both = " y " if language == "es" else " and "

    def name(day: str) -> str:
        return weekday_name(WEEKDAYS.index(day), language)

    def one(r: ast.DayRange) -> str:
        if not r.last:
            return name(r.first)
        adjacent = WEEKDAYS.index(r.last) - WEEKDAYS.index(r.first) == 1
        return name(r.first) + (both if adjacent else to) + name(r.last)
    return ", ".join(one(r) for r in ranges)


def _recurrence(r: ast.Recurrence, language: Language) -> str:
    if isinstance(r, ast.RecurringRange):
        start, end = _RULE_RANGE_WORDS[language]
        return f"{start} {_recurrence(r.first, language)} {end} {_recurrence(r.last, language)}"
    if isinstance(r, ast.YearlyDate):
        return yearly_text(r.month, r.day, language)
    return nth_weekday_text(r.nth, r.weekday, r.month, language)


# `cerrado todos los años el período del 24 de diciembre al 31 de diciembre (en 2026: del jueves
# 24 de diciembre de 2026 al jueves 31 de diciembre de 2026)`
_RULE_RANGE_WORDS: dict[Language, tuple[str, str]] = {"es": ("período del", "al"), "en": ("the days from", "to")}
_RANGE_WORDS: dict[Language, tuple[str, str]] = {"es": ("del", "al"), "en": ("from", "to")}


def _concrete(r: ast.Recurrence, year: int, language: Language) -> tuple[date, str] | None:
    """The year's dates of one rule, as published: a day, or a range begun that year (which
    may end the next year), from its first day to its last."""
    if isinstance(r, ast.RecurringRange):
        found = range_in(r.rule, year)
        if found is None:
            return None
        start, end = _RANGE_WORDS[language]
        return found[0], f"{start} {day_text(found[0], language)} {end} {day_text(found[1], language)}"
    day = date_in(r.rule, year)
    return None if day is None else (day, day_text(day, language))


def _recurring_text(dates: tuple[ast.Recurrence, ...], year: int, language: Language) -> str:
    """``24 de diciembre y 31 de diciembre (en 2026: jueves 24 ..., jueves 31 ...)``: the rule and
    the year's concrete dates."""
    texts = [_recurrence(r, language) for r in dates]
    rules = texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + f" {_MORE[language]['and']} {texts[-1]}"
    concrete = [c for c in (_concrete(r, year, language) for r in dates) if c is not None]
    shown = "; ".join(text for _, text in sorted(concrete))
    return f"{rules} ({_MORE[language]['this_year']} {year}: {shown})" if shown else rules


def _choice_text(choice: ast.CalChoice, words: _Wording) -> str:
    """``según País: Chile → «Chile»; Perú → «Perú»``."""
    return _by_field(_MORE[words.language]["by"], choice.field, [
        (case.values, words.quoted(words.calendar(case.calendar.name))) for case in choice.cases], words)


def _zone_choice_text(choice: ast.TimezoneChoice, words: _Wording) -> str:
    """``la de cada caso, según País: Chile → America/Santiago; Perú → America/Lima``."""
    return _by_field(_MORE[words.language]["zone_ticket"], choice.field,
                     [(case.values, case.zone) for case in choice.cases], words)


def _by_field(lead: str, field: str, cases: list[tuple[tuple[str, ...], str]], words: _Wording) -> str:
    """A choice by a field's values (no values: ``otherwise``), in the policy's labels."""
    otherwise = _MORE[words.language]["otherwise"]
    shown = [f"{words.listed([words.value(field, ast.NameValue(v)) for v in values]) if values else otherwise}"
             f" → {chosen}" for values, chosen in cases]
    return f"{lead} {words.field(field)}: " + "; ".join(shown)


def _calendar_text(item: ast.CalendarDecl | ast.CalendarExprDecl, words: _Wording, year: int) -> str:
    w, language = words.w, words.language
    more = _MORE[language]
    if isinstance(item, ast.CalendarExprDecl):
        if isinstance(item.expr, ast.CalChoice):
            return _choice_text(item.expr, words)
        return _calendar_expr(item.expr, words)
    parts = []
    for s in item.statements:
        if isinstance(s, ast.WeeklyHours):
            parts.append(f"{_days(s.days, language)} {_intervals(s.hours)}")
        elif isinstance(s, ast.Always):
            parts.append(w.always)
        elif isinstance(s, ast.ClosedOnHolidays):
            parts.append(w.closed_holidays)
        elif isinstance(s, ast.ClosedDate):
            parts.append(f"{w.closed_on} {day_text(s.day, language)}" + (f" ({s.label})" if s.label else ""))
        elif isinstance(s, ast.SpecialHours):
            parts.append(f"{w.special} {day_text(s.day, language)}: {_intervals(s.hours)}"
                         + (f" ({s.label})" if s.label else ""))
        elif isinstance(s, ast.HoursEvery):
            parts.append(f"{more['special_every']} {_recurring_text(s.dates, year, language)}: {_intervals(s.hours)}"
                         + (f" ({s.label})" if s.label else ""))
        elif isinstance(s, ast.ClosedEvery):
            parts.append(f"{more['closed_every']} {_recurring_text(s.dates, year, language)}"
                         + (f" ({s.label})" if s.label else ""))
        elif isinstance(s, ast.DayLength):
            parts.append(more["day_length"].format(hours=_number(s.hours).replace(".", "," if language == "es"
                                                                                    else ".")))
    return "; ".join(parts)


def _own(item: ast.CalendarDecl | ast.CalendarExprDecl, policy: ast.Policy) -> tuple[str, ast.Region | None]:
    """A calendar block's time zone and holiday region (its own, else the policy's)."""
    zone = policy.timezone.zone if policy.timezone else "UTC"
    region = policy.holidays.region if policy.holidays else None
    if isinstance(item, ast.CalendarDecl):
        for s in item.statements:
            if isinstance(s, ast.TimezoneDecl):
                zone = s.zone
            elif isinstance(s, ast.HolidaysDecl):
                region = s.region
    return zone, region


def _calendar_expr(e: ast.CalendarExpr, words: _Wording) -> str:
    if isinstance(e, ast.CalRef):
        return words.quoted(words.calendar(e.name))
    if isinstance(e, ast.CalComplement):
        return f"{words.w.outside} {_calendar_expr(e.operand, words)}"
    joiner = f" {words.w.and_} " if isinstance(e, ast.CalUnion) else f" {words.w.except_} "
    return _calendar_expr(e.left, words) + joiner + _calendar_expr(e.right, words)


def document(policy: CompiledPolicy, year: int, language: str | None = None) -> Document:
    """The published document of a compiled policy (``load_policy``) for ``year``."""
    tree = policy.ast
    chosen = lang(language or policy.language)
    words = _Wording(tree, chosen)
    w = words.w
    items = tree.items
    title = policy.label or policy.name
    if policy.version is not None:
        title += f" — {w.version} {_number(policy.version)}"
    calendars = [i for i in items if isinstance(i, (ast.CalendarDecl, ast.CalendarExprDecl))]
    # calendars in several zones: each one's zone is a column of the hours, not one zone for all
    zones = {_own(c, tree)[0] for c in calendars if isinstance(c, ast.CalendarDecl)}
    several_zones = bool(zones - {policy.timezone})
    zone_text = f"{w.zone}: {policy.timezone}" + (f" ({_MORE[chosen]['zone_each']})" if several_zones else "")
    if isinstance(tree.timezone, ast.TimezoneChoice):
        zone_text = f"{w.zone}: {_zone_choice_text(tree.timezone, words)}"
    sections: list[Section] = [Section(title, (Paragraph(f"{zone_text}."),), level=1)]

    # hours: every calendar, then the channels that use them
    blocks: list[Block] = []
    if calendars and several_zones:
        blocks.append(Table((w.calendar, w.schedule, w.zone), tuple(
            (i.label or i.name, _calendar_text(i, words, year), _own(i, tree)[0] if isinstance(i, ast.CalendarDecl)
             else "") for i in calendars)))
    elif calendars:
        blocks.append(Table((w.calendar, w.schedule),
                            tuple((i.label or i.name, _calendar_text(i, words, year)) for i in calendars)))
    channels = [i for i in items if isinstance(i, ast.ChannelDecl)]
    if channels:
        blocks.append(Table((w.channel, w.schedule, w.takes, w.contact),
                            tuple(_channel_row(c, words) for c in channels)))
    if blocks:
        sections.append(Section(w.hours, tuple(blocks)))

    sections.append(Section(f"{w.holidays_of} {year}", tuple(_holiday_blocks(tree, calendars, year, words))))

    definitions: list[Block] = []
    for f in (i for i in items if isinstance(i, ast.FieldDecl)):
        if isinstance(f.type, ast.EnumType):
            definitions.append(_definition(f.label or f.name, f.type, words))
    if definitions:
        sections.append(Section(w.definitions, tuple(definitions)))

    for m in (i for i in items if isinstance(i, ast.MatrixDecl)):
        head = (f"{words.field(m.row_field)} / {words.field(m.column_field)}",
                *(words.value(m.column_field, ast.NameValue(c.value)) for c in m.columns))
        rows = tuple((words.value(m.row_field, ast.NameValue(r.key.value)),
                      *(words.value(m.name, ast.NameValue(c.value)) for c in r.cells)) for r in m.rows)
        sections.append(Section(f"{w.matrix}: {words.field(m.name)}", (Table(head, rows),)))

    target_blocks: list[Block] = []
    for t in (i for i in items if isinstance(i, ast.TargetDecl)):
        target_blocks.extend(_target_blocks(t, words))
    if target_blocks:
        sections.append(Section(w.targets, tuple(target_blocks)))

    sections.extend(_escalation(e, words) for e in items if isinstance(e, ast.EscalationDecl))
    sections.extend(Section(m.label or w.maintenance, (Bullets(tuple(_maintenance(m, words))),))
                    for m in items if isinstance(m, ast.MaintenanceDecl))

    scope = _scope(items, words)
    if scope:
        sections.append(Section(w.scope, tuple(scope)))
    workflow = workflow_sentences(items, chosen, words.condition, words.event, words.statuses)
    if workflow:
        sections.append(Section(workflow_title(chosen), (Bullets(workflow),)))
    channel_labels = {i.name: i.label or i.name for i in items if isinstance(i, ast.ChannelDecl)}
    notices = notify_sentences(items, chosen, words.condition, words.event, words.duration, words.calendar,
                               words.contact, channel_labels)
    if notices:
        sections.append(Section(notify_title(chosen), (Bullets(notices),)))
    commitments = [c for c in items if isinstance(c, ast.CommitmentDecl)]
    if commitments:
        sentences = tuple((f"{c.label}: " if c.label else "")
                          + commitment_sentence(c, chosen, words.condition, words.target, words.duration)
                          for c in commitments)
        sections.append(Section(commitments_title(chosen), (Bullets(sentences), Paragraph(commitments_note(chosen)))))
    return Document(title, chosen, tuple(sections))


Ruled = ast.FlowDecl | ast.OrderDecl | ast.NotifyDecl | ast.CommitmentDecl


def item_sentence(tree: ast.Policy, item: Ruled, language: Language) -> str:
    """The document's sentence for one flow, order, notification duty or commitment of
    ``tree`` (the editor's hover says it as the document does)."""
    words = _Wording(tree, language)
    if isinstance(item, ast.CommitmentDecl):
        return commitment_sentence(item, language, words.condition, words.target, words.duration)
    if isinstance(item, ast.NotifyDecl):
        channels = {i.name: i.label or i.name for i in tree.items if isinstance(i, ast.ChannelDecl)}
        return notify_sentences((item,), language, words.condition, words.event, words.duration, words.calendar,
                                words.contact, channels)[0]
    return workflow_sentences((item,), language, words.condition, words.event, words.statuses)[0]


def _channel_row(c: ast.ChannelDecl, words: _Wording) -> tuple[str, str, str, str]:
    """Its hours, the cases it takes, and how to reach it: its own addresses first, then its contacts."""
    w = words.w
    hours = next((words.calendar(s.calendar) for s in c.statements if isinstance(s, ast.ChannelHours)), w.always)
    takes = next((words.condition(s.condition) for s in c.statements if isinstance(s, ast.ChannelTakes)),
                 w.all_cases)
    own = tuple(s for s in c.statements if isinstance(s, ast.Setting))
    reach = [", ".join(words.settings(list(own)))] if own else []
    reach += [words.contact(s.contact, besides=own) for s in c.statements if isinstance(s, ast.ChannelContact)]
    return (c.label or c.name, hours, takes, "; ".join(r for r in reach if r))


def _definition(label: str, values: ast.EnumType, words: _Wording) -> Table:
    """A field's values with their descriptions and examples (a column only when some value has one)."""
    w = words.w
    has_description = any(v.description for v in values.values)
    has_examples = any(v.examples for v in values.values)
    head = (label,) + ((w.description,) if has_description else ()) + ((w.examples,) if has_examples else ())
    rows = tuple((v.label or v.name,) + ((v.description or "",) if has_description else ())
                 + (("; ".join(v.examples),) if has_examples else ()) for v in values.values)
    return Table(head, rows)


def _holiday_blocks(tree: ast.Policy, calendars: list[ast.CalendarDecl | ast.CalendarExprDecl], year: int,
                    words: _Wording) -> list[Block]:
    w, language = words.w, words.language
    blocks: list[Block] = []
    region = tree.holidays.region if tree.holidays else None
    closes = [c for c in calendars if isinstance(c, ast.CalendarDecl)
              and any(isinstance(s, ast.ClosedOnHolidays) for s in c.statements)]
    by_region: dict[tuple[str, str | None], list[ast.CalendarDecl]] = {}
    for c in closes:
        own = _own(c, tree)[1]
        if own is not None:
            by_region.setdefault((own.country, own.subdivision), []).append(c)
    policy_region = None if region is None else (region.country, region.subdivision)
    if set(by_region) - {policy_region}:
        # calendars close on different countries' holidays: each country's list, with its calendars
        for (country, subdivision), members in by_region.items():
            found = holidays_of_year(country, subdivision, year)
            code = country + (f"-{subdivision}" if subdivision else "")
            names = ", ".join(c.label or c.name for c in members)
            blocks.append(Paragraph(_MORE[language]["holidays_for"].format(region=code, calendars=names),
                                    strong=True))
            blocks.append(Table((w.date, w.name), tuple((day_text(d, language), n) for d, n in found.items())))
    elif region is not None:
        found = holidays_of_year(region.country, region.subdivision, year)
        blocks.append(Table((w.date, w.name), tuple((day_text(d, language), name) for d, name in found.items())))
        if closes:
            blocks.append(Paragraph(f"{w.closed_holidays.capitalize()}: "
                                    + ", ".join(c.label or c.name for c in closes) + "."))
    else:
        blocks.append(Paragraph(w.no_holidays))
    closed = [(s.day, s.label, c.label or c.name) for c in calendars if isinstance(c, ast.CalendarDecl)
              for s in c.statements if isinstance(s, ast.ClosedDate) and s.day.year == year]
    if closed:
        blocks.append(Paragraph(w.closed_days, strong=True))
        blocks.append(Bullets(tuple(f"{day_text(d, language)}" + (f" — {label}" if label else "") + f" ({cal})"
                                    for d, label, cal in sorted(closed, key=lambda x: (x[0], x[2])))))
    return blocks


def _target_blocks(t: ast.TargetDecl, words: _Wording) -> list[Block]:
    w = words.w
    facts = []
    for s in t.statements:
        if isinstance(s, ast.OnEvents):
            facts.append(w.roles[s.role].format(events=words.listed([words.event(e) for e in s.events])))
        elif isinstance(s, ast.ResumeOn):
            facts.append(_LIFE_CYCLE[words.language]["resume"].format(
                events=words.listed([words.event(e) for e in s.events]), span=words.duration(s.within)))
        elif isinstance(s, ast.OnChange):
            facts.append(_LIFE_CYCLE[words.language][f"from_{s.origin}"])
        elif isinstance(s, ast.PauseWhile):
            facts.append(f"{w.pauses}: {words.condition(s.condition)}")
        elif isinstance(s, ast.WarnAt):
            facts.append(f"{w.warn} {_number(s.percent)}%")
    rows = []
    for c in (s for s in t.statements if isinstance(s, ast.Clause)):
        time, counted = words.deadline(c.deadline)
        rows.append((words.condition(c.condition) if c.condition is not None else w.otherwise, time, counted))
    return [Paragraph(t.label or t.name, strong=True), Bullets(tuple(facts)),
            Table((w.case, w.time, w.counted_on), tuple(rows))]


def _level_time(time: ast.LevelTime | None, words: _Wording) -> str:
    w = words.w
    if time is None:
        return ""
    if isinstance(time, ast.LevelAfter):
        if time.duration.amount == 0:
            return w.immediately
        on = f" ({w.on_hours} {words.quoted(words.calendar(time.calendar))})" if time.calendar else ""
        return w.after_start.format(duration=words.duration(time.duration)) + on
    if isinstance(time, ast.LevelAtFraction):
        return w.at_fraction.format(percent=_number(time.percent), target=words.target(time.target))
    direction = w.before if time.direction == "before" else w.after
    return f"{words.duration(time.duration)} {direction} {w.of_due} {words.target(time.target)}"


def _escalation(e: ast.EscalationDecl, words: _Wording) -> Section:
    w = words.w
    facts = []
    if e.condition is not None:
        facts.append(f"{w.applies}: {words.condition(e.condition)}")
    if isinstance(e.start, ast.LadderOnEvent):
        facts.append(f"{w.ladder_starts}: {words.event(e.start.event)}")
    elif isinstance(e.start, ast.LadderOnBreach):
        facts.append(f"{w.ladder_starts}: {w.breach_of} {words.target(e.start.target)}")
    timed = any(lv.time is not None for lv in e.levels)
    if not timed:
        facts.append(w.untimed)
    rows = tuple((_number(lv.number), lv.label or "", lv.role or words.contact_roles(lv.contacts),
                  ", ".join(words.contact(c) for c in lv.contacts)) + ((_level_time(lv.time, words),) if timed else ())
                 for lv in e.levels)
    head = (w.level, w.name, w.role, w.contacts) + ((w.when_level,) if timed else ())
    blocks: list[Block] = [Bullets(tuple(facts)), Table(head, rows)]
    return Section(f"{w.escalation}: {e.label or e.name}", tuple(blocks))


def _maintenance(m: ast.MaintenanceDecl, words: _Wording) -> list[str]:
    w, more = words.w, _MORE[words.language]
    own = next((s.zone for s in m.statements if isinstance(s, ast.TimezoneDecl)), None)
    zone = f" ({more['window_zone'].format(zone=own)})" if own else ""
    out = []
    for s in m.statements:
        if isinstance(s, ast.Notice):
            on = f" ({w.on_hours} {words.quoted(words.calendar(s.calendar))})" if s.calendar else ""
            most = f" {w.notice_max} {words.duration(s.maximum)}" if s.maximum is not None else ""
            out.append(f"{w.notice_min} {words.duration(s.minimum)}{on}{most}.")
        elif isinstance(s, ast.Window):
            out.append(f"{w.window}: {_intervals((s.interval,))}{zone}.")
        elif isinstance(s, ast.DayWindow):
            last = f"{weekday_name(WEEKDAYS.index(s.last_day), words.language)} " if s.last_day else ""
            window = (f"{weekday_name(WEEKDAYS.index(s.first_day), words.language)} {clock_text(s.start)} – "
                      f"{last}{clock_text(s.end)}")
            out.append(more["window_days"].format(window=window) + f"{zone}.")
        elif isinstance(s, ast.EmergencyNotice):
            out.append(more["emergency_notice"].format(duration=words.duration(s.minimum)))
        elif isinstance(s, ast.Emergency):
            out.append(w.emergency_any if s.kind == "any_time" else w.emergency_same)
    return out


def _scope(items: tuple[ast.Item, ...], words: _Wording) -> list[Block]:
    """Routing, the cases out of scope and the rules a ticket must keep."""
    w = words.w
    scope: list[Block] = []
    routes = [i for i in items if isinstance(i, ast.RouteDecl)]
    if routes:
        scope.append(Paragraph(w.routes, strong=True))
        scope.append(Bullets(tuple(
            f"{words.condition(r.condition)} → {w.handed_off.format(team=r.to) if r.external else r.to}"
            + (f", {w.via} {words.contact(r.via)}" if r.via else "")
            + (f": {r.reason}" if r.reason else "") for r in routes)))
        if any(r.external for r in routes):
            scope.append(Paragraph(w.handed_off_note))
    rejects = [i for i in items if isinstance(i, ast.RejectDecl)]
    if rejects:
        scope.append(Paragraph(w.out_of_scope, strong=True))
        scope.append(Bullets(tuple(f"{words.condition(r.condition)} — {r.reason}" for r in rejects)))
    rules = [i for i in items if isinstance(i, (ast.RequireDecl, ast.ForbidDecl))]
    if rules:
        scope.append(Paragraph(w.rules, strong=True))
        scope.append(Bullets(tuple(r.message for r in rules)))
    return scope


# ------------------------------------------------------------------ Markdown


# Text from the policy is text in the Markdown, never markup: a label "[click](javascript:...)"
# must not become a link, nor "<script>" a tag, nor a carriage return a line that
# overwrites another on a terminal. Characters that make markup are escaped with a
# backslash ("_" only where it could, at the edge of a word: "America/Mexico_City"
# stays as it is), "<" and ">" are entities, and control characters are spaces.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_MARKUP = re.compile(r"[\\`*\[\]|~_]")
_LEADING = re.compile(r"^([#+\-=])|^(\d+)([.)])")  # a heading, a list item, a setext line


def _escape_markup(match: re.Match[str]) -> str:
    char = match.group()
    if char == "_":
        text, at = match.string, match.start()
        if 0 < at < len(text) - 1 and text[at - 1].isalnum() and text[at + 1].isalnum():
            return char  # inside a word an underscore makes no emphasis
    return "\\" + char


def _md(text: str) -> str:
    """Text from the policy, safe inside Markdown (a paragraph, a list item, a table cell)."""
    text = _CONTROL.sub(" ", text).strip()
    text = _MARKUP.sub(_escape_markup, text).replace("<", "&lt;").replace(">", "&gt;")
    return _LEADING.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), text)


def render_markdown(doc: Document) -> str:
    out: list[str] = []
    for section in doc.sections:
        out.append(f"{'#' * section.level} {_md(section.title)}\n")
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out.append((f"**{_md(block.text)}**" if block.strong else _md(block.text)) + "\n")
            elif isinstance(block, Bullets):
                out.append("".join(f"- {_md(item)}\n" for item in block.items))
            else:
                out.append("| " + " | ".join(_md(h) for h in block.head) + " |\n"
                           + "|" + "---|" * len(block.head) + "\n"
                           + "".join("| " + " | ".join(_md(c) for c in row) + " |\n" for row in block.rows))
    return "\n".join(out)
