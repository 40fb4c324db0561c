"""The targets pass: a target starts, stops and warns in one consistent way, and gives a time."""

from __future__ import annotations

from plazo.dsl import ast
from plazo.dsl.check.scope import Scope
from plazo.dsl.check.uses import items_of
from plazo.dsl.diagnostics import Diagnostic, error


def check_targets(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    return [d for item in items_of(policy, ast.TargetDecl) for d in _target(item)]


def _target(item: ast.TargetDecl) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    roles: dict[str, list[ast.OnEvents]] = {}
    for s in item.statements:
        if isinstance(s, ast.OnEvents):
            roles.setdefault(s.role, []).append(s)
        elif isinstance(s, ast.WarnAt) and not 0 < s.percent < 100:
            found.append(error("range", f"a warning at {s.percent}% is not within the target", s.span,
                               "warn at a percentage between 0% and 100%, e.g. warn at 75%"))
    for role, statements in roles.items():
        found.extend(error("duplicate", f"target {item.name} has more than one '{role.replace('_', ' ')}'",
                           extra.span, "list several events on one line, separated by commas")
                     for extra in statements[1:])
    if "start" not in roles and "after_each" not in roles:
        found.append(error("no-start", f"target {item.name} never starts", item.span,
                           "add 'start on created' (or 'after each <event>')"))
    if "start" in roles and "after_each" in roles:
        found.append(error("conflict", f"target {item.name} has both 'start on' and 'after each'",
                           roles["after_each"][0].span, "an 'after each' target starts on each event"))
    if "restart" in roles and "after_each" in roles:
        found.append(error("conflict", f"target {item.name} cannot both restart and run after each event",
                           roles["restart"][0].span))
    found.extend(_life_cycle(item, roles))
    if not any(isinstance(s, ast.Clause) for s in item.statements):
        found.append(error("no-clause", f"target {item.name} gives no time", item.span,
                           "add a clause: when <condition>: <duration>, or otherwise: <duration>"))
    return found


def _life_cycle(item: ast.TargetDecl, roles: dict[str, list[ast.OnEvents]]) -> list[Diagnostic]:
    """``resume on`` and ``field change``: said once, and not against what the other roles say."""
    found: list[Diagnostic] = []
    resumes = [s for s in item.statements if isinstance(s, ast.ResumeOn)]
    changes = [s for s in item.statements if isinstance(s, ast.OnChange)]
    found.extend(error("duplicate", f"target {item.name} has more than one 'resume on'", extra.span,
                       "list several events on one line, separated by commas") for extra in resumes[1:])
    found.extend(error("duplicate", f"target {item.name} has more than one 'field change'", extra.span,
                       "say 'field change: from start' or 'field change: from change' once")
                 for extra in changes[1:])
    for resume in resumes:
        if resume.within.business or resume.within.calendar_days:
            found.append(error("resume-span", "the span of 'resume on ... within' is clock time", resume.within.span,
                               "write it in minutes, hours or days of the clock, e.g. within 7 days"))
        if "after_each" in roles:
            found.append(error("conflict", f"target {item.name} cannot both resume and run after each event",
                               resume.span, "an 'after each' target opens a round at each event"))
        resumed = {(e.name, e.argument) for e in resume.events}
        for role in ("reset", "restart"):
            for other in roles.get(role, []):
                for e in other.events:
                    if (e.name, e.argument) in resumed:
                        found.append(error(
                            "conflict", f"target {item.name} both resumes and {role}s on {_event(e)}", other.span,
                            f"'{role} on' counts from zero and 'resume on' goes on from where the clock stopped: "
                            "keep one of them"))
    return found


def _event(ref: ast.EventRef) -> str:
    return ref.name if ref.argument is None else f"{ref.name} {ref.argument}"
