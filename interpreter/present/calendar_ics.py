"""A :class:`~.calendar_listing.CalendarListing` as an iCalendar file (RFC 5545) that a
support team imports into Outlook or Google Calendar to see its own hours.

Needs the ``calendar`` extra (``pip install 'plazo[calendar]'``: icalendar), so the
command line imports this module only when ``--format ics`` runs.

One VEVENT per open interval, its instants in UTC (``DTSTART:20260320T130000Z``): every
importer reads a UTC instant the same way, where a ``TZID`` needs a VTIMEZONE block
that Outlook requires and builds its own way; the events are concrete intervals (no
recurrence across a clock change), so nothing is lost, and each importer shows them in
its user's zone. The calendar's own zone is named in ``X-WR-TIMEZONE`` (Google and
Apple show the imported calendar in it) and in each event's description with the local
hours. One all-day VEVENT (``VALUE=DATE``) per closure, named after the holiday: a date
stays on its day in every zone. UIDs are built from the policy, calendar and instant,
so importing the file again updates the events instead of doubling them; DTSTAMP is the
start of the period, not the clock, so the same command writes the same file.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from icalendar import Calendar, Event

from plazo.interpreter.present.calendar_listing import CalendarListing

PRODID = "-//plazo//calendar export//EN"


def listing_ics(listing: CalendarListing) -> str:
    """The iCalendar text, with CRLF line ends (as RFC 5545 writes them)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    title = listing.label or listing.calendar
    cal.add("x-wr-calname", f"{title} ({listing.policy})")
    cal.add("x-wr-timezone", listing.timezone)
    stamp = datetime.combine(listing.first, time(), UTC)
    for interval in listing.open:
        start, end = interval.start.astimezone(UTC), interval.end.astimezone(UTC)
        event = Event()
        event.add("uid", f"{listing.policy}.{listing.calendar}.{start:%Y%m%dT%H%M%SZ}@plazo")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", title)
        event.add("description", f"{interval.start.isoformat(timespec='minutes')} – "
                                 f"{interval.end.isoformat(timespec='minutes')} ({listing.timezone})")
        event.add("transp", "TRANSPARENT")  # open hours do not make the team busy
        cal.add_component(event)
    for closure in listing.closures:
        event = Event()
        event.add("uid", f"{listing.policy}.{listing.calendar}.closed.{closure.day:%Y%m%d}@plazo")
        event.add("dtstamp", stamp)
        event.add("dtstart", closure.day)
        event.add("dtend", closure.day + timedelta(days=1))  # DTEND of a date is the day after (exclusive)
        event.add("summary", closure.name)
        event.add("description", f"{title}: closed ({listing.timezone})")
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    ical: bytes = cal.to_ical()  # icalendar's own hints leave this untyped
    return ical.decode("utf-8")
