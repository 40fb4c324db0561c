"""`plazo calendar`: a calendar's open intervals and closures over a period, as text, JSON
and iCalendar, worked out by hand from the policies' text."""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from policy_helpers import POLICIES

from plazo.interpreter.cli.main import main


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    assert main(["calendar", *argv, "--format", "json"]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_aldeamo_support_around_a_moved_holiday(capsys: pytest.CaptureFixture[str]) -> None:
    # soporte: mon-fri 08:00-18:00 America/Bogota (UTC-5, no DST), closed on CO holidays.
    # Fri 20 March 2026 open; Sat 21 and Sun 22 have no hours; Mon 23 is San José (19 March
    # moved to the Monday by Colombia's Ley Emiliani): closed; Tue 24 open.
    data = run_json(capsys, str(POLICIES / "aldeamo.plazo"), "soporte", "--from", "2026-03-20", "--to", "2026-03-24")
    assert data["timezone"] == "America/Bogota" and data["label"] == "Email y WhatsApp (incidentes)"
    assert [(o["start"], o["end"], o["seconds"]) for o in data["open"]] == [  # type: ignore[attr-defined]
        ("2026-03-20T08:00:00-05:00", "2026-03-20T18:00:00-05:00", 36000.0),
        ("2026-03-24T08:00:00-05:00", "2026-03-24T18:00:00-05:00", 36000.0),
    ]
    (closure,) = data["closures"]  # type: ignore[misc]
    assert closure["day"] == "2026-03-23" and "San José" in closure["name"]


def test_text_lists_each_day_in_order_with_offsets(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calendar", str(POLICIES / "aldeamo.plazo"), "soporte", "--from", "2026-03-20",
                 "--to", "2026-03-24"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Calendario soporte «Email y WhatsApp (incidentes)» (America/Bogota)")
    assert lines[1].startswith("  2026-03-20 vie  08:00-05:00 – 18:00-05:00") and lines[1].endswith("10 h")
    assert lines[2].startswith("  2026-03-23 lun  cerrado: Día de San José")
    assert lines[3].startswith("  2026-03-24 mar  08:00-05:00 – 18:00-05:00")
    assert lines[4] == "Total abierto: 20 h"


def test_andes_calendars_each_in_their_own_zone(capsys: pytest.CaptureFixture[str]) -> None:
    # Thu 2 to Mon 6 April 2026. Chile leaves summer time on Sunday 5 April (UTC-3 -> UTC-4);
    # Peru stays at UTC-5. Holy Thursday is a holiday in Peru only, Good Friday in both;
    # Holy Saturday (Chile) falls on a day without hours anyway.
    andes = str(POLICIES / "andes.plazo")
    cl = run_json(capsys, andes, "habil_cl", "--from", "2026-04-02", "--to", "2026-04-06")
    assert cl["timezone"] == "America/Santiago"
    assert [(o["start"], o["end"]) for o in cl["open"]] == [  # type: ignore[attr-defined]
        ("2026-04-02T08:30:00-03:00", "2026-04-02T18:00:00-03:00"),
        ("2026-04-06T08:30:00-04:00", "2026-04-06T18:00:00-04:00"),
    ]
    assert [c["day"] for c in cl["closures"]] == ["2026-04-03"]  # type: ignore[attr-defined]
    pe = run_json(capsys, andes, "habil_pe", "--from", "2026-04-02", "--to", "2026-04-06")
    assert pe["timezone"] == "America/Lima"
    assert [(o["start"], o["end"]) for o in pe["open"]] == [  # type: ignore[attr-defined]
        ("2026-04-06T08:30:00-05:00", "2026-04-06T18:00:00-05:00")]
    assert [(c["day"], c["name"]) for c in pe["closures"]] == [  # type: ignore[attr-defined]
        ("2026-04-02", "Jueves Santo"), ("2026-04-03", "Viernes Santo")]


def test_the_recurring_short_day(capsys: pytest.CaptureFixture[str]) -> None:
    # "el 24 y el 31 de diciembre el horario hábil termina a las 13:00": Thu 24 December 2026
    # 08:30-13:00 in Lima; Fri 25 is Christmas.
    pe = run_json(capsys, str(POLICIES / "andes.plazo"), "habil_pe", "--from", "2026-12-24", "--to", "2026-12-25")
    assert [(o["start"], o["end"], o["seconds"]) for o in pe["open"]] == [  # type: ignore[attr-defined]
        ("2026-12-24T08:30:00-05:00", "2026-12-24T13:00:00-05:00", 4.5 * 3600)]
    assert [c["day"] for c in pe["closures"]] == ["2026-12-25"]  # type: ignore[attr-defined]


def test_ics_events_in_utc_and_closures_all_day(tmp_path: Path) -> None:
    out = tmp_path / "soporte.ics"
    assert main(["calendar", str(POLICIES / "aldeamo.plazo"), "soporte", "--from", "2026-03-20",
                 "--to", "2026-03-24", "--format", "ics", "--out", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF kept
    cal = Calendar.from_ical(raw)
    assert str(cal["X-WR-TIMEZONE"]) == "America/Bogota"
    events = list(cal.walk("VEVENT"))
    timed = [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in events if isinstance(e.decoded("DTSTART"), datetime)]
    # 08:00-18:00 at UTC-5 is 13:00-23:00 UTC
    assert timed == [(datetime(2026, 3, 20, 13, tzinfo=UTC), datetime(2026, 3, 20, 23, tzinfo=UTC)),
                     (datetime(2026, 3, 24, 13, tzinfo=UTC), datetime(2026, 3, 24, 23, tzinfo=UTC))]
    (holiday,) = [e for e in events if not isinstance(e.decoded("DTSTART"), datetime)]
    assert (holiday.decoded("DTSTART"), holiday.decoded("DTEND")) == (date(2026, 3, 23), date(2026, 3, 24))
    assert "San José" in str(holiday["SUMMARY"])
    assert len({str(e["UID"]) for e in events}) == 3  # one UID per event: a new import updates, never doubles
    again = tmp_path / "again.ics"
    assert main(["calendar", str(POLICIES / "aldeamo.plazo"), "soporte", "--from", "2026-03-20",
                 "--to", "2026-03-24", "--format", "ics", "--out", str(again)]) == 0
    assert again.read_bytes() == raw  # no clock in the file


def test_ics_without_the_extra_says_what_to_install(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delitem(sys.modules, "plazo.interpreter.present.calendar_ics", raising=False)
    monkeypatch.setitem(sys.modules, "icalendar", None)  # an import of it now fails as if not installed
    assert main(["calendar", str(POLICIES / "aldeamo.plazo"), "soporte", "--from", "2026-03-20",
                 "--to", "2026-03-24", "--format", "ics"]) == 2
    assert "pip install 'plazo[calendar]'" in capsys.readouterr().err
    # text and JSON need nothing more
    assert main(["calendar", str(POLICIES / "aldeamo.plazo"), "soporte", "--from", "2026-03-20",
                 "--to", "2026-03-24"]) == 0


def test_the_edges_of_the_supported_range(capsys: pytest.CaptureFixture[str]) -> None:
    # 31 December 2999 ends after the last supported instant in Santiago (UTC-3): the day is
    # listed up to its close, 13:00 (the recurring short day), well inside the range
    cl = run_json(capsys, str(POLICIES / "andes.plazo"), "habil_cl", "--from", "2999-12-31", "--to", "2999-12-31")
    assert [(o["start"], o["end"]) for o in cl["open"]] == [  # type: ignore[attr-defined]
        ("2999-12-31T08:30:00-03:00", "2999-12-31T13:00:00-03:00")]
    assert main(["calendar", str(POLICIES / "andes.plazo"), "habil_cl", "--from", "3000-01-01",
                 "--to", "3000-01-01"]) == 2
    assert "plazo works with the years 1900 to 2999" in capsys.readouterr().err
    # 366 days (a leap year) is the longest listing
    assert main(["calendar", str(POLICIES / "aldeamo.plazo"), "soporte", "--from", "2028-01-01",
                 "--to", "2028-12-31", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["open"]) > 200
