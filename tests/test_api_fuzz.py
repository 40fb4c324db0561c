"""The embedding API under arbitrary input (issue: hardening): whatever an embedder
passes, plazo answers or raises a :class:`PlazoError` saying what is wrong; never a
TypeError, an OverflowError or a KeyError from deep inside."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from examples_budget import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from policy_helpers import policy

from plazo.interpreter import BusinessCalendar, PlazoError, Ticket

POLICIES = ("aldeamo", "ikhodi", "intcomex", "openpyme", "wekall")
ZONES = [UTC, ZoneInfo("America/Bogota"), ZoneInfo("America/New_York"), timezone(timedelta(hours=14))]

# JSON-like values, and what only Python can hand over: integers past any float, NaN, bytes, keys that are not texts
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**300, max_value=10**4000),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20), st.binary(max_size=8),
    st.sampled_from(["alto", "P1", "incidente", "2026-03-02T10:00-05:00", "0001-01-01T00:00+00:00",
                     "9999-12-31T23:59+00:00", "2026-03-08T02:30", "created", "resolved"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), inner, max_size=3),
                      max_leaves=8)
instants = st.one_of(
    st.datetimes(timezones=st.sampled_from(ZONES)),  # year 1 to 9999, aware
    st.datetimes(),  # naive
    st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 1, 1), timezones=st.sampled_from(ZONES)),
)
event_types = st.sampled_from(["created", "first_response", "resolved", "closed", "reopened", "status",
                               "agent_message", "set", "nope"])
events = st.fixed_dictionaries(
    {"type": st.one_of(event_types, values), "at": st.one_of(instants.map(lambda t: t.isoformat()), values)},
    optional={"status": values, "field": values, "value": values},
)
fields = st.dictionaries(st.sampled_from(["type", "severity", "priority", "service", "impact", "urgency",
                                          "report_months", "customer", "x"]), values, max_size=4)
tickets = st.one_of(
    values,
    st.fixed_dictionaries({"id": st.one_of(st.text(max_size=8), values), "fields": st.one_of(fields, values),
                           "events": st.one_of(st.lists(events, max_size=5), values)}),
)


@settings(max_examples=examples(400))
@given(name=st.sampled_from(POLICIES), data=tickets, at=instants)
def test_a_ticket_evaluates_or_is_refused_with_a_plazo_error(name: str, data: Any, at: datetime) -> None:
    p = policy(name)
    with contextlib.suppress(PlazoError):
        ticket = Ticket.from_dict(data)
        result = p.evaluate(ticket, at)
        result.to_dict()
        p.explain(ticket, at)


CALENDARS = [(name, calendar) for name in POLICIES for calendar in sorted(policy(name).calendars)]


@settings(max_examples=examples(400))
@given(which=st.sampled_from(CALENDARS), t=st.one_of(instants, values), u=st.one_of(instants, values),
       d=st.one_of(st.timedeltas(), st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400)), values),
       n=st.one_of(st.integers(min_value=-5, max_value=10**6), values))
def test_calendar_questions_are_answered_or_refused_with_a_plazo_error(which: tuple[str, str], t: Any, u: Any,
                                                                        d: Any, n: Any) -> None:
    calendar: BusinessCalendar = policy(which[0]).calendar(which[1])
    for question in (lambda: calendar.add(t, d), lambda: calendar.subtract(t, d), lambda: calendar.is_open(t),
                     lambda: calendar.next_open(t), lambda: calendar.add_business_days(t, n),
                     lambda: calendar.elapsed(t, u)):
        with contextlib.suppress(PlazoError):
            question()
