"""The checker: an ordered tuple of small pure passes over a parsed policy.

Each pass is ``fn(policy, scope) -> list[Diagnostic]``; :func:`check` runs them
all and returns every diagnostic, sorted. ``scope`` is the table of declared
names, built once.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from zoneinfo import available_timezones

from attrs import frozen

from plazo.dsl import ast
from plazo.dsl.diagnostics import Diagnostic, Span, sort_diagnostics
from plazo.dsl.names import BUILTIN_EVENTS, LANGUAGES, WEEKDAYS, suggest

MAX_COMBINATIONS = 20_000
STATUS_FIELD = "status"


@frozen
class Scope:
    calendars: dict[str, ast.CalendarDecl | ast.CalendarExprDecl]
    fields: dict[str, ast.FieldDecl]
    statuses: dict[str, ast.StatusDecl]
    events: dict[str, ast.EventDecl]
    contacts: dict[str, ast.ContactDecl]
    targets: dict[str, ast.TargetDecl]

    def enum_values(self, field: str) -> tuple[str, ...] | None:
        if field == STATUS_FIELD:
            return tuple(self.statuses)
        decl = self.fields.get(field)
        if decl is not None and isinstance(decl.type, ast.EnumType):
            return tuple(v.name for v in decl.type.values)
        return None


def build_scope(policy: ast.Policy) -> Scope:
    def first(kind: type) -> dict:
        found: dict = {}
        for item in policy.items:
            if isinstance(item, kind):
                found.setdefault(item.name, item)
        return found

    calendars = {**first(ast.CalendarExprDecl), **first(ast.CalendarDecl)}
    return Scope(calendars, first(ast.FieldDecl), first(ast.StatusDecl), first(ast.EventDecl),
                 first(ast.ContactDecl), first(ast.TargetDecl))


def error(code: str, message: str, span: Span, hint: str = "") -> Diagnostic:
    return Diagnostic(code, message, span, hint)


def warning(code: str, message: str, span: Span, hint: str = "") -> Diagnostic:
    return Diagnostic(code, message, span, hint, "warning")


# ---------------------------------------------------------------------------- walking


def conditions_of(item: ast.Item) -> Iterator[ast.Condition]:
    if isinstance(item, ast.ChannelDecl):
        yield from (s.condition for s in item.statements if isinstance(s, ast.ChannelTakes))
    elif isinstance(item, ast.DeriveDecl):
        yield from (c.condition for c in item.cases if c.condition is not None)
    elif isinstance(item, ast.TargetDecl):
        for s in item.statements:
            if isinstance(s, ast.PauseWhile):
                yield s.condition
            elif isinstance(s, ast.Clause) and s.condition is not None:
                yield s.condition
    elif isinstance(item, ast.EscalationDecl) and item.condition is not None:
        yield item.condition
    elif isinstance(item, (ast.RouteDecl, ast.RejectDecl, ast.ForbidDecl)):
        yield item.condition
    elif isinstance(item, ast.RequireDecl):
        yield item.condition
        if item.when is not None:
            yield item.when


def atoms(cond: ast.Condition) -> Iterator[ast.Comparison | ast.Membership | ast.Truthy]:
    if isinstance(cond, (ast.And, ast.Or)):
        for operand in cond.operands:
            yield from atoms(operand)
    elif isinstance(cond, ast.Not):
        yield from atoms(cond.operand)
    else:
        yield cond


def calendar_uses(policy: ast.Policy) -> Iterator[tuple[str, Span]]:
    """Every place a calendar is named."""

    def expr(e: ast.CalendarExpr) -> Iterator[tuple[str, Span]]:
        if isinstance(e, ast.CalRef):
            yield e.name, e.span
        elif isinstance(e, ast.CalComplement):
            yield from expr(e.operand)
        else:
            yield from expr(e.left)
            yield from expr(e.right)

    for item in policy.items:
        if isinstance(item, ast.CalendarExprDecl):
            yield from expr(item.expr)
        elif isinstance(item, ast.ChannelDecl):
            yield from ((s.calendar, s.span) for s in item.statements if isinstance(s, ast.ChannelHours))
        elif isinstance(item, ast.TargetDecl):
            for s in item.statements:
                if isinstance(s, ast.Clause) and isinstance(
                    s.deadline, (ast.DurationDeadline, ast.EndOfDay, ast.NextDayAt)
                ) and s.deadline.calendar:
                    yield s.deadline.calendar, s.deadline.span
        elif isinstance(item, ast.EscalationDecl):
            for level in item.levels:
                if isinstance(level.time, ast.LevelAfter) and level.time.calendar:
                    yield level.time.calendar, level.time.span
        elif isinstance(item, ast.MaintenanceDecl):
            for s in item.statements:
                if isinstance(s, ast.Notice) and s.calendar:
                    yield s.calendar, s.span


def event_uses(policy: ast.Policy) -> Iterator[ast.EventRef]:
    for item in policy.items:
        if isinstance(item, ast.TargetDecl):
            for s in item.statements:
                if isinstance(s, ast.OnEvents):
                    yield from s.events
        elif isinstance(item, ast.EscalationDecl) and isinstance(item.start, ast.LadderOnEvent):
            yield item.start.event


def contact_uses(policy: ast.Policy) -> Iterator[tuple[str, Span]]:
    for item in policy.items:
        if isinstance(item, ast.ChannelDecl):
            yield from ((s.contact, s.span) for s in item.statements if isinstance(s, ast.ChannelContact))
        elif isinstance(item, ast.EscalationDecl):
            for level in item.levels:
                yield from ((c, level.span) for c in level.contacts)
        elif isinstance(item, ast.RouteDecl) and item.via:
            yield item.via, item.span


def target_uses(policy: ast.Policy) -> Iterator[tuple[str, Span]]:
    for item in policy.items:
        if isinstance(item, ast.EscalationDecl):
            if isinstance(item.start, ast.LadderOnBreach):
                yield item.start.target, item.start.span
            for level in item.levels:
                if isinstance(level.time, (ast.LevelAtFraction, ast.LevelOffset)):
                    yield level.time.target, level.time.span


def field_uses(policy: ast.Policy) -> Iterator[tuple[str, Span]]:
    for item in policy.items:
        for cond in conditions_of(item):
            yield from ((a.field, a.span) for a in atoms(cond))
        if isinstance(item, ast.MatrixDecl):
            yield item.row_field, item.span
            yield item.column_field, item.span
            yield item.name, item.span
        elif isinstance(item, ast.DeriveDecl):
            yield item.name, item.span
        elif isinstance(item, ast.TargetDecl):
            for s in item.statements:
                if isinstance(s, ast.Clause) and isinstance(s.deadline, ast.Agreed):
                    yield s.deadline.field, s.deadline.span


def durations(policy: ast.Policy) -> Iterator[tuple[ast.Duration, str]]:
    """Every duration with what it is for ("deadline", "level", "notice")."""
    for item in policy.items:
        if isinstance(item, ast.TargetDecl):
            for s in item.statements:
                if isinstance(s, ast.Clause) and isinstance(s.deadline, ast.DurationDeadline):
                    yield s.deadline.duration, "deadline"
        elif isinstance(item, ast.EscalationDecl):
            for level in item.levels:
                if isinstance(level.time, (ast.LevelAfter, ast.LevelOffset)):
                    yield level.time.duration, "level"
        elif isinstance(item, ast.MaintenanceDecl):
            for s in item.statements:
                if isinstance(s, ast.Notice):
                    yield s.minimum, "notice"
                    if s.maximum is not None:
                        yield s.maximum, "notice"


# ---------------------------------------------------------------------------- passes


def check_header(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    if policy.header is None:
        found.append(error("no-policy", "the file does not say which policy it is", policy.span,
                           'start it with: policy <name> "<label>" version 1'))
    if policy.language is not None and policy.language.language not in LANGUAGES:
        found.append(error("unknown-language", f"unknown language '{policy.language.language}'",
                           policy.language.span, "plazo speaks 'es' and 'en'"))
    zones = [policy.timezone] + [
        s for item in policy.items if isinstance(item, ast.CalendarDecl)
        for s in item.statements if isinstance(s, ast.TimezoneDecl)
    ]
    for decl in zones:
        if decl is not None and decl.zone not in _zones():
            found.append(error("unknown-timezone", f"unknown time zone '{decl.zone}'", decl.span,
                               suggest(decl.zone, _zones(), "use an IANA name such as America/Bogota")))
    if policy.timezone is None:
        found.append(error("no-timezone", "the policy has no time zone", policy.header.span if policy.header else policy.span,
                           "add a line: timezone America/Bogota"))
    regions = [policy.holidays] + [
        s for item in policy.items if isinstance(item, ast.CalendarDecl)
        for s in item.statements if isinstance(s, ast.HolidaysDecl)
    ]
    for decl in regions:
        if decl is not None:
            problem = _region_problem(decl.region)
            if problem:
                found.append(error("unknown-holidays", problem[0], decl.span, problem[1]))
    return found


def _zones() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    return _ZONES


_ZONES: frozenset[str] | None = None


def _region_problem(region: ast.Region) -> tuple[str, str] | None:
    import holidays  # the list of countries comes from the package the engine uses

    countries = holidays.list_supported_countries()
    if region.country not in countries:
        return (f"no public holidays are known for '{region.country}'",
                suggest(region.country.upper(), countries, "use an ISO 3166 country code such as CO, MX, GT, US"))
    if region.subdivision and region.subdivision not in countries[region.country]:
        return (f"'{region.subdivision}' is not a subdivision of {region.country}",
                suggest(region.subdivision.upper(), countries[region.country], ""))
    return None


def check_duplicates(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    kinds: list[tuple[str, tuple[type, ...]]] = [
        ("calendar", (ast.CalendarDecl, ast.CalendarExprDecl)), ("field", (ast.FieldDecl,)),
        ("status", (ast.StatusDecl,)), ("event", (ast.EventDecl,)), ("contact", (ast.ContactDecl,)),
        ("channel", (ast.ChannelDecl,)), ("target", (ast.TargetDecl,)), ("escalation", (ast.EscalationDecl,)),
        ("rule", (ast.RouteDecl, ast.RejectDecl, ast.RequireDecl, ast.ForbidDecl)),
        ("derivation", (ast.MatrixDecl, ast.DeriveDecl)),
    ]
    for kind, classes in kinds:
        seen: dict[str, Span] = {}
        for item in policy.items:
            if isinstance(item, classes):
                name = item.name  # type: ignore[union-attr]
                if name in seen:
                    what = f"field {name} is derived twice" if kind == "derivation" else f"{kind} '{name}' is declared twice"
                    found.append(error("duplicate", what, item.span, f"the first is on line {seen[name].line}"))
                else:
                    seen[name] = item.span
    for decl in scope.fields.values():
        if isinstance(decl.type, ast.EnumType):
            values: dict[str, Span] = {}
            for value in decl.type.values:
                if value.name in values:
                    found.append(error("duplicate", f"value '{value.name}' of field {decl.name} is listed twice",
                                       value.span, f"the first is on line {values[value.name].line}"))
                values.setdefault(value.name, value.span)
            if not decl.type.values:
                found.append(error("empty-enum", f"field {decl.name} lists no values", decl.span,
                                   "list its values inside { }, or give a type: number, boolean, text, datetime"))
    if STATUS_FIELD in scope.fields:
        found.append(error("reserved", "'status' is the ticket's status, not a field", scope.fields[STATUS_FIELD].span,
                           "declare statuses with: status <name> \"<label>\""))
    return found


def check_names(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for name, span in calendar_uses(policy):
        if name not in scope.calendars:
            found.append(error("unknown-calendar", f"unknown calendar '{name}'", span,
                               suggest(name, scope.calendars, "declare it with: calendar <name> { ... }")))
    for name, span in contact_uses(policy):
        if name not in scope.contacts:
            found.append(error("unknown-contact", f"unknown contact '{name}'", span,
                               suggest(name, scope.contacts, "declare it with: contact <name> \"<label>\"")))
    for name, span in target_uses(policy):
        if name not in scope.targets:
            found.append(error("unknown-target", f"unknown target '{name}'", span, suggest(name, scope.targets)))
    events = set(BUILTIN_EVENTS) | set(scope.events)
    for ref in event_uses(policy):
        if ref.name == "status":
            if ref.argument is None:
                found.append(error("unknown-status", "'status' needs the name of a status", ref.span,
                                   "write e.g. 'status backlog'"))
            elif ref.argument not in scope.statuses:
                found.append(error("unknown-status", f"unknown status '{ref.argument}'", ref.span,
                                   suggest(ref.argument, scope.statuses, "declare it with: status <name>")))
        elif ref.argument is not None:
            found.append(error("syntax", f"event '{ref.name}' takes no argument", ref.span,
                               f"remove '{ref.argument}'"))
        elif ref.name not in events:
            found.append(error("unknown-event", f"unknown event '{ref.name}'", ref.span,
                               suggest(ref.name, events, "declare it with: event <name> \"<label>\"")))
    for item in policy.items:
        for cond in conditions_of(item):
            for atom in atoms(cond):
                found.extend(_check_atom(atom, scope))
        if isinstance(item, ast.TargetDecl):
            for s in item.statements:
                if isinstance(s, ast.Clause) and isinstance(s.deadline, ast.Agreed):
                    decl = scope.fields.get(s.deadline.field)
                    if decl is None:
                        found.append(error("unknown-field", f"unknown field '{s.deadline.field}'", s.deadline.span,
                                           suggest(s.deadline.field, scope.fields)))
                    elif not (isinstance(decl.type, ast.ScalarType) and decl.type.kind == "datetime"):
                        found.append(error("type", f"'agreed {decl.name}' needs a datetime field", s.deadline.span,
                                           f"declare it as: field {decl.name} datetime"))
        if isinstance(item, ast.DeriveDecl):
            found.extend(_check_derive(item, scope))
    return found


def _check_atom(atom: ast.Comparison | ast.Membership | ast.Truthy, scope: Scope) -> list[Diagnostic]:
    if atom.field != STATUS_FIELD and atom.field not in scope.fields:
        return [error("unknown-field", f"unknown field '{atom.field}'", atom.span,
                      suggest(atom.field, [*scope.fields, STATUS_FIELD], "declare it with: field <name> ..."))]
    kind = "enum" if atom.field == STATUS_FIELD else (
        "enum" if isinstance(scope.fields[atom.field].type, ast.EnumType) else scope.fields[atom.field].type.kind  # type: ignore[union-attr]
    )
    if isinstance(atom, ast.Truthy):
        # a boolean field alone is a test of truth; any other field alone asks whether it has a value
        return []
    values = (atom.value,) if isinstance(atom, ast.Comparison) else atom.values
    found: list[Diagnostic] = []
    if kind == "enum":
        domain = scope.enum_values(atom.field) or ()
        if isinstance(atom, ast.Comparison) and atom.op not in ("=", "!="):
            found.append(error("type", f"{atom.field} has named values: compare with = or !=", atom.span))
        for value in values:
            if not isinstance(value, ast.NameValue) or value.name not in domain:
                shown = value.name if isinstance(value, ast.NameValue) else str(getattr(value, "value", ""))
                what = f"status '{shown}'" if atom.field == STATUS_FIELD else f"value '{shown}' for field {atom.field}"
                found.append(error("unknown-value", f"unknown {what}", value.span,
                                   suggest(shown, domain, "one of: " + ", ".join(domain))))
    elif kind == "number":
        for value in values:
            if not isinstance(value, ast.NumberValue):
                found.append(error("type", f"{atom.field} is a number; compare it with a number", value.span))
    elif kind == "boolean":
        for value in values:
            if not (isinstance(value, ast.NameValue) and value.name in ("true", "false")):
                found.append(error("type", f"{atom.field} is a boolean: compare with true or false", value.span))
    return found


def _check_derive(item: ast.DeriveDecl, scope: Scope) -> list[Diagnostic]:
    decl = scope.fields.get(item.name)
    if decl is None:
        return [error("unknown-field", f"unknown field '{item.name}'", item.span,
                      suggest(item.name, scope.fields, f"declare the field it derives: field {item.name} {{ ... }}"))]
    domain = scope.enum_values(item.name)
    found = []
    for case in item.cases:
        if domain is not None and (not isinstance(case.value, ast.NameValue) or case.value.name not in domain):
            shown = getattr(case.value, "name", getattr(case.value, "value", ""))
            found.append(error("unknown-value", f"unknown value '{shown}' for field {item.name}", case.value.span,
                               suggest(str(shown), domain, "one of: " + ", ".join(domain))))
    return found


def check_matrices(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for item in policy.items:
        if not isinstance(item, ast.MatrixDecl):
            continue
        domains = {}
        for role, name in (("result", item.name), ("row", item.row_field), ("column", item.column_field)):
            decl = scope.fields.get(name)
            if decl is None:
                found.append(error("unknown-field", f"unknown field '{name}'", item.span, suggest(name, scope.fields)))
            elif not isinstance(decl.type, ast.EnumType):
                found.append(error("type", f"matrix {item.name}: field {name} must list its values", item.span))
            else:
                domains[role] = [v.name for v in decl.type.values]
        if len(domains) < 3:
            continue
        found.extend(_axis(item, "column", item.column_field, domains["column"], list(item.columns)))
        found.extend(_axis(item, "row", item.row_field, domains["row"], [r.key for r in item.rows]))
        for row in item.rows:
            for cell in row.cells:
                if cell.value not in domains["result"]:
                    found.append(error("unknown-value", f"unknown value '{cell.value}' for field {item.name}",
                                       cell.span, suggest(cell.value, domains["result"],
                                                          "one of: " + ", ".join(domains["result"]))))
    return found


def _axis(item: ast.MatrixDecl, role: str, field: str, domain: list[str], cells: list[ast.Cell]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    seen: set[str] = set()
    for cell in cells:
        if cell.value not in domain:
            found.append(error("unknown-value", f"unknown value '{cell.value}' for field {field}", cell.span,
                               suggest(cell.value, domain, "one of: " + ", ".join(domain))))
        elif cell.value in seen:
            found.append(error("duplicate", f"{role} '{cell.value}' appears twice in matrix {item.name}", cell.span))
        seen.add(cell.value)
    missing = [v for v in domain if v not in seen]
    if missing:
        found.append(error(
            "matrix-total", f"matrix {item.name} has no {role} for {field} = {', '.join(missing)}", item.span,
            f"add a {role} for each value of {field}: the matrix must give {item.name} for every case",
        ))
    return found


def check_targets(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for item in policy.items:
        if not isinstance(item, ast.TargetDecl):
            continue
        roles: dict[str, list[ast.OnEvents]] = {}
        for s in item.statements:
            if isinstance(s, ast.OnEvents):
                roles.setdefault(s.role, []).append(s)
            elif isinstance(s, ast.WarnAt) and not 0 < s.percent < 100:
                found.append(error("range", f"a warning at {s.percent}% is not within the target", s.span,
                                   "warn at a percentage between 0% and 100%, e.g. warn at 75%"))
        for role, statements in roles.items():
            for extra in statements[1:]:
                found.append(error("duplicate", f"target {item.name} has more than one '{role.replace('_', ' ')}'",
                                   extra.span, "list several events on one line, separated by commas"))
        if "start" not in roles and "after_each" not in roles:
            found.append(error("no-start", f"target {item.name} never starts", item.span,
                               "add 'start on created' (or 'after each <event>')"))
        if "start" in roles and "after_each" in roles:
            found.append(error("conflict", f"target {item.name} has both 'start on' and 'after each'",
                               roles["after_each"][0].span, "an 'after each' target starts on each event"))
        if "restart" in roles and "after_each" in roles:
            found.append(error("conflict", f"target {item.name} cannot both restart and run after each event",
                               roles["restart"][0].span))
        clauses = [s for s in item.statements if isinstance(s, ast.Clause)]
        if not clauses:
            found.append(error("no-clause", f"target {item.name} gives no time", item.span,
                               "add a clause: when <condition>: <duration>, or otherwise: <duration>"))
        found.extend(_check_clauses(item, clauses, scope))
    return found


def _check_clauses(item: ast.TargetDecl, clauses: list[ast.Clause], scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    otherwise = next((c for c in clauses if c.condition is None), None)
    if otherwise is not None:
        for later in clauses[clauses.index(otherwise) + 1:]:
            found.append(error("unreachable", f"this clause of target {item.name} is never used", later.span,
                               f"'otherwise' on line {otherwise.span.line} already matches every ticket"))
    seen: dict[ast.Condition, Span] = {}
    for clause in clauses:
        if clause.condition is not None:
            if clause.condition in seen:
                found.append(error("unreachable", f"this clause of target {item.name} repeats the condition of line "
                                   f"{seen[clause.condition].line}", clause.span, "the first matching clause wins"))
            seen.setdefault(clause.condition, clause.span)
        deadline = clause.deadline
        if isinstance(deadline, ast.DurationDeadline):
            found.extend(_check_deadline_duration(deadline))
    if otherwise is None and clauses:
        found.extend(_coverage(item, clauses, scope))
    return found


def _check_deadline_duration(deadline: ast.DurationDeadline) -> list[Diagnostic]:
    d = deadline.duration
    if d.business and deadline.calendar is None:
        return [error("no-calendar", f"business {d.unit} need a calendar", deadline.span,
                      f"write: {_amount(d.amount)} business {d.unit} on <calendar>")]
    if d.unit == "days" and not d.business and deadline.calendar is not None:
        return [warning("days-on-calendar",
                        f"'{_amount(d.amount)} days on {deadline.calendar}' counts {_amount(d.amount * 24)} open hours",
                        deadline.span, f"for working days write: {_amount(d.amount)} business days on {deadline.calendar}")]
    return []


def _amount(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _coverage(item: ast.TargetDecl, clauses: list[ast.Clause], scope: Scope) -> list[Diagnostic]:
    """Combinations of enumerated values that no clause can match."""
    fields: list[str] = []
    for clause in clauses:
        for atom in atoms(clause.condition):  # type: ignore[arg-type]
            if atom.field != STATUS_FIELD and scope.enum_values(atom.field) and atom.field not in fields:
                fields.append(atom.field)
    if not fields:
        return []
    domains = [scope.enum_values(f) or () for f in fields]
    total = 1
    for domain in domains:
        total *= len(domain)
    if total > MAX_COMBINATIONS:
        return []
    uncovered = []
    for combo in itertools.product(*domains):
        values = dict(zip(fields, combo))
        if all(_evaluate(c.condition, values) is False for c in clauses):  # type: ignore[arg-type]
            uncovered.append(values)
    if not uncovered:
        return []
    shown = "; ".join(", ".join(f"{k} = {v}" for k, v in combo.items()) for combo in uncovered[:5])
    more = f" (and {len(uncovered) - 5} more)" if len(uncovered) > 5 else ""
    return [warning(
        "uncovered", f"target {item.name} has no clause for {shown}{more}", item.span,
        "add a clause for these cases, 'otherwise: none \"<reason>\"' if they have no target, "
        "or 'otherwise: <duration>'",
    )]


def _evaluate(cond: ast.Condition, values: dict[str, str]) -> bool | None:
    """Three-valued: None when the condition depends on something other than ``values``."""
    if isinstance(cond, ast.And):
        results = [_evaluate(c, values) for c in cond.operands]
        return False if False in results else (None if None in results else True)
    if isinstance(cond, ast.Or):
        results = [_evaluate(c, values) for c in cond.operands]
        return True if True in results else (None if None in results else False)
    if isinstance(cond, ast.Not):
        inner = _evaluate(cond.operand, values)
        return None if inner is None else not inner
    if cond.field not in values:
        return None
    actual = values[cond.field]
    if isinstance(cond, ast.Comparison) and isinstance(cond.value, ast.NameValue):
        if cond.op == "=":
            return actual == cond.value.name
        if cond.op == "!=":
            return actual != cond.value.name
    if isinstance(cond, ast.Membership):
        return actual in {v.name for v in cond.values if isinstance(v, ast.NameValue)}
    return None


def check_escalations(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for item in policy.items:
        if not isinstance(item, ast.EscalationDecl):
            continue
        if not item.levels:
            found.append(error("no-levels", f"escalation {item.name} has no levels", item.span,
                               'add: level 1 "<name>" contact <contact> after 0 minutes'))
        previous: ast.Level | None = None
        for level in item.levels:
            if previous is not None and level.number <= previous.number:
                found.append(error("ladder-order", f"level {level.number} comes after level {previous.number}",
                                   level.span, "number the levels 1, 2, 3 ... in order"))
            if previous is not None and _later_or_equal(previous.time, level.time) is True:
                found.append(error("ladder-order", f"level {level.number} of {item.name} is not reached after "
                                   f"level {previous.number}", level.span,
                                   "each level must be reached later than the one before"))
            previous = level
        timed = {level.time is not None for level in item.levels}
        if len(timed) > 1:
            found.append(error("ladder-mixed", f"some levels of {item.name} have times and some do not", item.span,
                               "give every level a time, or none (an ordered list to follow)"))
    return found


def _later_or_equal(a: ast.LevelTime | None, b: ast.LevelTime | None) -> bool | None:
    if isinstance(a, ast.LevelAfter) and isinstance(b, ast.LevelAfter) and a.calendar == b.calendar:
        comparable = a.duration.unit != "days" or a.duration.business == b.duration.business
        return _minutes(a.duration) >= _minutes(b.duration) if comparable else None
    if isinstance(a, ast.LevelAtFraction) and isinstance(b, ast.LevelAtFraction) and a.target == b.target:
        return a.percent >= b.percent
    return None


def _minutes(d: ast.Duration) -> Decimal:
    return d.amount * {"minutes": 1, "hours": 60, "days": 1440}[d.unit]


def check_durations(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for duration, use in durations(policy):
        if use != "level" and duration.amount <= 0:
            found.append(error("range", "a duration here must be more than zero", duration.span,
                               "a target due at once is 'none' or a few minutes"))
        if duration.unit == "days" and duration.business and duration.amount != duration.amount.to_integral():
            found.append(error("range", "business days are whole days", duration.span,
                               "write business hours for part of a day"))
    for item in policy.items:
        if isinstance(item, ast.MaintenanceDecl):
            for s in item.statements:
                if isinstance(s, ast.Notice) and s.maximum is not None and _minutes(s.maximum) < _minutes(s.minimum):
                    found.append(error("range", "the longest notice is shorter than the shortest", s.span))
    return found


def check_calendars(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for item in policy.items:
        if not isinstance(item, ast.CalendarDecl):
            continue
        weekly = [s for s in item.statements if isinstance(s, ast.WeeklyHours)]
        always = [s for s in item.statements if isinstance(s, ast.Always)]
        special = [s for s in item.statements if isinstance(s, ast.SpecialHours)]
        if not weekly and not always and not special:
            found.append(error("empty-calendar", f"calendar {item.name} has no hours: it is never open", item.span,
                               "add hours, e.g. mon-fri 08:00-18:00, or 'always' for 24x7"))
        if always and weekly:
            found.append(error("conflict", f"calendar {item.name} is 'always' open and also lists hours",
                               weekly[0].span, "remove the hours, or remove 'always'"))
        per_day: dict[int, list[tuple[ast.Interval, Span]]] = {d: [] for d in range(7)}
        for statement in weekly:
            for interval in statement.hours:
                if interval.start == interval.end:
                    found.append(error("empty-interval", f"{_hhmm(interval.start)}-{_hhmm(interval.end)} is empty",
                                       interval.span, "for a whole day write 00:00-24:00"))
                    continue
                for day in _days(statement.days):
                    per_day[day].append((interval, interval.span))
        found.extend(_grouped_overlaps(item.name, per_day))
        dates: dict[object, Span] = {}
        for statement in item.statements:
            if isinstance(statement, (ast.ClosedDate, ast.SpecialHours)):
                if statement.day in dates:
                    found.append(error("duplicate", f"{statement.day} is given twice in calendar {item.name}",
                                       statement.span, f"the first is on line {dates[statement.day].line}"))
                dates.setdefault(statement.day, statement.span)
            if isinstance(statement, ast.SpecialHours):
                found.extend(_overlaps(item.name, str(statement.day), [(i, i.span) for i in statement.hours]))
        for kind in (ast.TimezoneDecl, ast.HolidaysDecl, ast.ClosedOnHolidays):
            repeated = [s for s in item.statements if isinstance(s, kind)]
            for extra in repeated[1:]:
                found.append(error("duplicate", f"calendar {item.name} says this twice", extra.span))
        if any(isinstance(s, ast.ClosedOnHolidays) for s in item.statements) and policy.holidays is None and not any(
            isinstance(s, ast.HolidaysDecl) for s in item.statements
        ):
            found.append(error("no-holidays", f"calendar {item.name} closes on holidays, but no country is given",
                               item.span, "add 'holidays CO' to the policy header or to the calendar"))
    found.extend(_calendar_cycles(scope))
    return found


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _days(ranges: tuple[ast.DayRange, ...]) -> list[int]:
    days: list[int] = []
    for r in ranges:
        if r.first not in WEEKDAYS or (r.last is not None and r.last not in WEEKDAYS):
            continue
        first = WEEKDAYS.index(r.first)
        last = WEEKDAYS.index(r.last) if r.last else first
        days.extend((first + i) % 7 for i in range((last - first) % 7 + 1))
    return days


def _grouped_overlaps(calendar: str, per_day: dict[int, list[tuple[ast.Interval, Span]]]) -> list[Diagnostic]:
    """One diagnostic per overlapping pair of intervals, naming every day it happens on."""
    days_of: dict[tuple[Span, str], list[str]] = {}
    first: dict[tuple[Span, str], Diagnostic] = {}
    for day, intervals in per_day.items():
        for d in _overlaps(calendar, WEEKDAYS[day], intervals):
            key = (d.span, d.message.split(", ", 1)[1])
            days_of.setdefault(key, []).append(WEEKDAYS[day])
            first.setdefault(key, d)
    return [
        error("overlap", f"on {', '.join(days)}, {key[1]}", key[0], first[key].hint)
        for key, days in days_of.items()
    ]


def _overlaps(calendar: str, day: str, intervals: list[tuple[ast.Interval, Span]]) -> list[Diagnostic]:
    found = []
    pieces = sorted(
        ((i.start, i.end if i.end > i.start else 24 * 60 + i.end, i, span) for i, span in intervals),
        key=lambda p: p[:2],
    )
    for (s1, e1, i1, _), (s2, e2, i2, span2) in zip(pieces, pieces[1:]):
        if s2 < e1:
            found.append(error("overlap", f"on {day}, {_hhmm(i2.start)}-{_hhmm(i2.end)} overlaps "
                               f"{_hhmm(i1.start)}-{_hhmm(i1.end)} in calendar {calendar}", span2,
                               "join them into one interval, or fix the times"))
    return found


def _calendar_cycles(scope: Scope) -> list[Diagnostic]:
    found = []

    def refs(e: ast.CalendarExpr) -> Iterator[str]:
        if isinstance(e, ast.CalRef):
            yield e.name
        elif isinstance(e, ast.CalComplement):
            yield from refs(e.operand)
        else:
            yield from refs(e.left)
            yield from refs(e.right)

    for name, decl in scope.calendars.items():
        if not isinstance(decl, ast.CalendarExprDecl):
            continue
        stack, seen = list(refs(decl.expr)), set()
        while stack:
            current = stack.pop()
            if current == name:
                found.append(error("cycle", f"calendar {name} is defined in terms of itself", decl.span))
                break
            if current in seen:
                continue
            seen.add(current)
            other = scope.calendars.get(current)
            if isinstance(other, ast.CalendarExprDecl):
                stack.extend(refs(other.expr))
    return found


def check_unused(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    used_calendars = {name for name, _ in calendar_uses(policy)}
    for name, decl in scope.calendars.items():
        if name not in used_calendars:
            found.append(warning("unused", f"calendar '{name}' is never used", decl.span,
                                 "use it in a target, channel or escalation, or remove it"))
    used_contacts = {name for name, _ in contact_uses(policy)}
    for name, decl in scope.contacts.items():
        if name not in used_contacts:
            found.append(warning("unused", f"contact '{name}' is never used", decl.span,
                                 "name it in a channel, escalation level or route, or remove it"))
    used_events = {r.name for r in event_uses(policy)}
    for name, decl in scope.events.items():
        if name not in used_events:
            found.append(warning("unused", f"event '{name}' is never used", decl.span,
                                 "use it in a 'start on', 'stop on' or ladder start, or remove it"))
    used_fields = {name for name, _ in field_uses(policy)}
    for name, decl in scope.fields.items():
        if name not in used_fields:
            found.append(warning("unused", f"field '{name}' is never used", decl.span,
                                 "fields nothing reads are still shown in documents; ignore this if it is on purpose"))
    return found


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_URL = re.compile(r"https?://\S+")
_PHONE = re.compile(r"\+?[\d\s().-]*\d[\d\s().-]*(?:\s*(?:ext|ext\.|x)\s*\d+)?")


def _settings(policy: ast.Policy) -> Iterator[ast.Setting]:
    for item in policy.items:
        if isinstance(item, (ast.ContactDecl, ast.ChannelDecl)):
            settings = item.settings if isinstance(item, ast.ContactDecl) else item.statements
            yield from (s for s in settings if isinstance(s, ast.Setting))


def check_settings(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    """Contact details that can be read, one maintenance rule of each kind, a reason for 'none'."""
    found: list[Diagnostic] = []
    shapes = {"email": (_EMAIL, "write an address like soporte@example.com"),
              "url": (_URL, "write the address with http:// or https://"),
              "phone": (_PHONE, "write digits, with an optional leading + and spaces, e.g. \"+57 601 555 0100\"")}
    for setting in _settings(policy):
        shape = shapes.get(setting.key)
        if shape and not shape[0].fullmatch(setting.value.strip()):
            found.append(error("bad-contact", f"'{setting.value}' is not a valid {setting.key}", setting.span, shape[1]))
    for item in policy.items:
        if isinstance(item, ast.MaintenanceDecl):
            seen: dict[type, ast.Notice | ast.Window | ast.Emergency] = {}
            for s in item.statements:
                if type(s) in seen:
                    found.append(error("duplicate", "a maintenance rule says this twice", s.span,
                                       f"keep the first (line {seen[type(s)].span.line})"))
                seen.setdefault(type(s), s)
                if isinstance(s, ast.Window) and s.interval.start == s.interval.end:
                    found.append(error("range", "the maintenance window is empty", s.span,
                                       "write 00:00-24:00 for a window that is always open"))
        elif isinstance(item, ast.TargetDecl):
            for s in item.statements:
                if isinstance(s, ast.Clause) and isinstance(s.deadline, ast.NoTarget) and not s.deadline.reason.strip():
                    found.append(error("no-reason", "say why there is no target", s.deadline.span,
                                       'e.g. none "se acuerda con el cliente"'))
    return found


Pass = Callable[[ast.Policy, Scope], list[Diagnostic]]

PASSES: tuple[Pass, ...] = (
    check_header,
    check_duplicates,
    check_names,
    check_matrices,
    check_targets,
    check_escalations,
    check_durations,
    check_calendars,
    check_settings,
    check_unused,
)

# Which passes look at each AST node (tests/test_language_coverage.py keeps this
# table, the AST and PASSES in agreement, so a new node cannot go unchecked).
CHECKED_BY: dict[type, tuple[Pass, ...]] = {
    ast.Policy: (check_header,), ast.PolicyDecl: (check_header,), ast.LanguageDecl: (check_header,),
    ast.TimezoneDecl: (check_header, check_calendars), ast.HolidaysDecl: (check_header, check_calendars),
    ast.Region: (check_header,),
    ast.NameValue: (check_names,), ast.NumberValue: (check_names,), ast.StringValue: (check_names,),
    ast.Comparison: (check_names, check_targets), ast.Membership: (check_names, check_targets),
    ast.Truthy: (check_names, check_targets), ast.Not: (check_targets,), ast.And: (check_targets,),
    ast.Or: (check_targets,),
    ast.CalendarDecl: (check_duplicates, check_calendars, check_unused), ast.WeeklyHours: (check_calendars,),
    ast.DayRange: (check_calendars,), ast.Interval: (check_calendars,), ast.Always: (check_calendars,),
    ast.ClosedOnHolidays: (check_calendars,), ast.ClosedDate: (check_calendars,),
    ast.SpecialHours: (check_calendars,), ast.CalendarExprDecl: (check_duplicates, check_calendars),
    ast.CalRef: (check_names, check_calendars), ast.CalUnion: (check_calendars,),
    ast.CalDifference: (check_calendars,), ast.CalComplement: (check_calendars,),
    ast.FieldDecl: (check_duplicates, check_unused), ast.EnumType: (check_duplicates, check_matrices),
    ast.EnumValue: (check_duplicates, check_names), ast.ScalarType: (check_names, check_matrices),
    ast.StatusDecl: (check_duplicates, check_names), ast.EventDecl: (check_duplicates, check_names, check_unused),
    ast.Setting: (check_settings,), ast.ContactDecl: (check_duplicates, check_unused),
    ast.ChannelHours: (check_names,), ast.ChannelContact: (check_names,), ast.ChannelTakes: (check_names,),
    ast.ChannelDecl: (check_duplicates, check_settings),
    ast.Cell: (check_matrices,), ast.MatrixRow: (check_matrices,), ast.MatrixDecl: (check_matrices, check_duplicates),
    ast.DeriveCase: (check_names,), ast.DeriveDecl: (check_names, check_duplicates),
    ast.Duration: (check_durations,), ast.EventRef: (check_names,), ast.DurationDeadline: (check_targets,),
    ast.Agreed: (check_names,), ast.NoTarget: (check_settings,), ast.EndOfDay: (check_names,),
    ast.NextDayAt: (check_names,), ast.Clause: (check_targets,), ast.OnEvents: (check_targets, check_names),
    ast.PauseWhile: (check_names,), ast.WarnAt: (check_targets,), ast.TargetDecl: (check_targets, check_duplicates),
    ast.LadderOnEvent: (check_names,), ast.LadderOnBreach: (check_names,), ast.LevelAfter: (check_escalations,),
    ast.LevelAtFraction: (check_escalations, check_names), ast.LevelOffset: (check_escalations, check_names),
    ast.Level: (check_escalations,), ast.EscalationDecl: (check_escalations, check_duplicates),
    ast.RouteDecl: (check_names, check_duplicates), ast.RejectDecl: (check_names, check_duplicates),
    ast.RequireDecl: (check_names, check_duplicates), ast.ForbidDecl: (check_names, check_duplicates),
    ast.Notice: (check_durations,), ast.Window: (check_settings,), ast.Emergency: (check_settings,),
    ast.MaintenanceDecl: (check_settings,),
    ast.Comment: (),  # comments carry no meaning: nothing to check
}


def check(policy: ast.Policy) -> list[Diagnostic]:
    """Every diagnostic of every pass, sorted by position."""
    scope = build_scope(policy)
    found: list[Diagnostic] = []
    for run in PASSES:
        found.extend(run(policy, scope))
    return sort_diagnostics(found)
