"""The document a provider publishes: the policy as sections of prose, lists and tables,
in the policy's language (``language es|en``), for one year's holidays.

:func:`document` builds a plain model (:class:`Document` of :class:`Section` of
blocks) from the checked AST and the compiled calendars; :func:`render_markdown` and
:mod:`.render_html` only lay it out, so both formats always say the same thing.
Conditions and deadlines are worded with the labels of the policy (``Prioridad:
Incidente Alto``, ``2 horas hábiles``), never in the policy language's syntax.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from attrs import frozen

from plazo.dsl import ast
from plazo.interpreter.time.holidays import holidays_of_year
from plazo.interpreter.present.wording import day_text, lang


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


WORDS = {
    "es": {
        "version": "versión", "zone": "Zona horaria", "holidays_of": "Festivos de", "year": "Año",
        "hours": "Horarios de atención", "channels": "Canales", "channel": "Canal", "schedule": "Horario",
        "takes": "Atiende", "contact": "Contacto", "all": "todos los casos",
        "calendar": "Calendario", "date": "Fecha", "name": "Nombre", "closed_days": "Días cerrados",
        "no_holidays": "El documento no cierra en festivos.", "definitions": "Definiciones",
        "value": "Valor", "description": "Descripción", "examples": "Ejemplos",
        "matrix": "Matriz de prioridad", "targets": "Tiempos de servicio", "condition": "Caso",
        "time": "Tiempo", "counted_on": "Se cuenta en", "clock": "reloj (24x7)",
        "starts": "Empieza con", "stops": "Termina con", "restarts": "Se reinicia con", "after_each": "Después de cada",
        "pauses": "Se detiene mientras", "warn": "Aviso al", "escalation": "Escalamiento", "level": "Nivel",
        "role": "Cargo", "contacts": "Contactos", "when_level": "Cuándo", "applies": "Aplica a",
        "starts_at": "Empieza con", "updates": "Deberes de actualización", "maintenance": "Mantenimientos",
        "scope": "Alcance y reglas", "routes": "Enrutamiento", "out_of_scope": "Fuera de alcance",
        "rules": "Reglas", "to": "a", "otherwise": "en los demás casos", "contacts_list": "Contactos",
        "always": "24 horas, todos los días", "closed_holidays": "cerrado en festivos",
        "closed_on": "cerrado el", "special": "horario especial el", "except": "excepto", "outside": "fuera de",
        "and": "y", "or": "o", "not": "no", "in": "es", "none": "Sin tiempo", "agreed": "la fecha pactada",
        "end_of_day": "al final del día hábil", "next_day": "el siguiente día hábil a las",
        "notice_min": "Aviso con al menos", "notice_max": "y como máximo", "window": "Ventana permitida",
        "emergency_any": "Las emergencias pueden atenderse en cualquier momento.",
        "emergency_same": "Las emergencias pueden programarse el mismo día.",
        "breach_of": "el incumplimiento de", "of_due": "del vencimiento de", "before": "antes",
        "after": "después", "at_pct": "al", "of": "de", "after_time": "tras", "business": "hábiles",
        "units": {"minutes": ("minuto", "minutos"), "hours": ("hora", "horas"), "days": ("día", "días")},
        "email": "correo", "phone": "teléfono", "url": "web", "immediately": "de inmediato",
        "ops": {"<": "menos de", "<=": "≤", ">": "más de", ">=": "≥"},
    },
    "en": {
        "version": "version", "zone": "Time zone", "holidays_of": "Holidays of", "year": "Year",
        "hours": "Service hours", "channels": "Channels", "channel": "Channel", "schedule": "Hours",
        "takes": "Takes", "contact": "Contact", "all": "all cases",
        "calendar": "Calendar", "date": "Date", "name": "Name", "closed_days": "Closed days",
        "no_holidays": "The document does not close on public holidays.", "definitions": "Definitions",
        "value": "Value", "description": "Description", "examples": "Examples",
        "matrix": "Priority matrix", "targets": "Service times", "condition": "Case",
        "time": "Time", "counted_on": "Counted on", "clock": "clock time (24x7)",
        "starts": "Starts on", "stops": "Stops on", "restarts": "Restarts on", "after_each": "After each",
        "pauses": "Paused while", "warn": "Warning at", "escalation": "Escalation", "level": "Level",
        "role": "Role", "contacts": "Contacts", "when_level": "When", "applies": "Applies to",
        "starts_at": "Starts on", "updates": "Update duties", "maintenance": "Maintenance",
        "scope": "Scope and rules", "routes": "Routing", "out_of_scope": "Out of scope",
        "rules": "Rules", "to": "to", "otherwise": "all other cases", "contacts_list": "Contacts",
        "always": "24 hours, every day", "closed_holidays": "closed on public holidays",
        "closed_on": "closed on", "special": "special hours on", "except": "except", "outside": "outside",
        "and": "and", "or": "or", "not": "not", "in": "is", "none": "No time", "agreed": "the agreed date",
        "end_of_day": "at the end of the business day", "next_day": "the next business day at",
        "notice_min": "Notice of at least", "notice_max": "and at most", "window": "Allowed window",
        "emergency_any": "Emergencies may be handled at any time.",
        "emergency_same": "Emergencies may be scheduled the same day.",
        "breach_of": "the breach of", "of_due": "the due time of", "before": "before",
        "after": "after", "at_pct": "at", "of": "of", "after_time": "after", "business": "business",
        "units": {"minutes": ("minute", "minutes"), "hours": ("hour", "hours"), "days": ("day", "days")},
        "email": "email", "phone": "phone", "url": "web", "immediately": "immediately",
        "ops": {"<": "less than", "<=": "≤", ">": "more than", ">=": "≥"},
    },
}
_DAYS = {
    "es": {"mon": "lunes", "tue": "martes", "wed": "miércoles", "thu": "jueves", "fri": "viernes", "sat": "sábado",
           "sun": "domingo"},
    "en": {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
           "sat": "Saturday", "sun": "Sunday"},
}
_EVENTS = {
    "es": {"created": "la creación del caso", "first_response": "la primera respuesta",
           "agent_message": "un mensaje del equipo", "customer_message": "un mensaje del cliente",
           "status": "el cambio a", "escalated": "el escalamiento", "resolved": "la solución",
           "reopened": "la reapertura", "closed": "el cierre"},
    "en": {"created": "the ticket's creation", "first_response": "the first response",
           "agent_message": "a message from the team", "customer_message": "a message from the customer",
           "status": "the change to", "escalated": "the escalation", "resolved": "the resolution",
           "reopened": "the reopening", "closed": "the closing"},
}


class _Words:
    """Wording of conditions, durations and events with the policy's own labels."""

    def __init__(self, policy: ast.Policy, language: str) -> None:
        self.w = WORDS[language]
        self.language = language
        self.fields = {i.name: i for i in policy.items if isinstance(i, ast.FieldDecl)}
        self.calendars = {i.name: i.label or i.name for i in policy.items
                          if isinstance(i, (ast.CalendarDecl, ast.CalendarExprDecl))}
        self.statuses = {i.name: i.label or i.name for i in policy.items if isinstance(i, ast.StatusDecl)}
        self.events = {i.name: i.label or i.name for i in policy.items if isinstance(i, ast.EventDecl)}
        self.targets = {i.name: i.label or i.name for i in policy.items if isinstance(i, ast.TargetDecl)}
        self.contacts = {i.name: i for i in policy.items if isinstance(i, ast.ContactDecl)}

    def field(self, name: str) -> str:
        if name == "status":
            return "Estado" if self.language == "es" else "Status"
        f = self.fields.get(name)
        return f.label or name if f else name

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
            if c.op == "=":
                return f"{self.field(c.field)}: {value}"
            if c.op == "!=":
                return f"{self.field(c.field)}: {w['not']} {value}"
            return f"{self.field(c.field)} {w['ops'][c.op]} {value}"
        if isinstance(c, ast.Membership):
            values = [self.value(c.field, v) for v in c.values]
            listed = ", ".join(values[:-1]) + f" {w['or']} {values[-1]}" if len(values) > 1 else values[0]
            return f"{self.field(c.field)}: {listed}"
        if isinstance(c, ast.Truthy):
            return self.field(c.field)
        if isinstance(c, ast.Not):
            return f"{w['not']} ({self.condition(c.operand)})"
        joiner = f" {w['and']} " if isinstance(c, ast.And) else f" {w['or']} "
        return joiner.join(f"({self.condition(o)})" if isinstance(o, (ast.And, ast.Or)) else self.condition(o)
                           for o in c.operands)

    def duration(self, d: ast.Duration) -> str:
        one, many = self.w["units"][d.unit]
        unit = one if d.amount == 1 else many
        business = f" {self.w['business']}" if d.business else ""
        if self.language == "en" and d.business:
            return f"{_number(d.amount)} business {unit}"
        return f"{_number(d.amount)} {unit}{business}"

    def deadline(self, d: ast.Deadline) -> tuple[str, str]:
        """(the time, the calendar it is counted on)."""
        w = self.w
        if isinstance(d, ast.DurationDeadline):
            return self.duration(d.duration), self.calendars.get(d.calendar or "", w["clock"]) if d.calendar else w["clock"]
        if isinstance(d, ast.Agreed):
            return f"{w['agreed']} ({self.field(d.field)})", ""
        if isinstance(d, ast.NoTarget):
            return f"{w['none']}: {d.reason}", ""
        if isinstance(d, ast.EndOfDay):
            return w["end_of_day"], self.calendars.get(d.calendar, d.calendar)
        return f"{w['next_day']} {_clock(d.at)}", self.calendars.get(d.calendar, d.calendar)

    def event(self, e: ast.EventRef) -> str:
        if e.name == "status" and e.argument:
            return f"{_EVENTS[self.language]['status']} «{self.statuses.get(e.argument, e.argument)}»"
        return self.events.get(e.name) or _EVENTS[self.language].get(e.name, e.name)

    def contact(self, name: str) -> str:
        c = self.contacts.get(name)
        if c is None:
            return name
        details = [f"{self.w.get(s.key, s.key)} {s.value}" for s in c.settings if s.key != "role"]
        return (c.label or name) + (f" ({', '.join(details)})" if details else "")


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _intervals(hours: tuple[ast.Interval, ...]) -> str:
    return ", ".join(f"{_clock(i.start)}–{_clock(i.end)}" for i in hours)


def _days(ranges: tuple[ast.DayRange, ...], language: str) -> str:
    names = _DAYS[language]
    order = list(names)
    to = " a " if language == "es" else " to "
    both = " y " if language == "es" else " and "

    def one(r: ast.DayRange) -> str:
        if not r.last:
            return names[r.first]
        adjacent = order.index(r.last) - order.index(r.first) == 1
        return names[r.first] + (both if adjacent else to) + names[r.last]
    return ", ".join(one(r) for r in ranges)


def _calendar_text(item: ast.CalendarDecl | ast.CalendarExprDecl, words: _Words) -> str:
    w, language = words.w, words.language
    if isinstance(item, ast.CalendarExprDecl):
        return _calendar_expr(item.expr, words)
    parts = []
    for s in item.statements:
        if isinstance(s, ast.WeeklyHours):
            parts.append(f"{_days(s.days, language)} {_intervals(s.hours)}")
        elif isinstance(s, ast.Always):
            parts.append(w["always"])
        elif isinstance(s, ast.ClosedOnHolidays):
            parts.append(w["closed_holidays"])
        elif isinstance(s, ast.ClosedDate):
            parts.append(f"{w['closed_on']} {day_text(s.day, language)}" + (f" ({s.label})" if s.label else ""))
        elif isinstance(s, ast.SpecialHours):
            parts.append(f"{w['special']} {day_text(s.day, language)}: {_intervals(s.hours)}"
                         + (f" ({s.label})" if s.label else ""))
    return "; ".join(parts)


def _calendar_expr(e: ast.CalendarExpr, words: _Words) -> str:
    if isinstance(e, ast.CalRef):
        return words.calendars.get(e.name, e.name)
    if isinstance(e, ast.CalComplement):
        return f"{words.w['outside']} {_calendar_expr(e.operand, words)}"
    joiner = f" {words.w['and']} " if isinstance(e, ast.CalUnion) else f" {words.w['except']} "
    return _calendar_expr(e.left, words) + joiner + _calendar_expr(e.right, words)


def document(policy: Any, year: int, language: str | None = None) -> Document:
    """The published document of a compiled policy (``load_policy``) for ``year``."""
    tree: ast.Policy = policy.ast
    language = lang(language or policy.language)
    words = _Words(tree, language)
    w = words.w
    items = tree.items
    title = policy.label or policy.name
    if policy.version is not None:
        title += f" — {w['version']} {_number(policy.version)}"
    sections: list[Section] = []

    intro = [f"{w['zone']}: {policy.timezone}."]
    sections.append(Section(title, (Paragraph(" ".join(intro)),), level=1))

    # hours: every calendar, then the channels that use them
    calendars = [i for i in items if isinstance(i, (ast.CalendarDecl, ast.CalendarExprDecl))]
    blocks: list[Block] = []
    if calendars:
        blocks.append(Table((w["calendar"], w["schedule"]),
                            tuple((i.label or i.name, _calendar_text(i, words)) for i in calendars)))
    channels = [i for i in items if isinstance(i, ast.ChannelDecl)]
    if channels:
        rows = []
        for c in channels:
            hours = next((words.calendars.get(s.calendar, s.calendar) for s in c.statements
                          if isinstance(s, ast.ChannelHours)), w["always"])
            takes = next((words.condition(s.condition) for s in c.statements if isinstance(s, ast.ChannelTakes)),
                         w["all"])
            contact = ", ".join(words.contact(s.contact) for s in c.statements if isinstance(s, ast.ChannelContact))
            rows.append((c.label or c.name, hours, takes, contact))
        blocks.append(Table((w["channel"], w["schedule"], w["takes"], w["contact"]), tuple(rows)))
    if blocks:
        sections.append(Section(w["hours"], tuple(blocks)))

    sections.append(Section(f"{w['holidays_of']} {year}", tuple(_holiday_blocks(tree, calendars, year, words))))

    definitions: list[Block] = []
    for f in (i for i in items if isinstance(i, ast.FieldDecl)):
        if not isinstance(f.type, ast.EnumType):
            continue
        rows = tuple((v.label or v.name, v.description or "", "; ".join(v.examples)) for v in f.type.values)
        has_examples = any(r[2] for r in rows)
        head = (f.label or f.name, w["description"]) + ((w["examples"],) if has_examples else ())
        definitions.append(Table(head, tuple(r if has_examples else r[:2] for r in rows)))
    if definitions:
        sections.append(Section(w["definitions"], tuple(definitions)))

    for m in (i for i in items if isinstance(i, ast.MatrixDecl)):
        head = (f"{words.field(m.row_field)} / {words.field(m.column_field)}",
                *(words.value(m.column_field, ast.NameValue(c.value)) for c in m.columns))
        rows = tuple((words.value(m.row_field, ast.NameValue(r.key.value)),
                      *(words.value(m.name, ast.NameValue(c.value)) for c in r.cells)) for r in m.rows)
        sections.append(Section(f"{w['matrix']}: {words.field(m.name)}", (Table(head, rows),)))

    target_blocks: list[Block] = []
    for t in (i for i in items if isinstance(i, ast.TargetDecl)):
        target_blocks.extend(_target_blocks(t, words))
    if target_blocks:
        sections.append(Section(w["targets"], tuple(target_blocks)))

    for e in (i for i in items if isinstance(i, ast.EscalationDecl)):
        sections.append(_escalation(e, words))

    for m in (i for i in items if isinstance(i, ast.MaintenanceDecl)):
        sections.append(Section(m.label or w["maintenance"], (Bullets(tuple(_maintenance(m, words))),)))

    scope: list[Block] = []
    routes = [i for i in items if isinstance(i, ast.RouteDecl)]
    if routes:
        scope.append(Paragraph(w["routes"], strong=True))
        scope.append(Bullets(tuple(
            f"{words.condition(r.condition)} → {r.to}" + (f" ({words.contact(r.via)})" if r.via else "")
            + (f": {r.reason}" if r.reason else "") for r in routes)))
    rejects = [i for i in items if isinstance(i, ast.RejectDecl)]
    if rejects:
        scope.append(Paragraph(w["out_of_scope"], strong=True))
        scope.append(Bullets(tuple(f"{words.condition(r.condition)}: {r.reason}" for r in rejects)))
    rules = [i for i in items if isinstance(i, (ast.RequireDecl, ast.ForbidDecl))]
    if rules:
        scope.append(Paragraph(w["rules"], strong=True))
        scope.append(Bullets(tuple(r.message for r in rules)))
    if scope:
        sections.append(Section(w["scope"], tuple(scope)))
    return Document(title, language, tuple(sections))


def _holiday_blocks(tree: ast.Policy, calendars: list[Any], year: int, words: _Words) -> list[Block]:
    w, language = words.w, words.language
    blocks: list[Block] = []
    region = tree.holidays.region if tree.holidays else None
    closes = [c for c in calendars if isinstance(c, ast.CalendarDecl)
              and any(isinstance(s, ast.ClosedOnHolidays) for s in c.statements)]
    if region is not None:
        found = holidays_of_year(region.country, region.subdivision, year)
        blocks.append(Table((w["date"], w["name"]), tuple((day_text(d, language), name) for d, name in found.items())))
        if closes:
            blocks.append(Paragraph(f"{w['closed_holidays'].capitalize()}: "
                                    + ", ".join(c.label or c.name for c in closes) + "."))
    else:
        blocks.append(Paragraph(w["no_holidays"]))
    closed = [(s.day, s.label, c.label or c.name) for c in calendars if isinstance(c, ast.CalendarDecl)
              for s in c.statements if isinstance(s, ast.ClosedDate) and s.day.year == year]
    if closed:
        blocks.append(Paragraph(w["closed_days"], strong=True))
        blocks.append(Bullets(tuple(f"{day_text(d, language)}" + (f" — {label}" if label else "") + f" ({cal})"
                                    for d, label, cal in sorted(closed, key=lambda x: (x[0], x[2])))))
    return blocks


def _target_blocks(t: ast.TargetDecl, words: _Words) -> list[Block]:
    w = words.w
    facts = []
    for s in t.statements:
        if isinstance(s, ast.OnEvents):
            key = {"start": "starts", "stop": "stops", "restart": "restarts", "after_each": "after_each",
                   "reset": "restarts", "cancel": "stops"}[s.role]
            facts.append(f"{w[key]}: {', '.join(words.event(e) for e in s.events)}")
        elif isinstance(s, ast.PauseWhile):
            facts.append(f"{w['pauses']}: {words.condition(s.condition)}")
        elif isinstance(s, ast.WarnAt):
            facts.append(f"{w['warn']} {_number(s.percent)}%")
    rows = []
    for c in (s for s in t.statements if isinstance(s, ast.Clause)):
        time, counted = words.deadline(c.deadline)
        rows.append((words.condition(c.condition) if c.condition is not None else w["otherwise"], time, counted))
    return [Paragraph(t.label or t.name, strong=True), Bullets(tuple(facts)),
            Table((w["condition"], w["time"], w["counted_on"]), tuple(rows))]


def _level_time(time: ast.LevelTime | None, words: _Words) -> str:
    w = words.w
    if time is None:
        return ""
    if isinstance(time, ast.LevelAfter):
        on = f" ({words.calendars.get(time.calendar, time.calendar)})" if time.calendar else ""
        if time.duration.amount == 0:
            return w["immediately"]
        return f"{w['after_time']} {words.duration(time.duration)}{on}"
    if isinstance(time, ast.LevelAtFraction):
        return f"{w['at_pct']} {_number(time.percent)}% {w['of']} {words.targets.get(time.target, time.target)}"
    direction = w["before"] if time.direction == "before" else w["after"]
    return f"{words.duration(time.duration)} {direction} {w['of_due']} {words.targets.get(time.target, time.target)}"


def _escalation(e: ast.EscalationDecl, words: _Words) -> Section:
    w = words.w
    facts = []
    if e.condition is not None:
        facts.append(f"{w['applies']}: {words.condition(e.condition)}")
    if isinstance(e.start, ast.LadderOnEvent):
        facts.append(f"{w['starts_at']}: {words.event(e.start.event)}")
    elif isinstance(e.start, ast.LadderOnBreach):
        facts.append(f"{w['starts_at']}: {w['breach_of']} {words.targets.get(e.start.target, e.start.target)}")
    rows = tuple((_number(lv.number), lv.label or "", lv.role or "", ", ".join(words.contact(c) for c in lv.contacts),
                  _level_time(lv.time, words)) for lv in e.levels)
    blocks: list[Block] = [Bullets(tuple(facts))] if facts else []
    blocks.append(Table((w["level"], w["name"], w["role"], w["contacts"], w["when_level"]), rows))
    return Section(f"{w['escalation']}: {e.label or e.name}", tuple(blocks))


def _maintenance(m: ast.MaintenanceDecl, words: _Words) -> list[str]:
    w = words.w
    out = []
    for s in m.statements:
        if isinstance(s, ast.Notice):
            on = f" ({words.calendars.get(s.calendar, s.calendar)})" if s.calendar else ""
            most = f" {w['notice_max']} {words.duration(s.maximum)}" if s.maximum is not None else ""
            out.append(f"{w['notice_min']} {words.duration(s.minimum)}{on}{most}.")
        elif isinstance(s, ast.Window):
            out.append(f"{w['window']}: {_clock(s.interval.start)}–{_clock(s.interval.end)}.")
        else:
            out.append(w["emergency_any"] if s.kind == "any_time" else w["emergency_same"])
    return out


# ------------------------------------------------------------------ Markdown


def _md(text: str) -> str:
    """Text from the policy, safe inside Markdown: no HTML, no table breaks."""
    return (text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
            .replace("\n", " "))


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
