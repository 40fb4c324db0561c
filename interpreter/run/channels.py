"""The channels open to a ticket at an instant: those that take its values, on a calendar
open then."""

from __future__ import annotations

from plazo.interpreter.compile.policy import CompiledPolicy
from plazo.interpreter.run.cycles import Env
from plazo.interpreter.time.calendar import BusinessCalendar


def open_channels(policy: CompiledPolicy, env: Env, at_us: int) -> tuple[str, ...]:
    """The names of the channels that take a ticket with values ``env`` and are open at
    ``at_us``, in the policy's order."""
    taking = policy.channels_taking
    channels = policy.channels if taking is None else taking(env)
    test_takes = taking is None  # the memo has tested the conditions already
    # a dozen channels share a handful of calendars: each is asked once (a calendar is
    # its own key: compared by identity)
    is_open: dict[BusinessCalendar, bool] = {}
    names = []
    for c in channels:
        if test_takes and c.takes is not None and not c.takes(env):
            continue
        if not c.always_open:
            calendar = c.calendar
            assert calendar is not None  # no calendar is always open
            found = is_open.get(calendar)
            if found is None:
                found = is_open[calendar] = calendar.is_open_us(at_us)
            if not found:
                continue
        names.append(c.name)
    return tuple(names)
