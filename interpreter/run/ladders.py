"""An escalation ladder's state: when it started, each level's instant, the level
reached and the next one due."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from plazo.interpreter.compile.ladders import CompiledLadder
from plazo.interpreter.compile.targets import Matcher
from plazo.interpreter.run.cycles import Env
from plazo.interpreter.run.datetimes import Instants
from plazo.interpreter.run.outcomes import CycleOutcome
from plazo.interpreter.run.results import EscalationResult, LevelResult


def ladder_result(ladder: CompiledLadder, env: Env, at: int, dt: Instants, first_event: Mapping[Matcher, int],
                  cycles: Mapping[str, Sequence[CycleOutcome]], resolved_at: int | None) -> EscalationResult | None:
    """None: the ladder does not apply to this ticket. A ladder stops when the ticket is
    resolved: levels after that are never reached and none is next."""
    if ladder.condition is not None and not ladder.condition(env):
        return None
    start: int | None
    if ladder.start_breach is not None:
        start = next((o.breached_at for o in cycles.get(ladder.start_breach, ())
                      if o.breached_at is not None), None)
    else:
        start = first_event.get(ladder.start_event) if ladder.start_event else None
    stop = resolved_at
    levels = []
    current = None
    next_at = None
    reached_by = at if stop is None else min(at, stop)
    for lv in ladder.levels:
        instant = None if start is None else lv.timing.instant(start, cycles, env)
        levels.append(LevelResult(lv.number, lv.name, lv.role, lv.contacts, dt[instant]))
        if instant is None:
            continue
        if instant <= reached_by:
            current = lv.number
        elif stop is None and (next_at is None or instant < next_at):
            next_at = instant
    if start is not None and current is None and ladder.ordered_list:
        current = ladder.levels[0].number  # an ordered list without times starts at its first level
    return EscalationResult(ladder.name, ladder.label, dt[start], current, tuple(levels), dt[next_at], dt[stop])
