"""``Ticket.from_dict`` reads the common event (a type and an ISO 8601 instant) on a short
path: one conversion of the instant, the order checked on epoch microseconds. It gives
the ticket, or the error (message and JSON path), that reading every event the long way
and comparing the datetimes gives: for instants across the whole supported range and
past it, with offsets of hours, minutes, seconds and fractions, without one, or not an
instant at all."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
from examples_budget import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from plazo.interpreter.errors import TicketError
from plazo.interpreter.run.ticket import Event, Ticket, _structure_event
from plazo.interpreter.time.instants import to_us


def long_way(data: dict[str, Any]) -> Ticket:
    """Every event read with all the checks, the order compared on datetimes (the oracle)."""
    events = tuple(_structure_event(e, ("events", i)) for i, e in enumerate(data["events"]))
    for i in range(1, len(events)):
        if events[i].at < events[i - 1].at:
            raise TicketError(f"events out of order: {events[i].at.isoformat()} is before the previous event "
                              f"({events[i - 1].at.isoformat()})", ("events", i, "at"))
    return Ticket(str(data["id"]), dict(data["fields"]), events)


offsets = st.one_of(
    st.just(UTC), st.integers(-23 * 60, 23 * 60).map(lambda m: timezone(timedelta(minutes=m))),
    st.integers(-86_399, 86_399).map(lambda s: timezone(timedelta(seconds=s))),
    st.integers(-86_399_999_999, 86_399_999_999).map(lambda us: timezone(timedelta(microseconds=us))))
instants = st.one_of(
    st.datetimes(min_value=datetime(1899, 12, 30), max_value=datetime(3000, 1, 2), timezones=offsets)
    .map(lambda d: d.isoformat()),
    st.datetimes(min_value=datetime(2035, 1, 1), max_value=datetime(2045, 1, 1), timezones=offsets)
    .map(lambda d: d.isoformat()),  # around 2**51 microseconds, where the short path ends
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)).map(lambda d: d.isoformat()),  # naive
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=offsets)
    .map(lambda d: d.isoformat(timespec="minutes")),
    st.sampled_from(["2026-03-02T09:00Z", "2026-03-02 09:00:00+00:00", "not an instant", "", "1900-01-01T00:00:00Z",
                     "2999-12-31T23:59:59.999999Z", "3000-01-01T00:00:00Z", "1899-12-31T23:59:59.999999Z",
                     "2041-06-23T06:15:50+00:00", "2041-06-23T06:15:51+00:00"]),
    st.integers(), st.none())
events = st.one_of(
    st.fixed_dictionaries({"type": st.sampled_from(["created", "first_response", "x"]), "at": instants}),
    st.fixed_dictionaries({"type": st.sampled_from(["status", "set", "", "created"]) | st.integers(), "at": instants},
                          optional={"status": st.just("open"), "field": st.just("f"), "value": st.just(1)}))


@settings(max_examples=examples(400), deadline=None)
@given(events=st.lists(events, max_size=6), sort=st.booleans())
def test_the_short_path_reads_what_the_long_way_reads(events: list[dict[str, Any]], sort: bool) -> None:
    if sort:  # mostly in order, so that most tickets are read whole
        def key(e: dict[str, Any]) -> float:
            try:
                found = datetime.fromisoformat(e["at"])
                return found.timestamp() if found.tzinfo is not None else -math.inf
            except (TypeError, ValueError, OverflowError):
                return -math.inf
        events = sorted(events, key=key)
    data = {"id": "T", "fields": {"a": 1}, "events": events}
    try:
        expected = long_way(data)
    except TicketError as exc:
        try:
            Ticket.from_dict(data)
        except TicketError as got:
            assert (str(got), got.path) == (str(exc), exc.path)
        else:
            raise AssertionError(f"read, where the long way refuses: {exc}") from None
        return
    got = Ticket.from_dict(data)
    assert got == expected
    for mine, theirs in zip(got.events, expected.events, strict=True):
        assert mine.at.isoformat() == theirs.at.isoformat() and mine.at.tzinfo == theirs.at.tzinfo
        assert mine.us == theirs.us == to_us(theirs.at)


def test_an_event_built_on_the_short_path_is_an_event() -> None:
    (event,) = Ticket.from_dict({"id": "T", "events": [{"type": "created", "at": "2026-03-02T09:00:00-05:00"}]}).events
    other = Event("created", datetime(2026, 3, 2, 9, tzinfo=timezone(timedelta(hours=-5))))
    assert attrs.asdict(event) == attrs.asdict(other) and event == other and hash(event) == hash(other)
    assert event.us == other.us and repr(event) == repr(other)
