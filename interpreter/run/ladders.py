"""An escalation ladder's state: when it started, each level's instant, the level
reached and the next one due."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from plazo.interpreter.compile.ladders import CompiledLadder
from plazo.interpreter.compile.targets import Matcher
from plazo.interpreter.run.cycles import Env
from plazo.interpreter.run.datetimes import Instants
from plazo.interpreter.run.outcomes import CycleOutcome, first_breach
from plazo.interpreter.run.results import EscalationResult, LevelResult


def ladder_results(ladders: tuple[CompiledLadder, ...], env: Env, at: int, dt: Instants,
                   first_event: Mapping[Matcher, int], cycles: Mapping[str, Sequence[CycleOutcome]],
                   resolved_at: int | None) -> tuple[EscalationResult, ...]:
    """The ladders that apply to this ticket, in the policy's order (see :func:`ladder_result`)."""
    if not ladders:
        return ()
    found = []
    for ladder in ladders:
        e = ladder_result(ladder, env, at, dt, first_event, cycles, resolved_at)
        if e is not None:
            found.append(e)
    return tuple(found)


def ladder_result(ladder: CompiledLadder, env: Env, at: int, dt: Instants, first_event: Mapping[Matcher, int],
                  cycles: Mapping[str, Sequence[CycleOutcome]], resolved_at: int | None) -> EscalationResult | None:
    """None: the ladder does not apply to this ticket. A ladder stops when the ticket is
    resolved: levels after that are never reached and none is next."""
    if ladder.condition is not None and not ladder.condition(env):
        return None
    start: int | None
    if ladder.start_breach is not None:
        start = first_breach(cycles.get(ladder.start_breach, ()))
    else:
        start = first_event.get(ladder.start_event) if ladder.start_event else None
    stop = resolved_at
    if start is None or ladder.ordered_list:
        # no level has an instant: the same levels on every evaluation, built once (and the
        # whole result of a ladder not started, on a ticket not resolved)
        kept = ladder.kept
        untimed = kept.get("untimed")
        if untimed is None:
            untimed = kept["untimed"] = tuple(
                [LevelResult(lv.number, lv.name, lv.role, lv.contacts, None) for lv in ladder.levels])
        if start is None:
            if stop is not None:
                return EscalationResult(ladder.name, ladder.label, None, None, untimed, None, dt[stop])
            idle: EscalationResult | None = kept.get("idle")
            if idle is None:
                idle = kept["idle"] = EscalationResult(ladder.name, ladder.label, None, None, untimed, None, None)
            return idle
        # an ordered list without times, once started, is at its first level
        return EscalationResult(ladder.name, ladder.label, dt[start], ladder.levels[0].number, untimed, None,
                                dt[stop])
    levels = []
    current = None
    next_at = None
    reached_by = at if stop is None or at < stop else stop
    offsets = ladder.clock_offsets
    for i, lv in enumerate(ladder.levels):
        instant = start + offsets[i] if offsets is not None else lv.timing.instant(start, cycles, env)
        levels.append(LevelResult(lv.number, lv.name, lv.role, lv.contacts, dt[instant]))
        if instant is None:
            continue
        if instant <= reached_by:
            current = lv.number
        elif stop is None and (next_at is None or instant < next_at):
            next_at = instant
    return EscalationResult(ladder.name, ladder.label, dt[start], current, tuple(levels), dt[next_at], dt[stop])
