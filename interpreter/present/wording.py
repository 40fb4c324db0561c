"""Words for people: dates, instants, durations and statuses in the policy's language.

Explanations, timelines and rendered documents speak the policy's language
(``language es|en``); the CLI's own messages stay English. Spanish and English are
built in, written out here rather than taken from the locale, so that the output
is the same on every machine.
"""

from __future__ import annotations

from datetime import date, datetime

LANGUAGES = ("es", "en")

_WEEKDAYS = {
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = {
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
STATUS = {
    "es": {"not_applicable": "no aplica", "running": "en curso", "paused": "en pausa", "met": "cumplido",
           "breached": "incumplido"},
    "en": {"not_applicable": "not applicable", "running": "running", "paused": "paused", "met": "met",
           "breached": "breached"},
}


def lang(language: str | None) -> str:
    return language if language in LANGUAGES else "es"


def day_text(d: date, language: str) -> str:
    """``viernes 6 de marzo de 2026`` / ``Friday 6 March 2026``."""
    language = lang(language)
    weekday, month = _WEEKDAYS[language][d.weekday()], _MONTHS[language][d.month - 1]
    if language == "es":
        return f"{weekday} {d.day} de {month} de {d.year}"
    return f"{weekday} {d.day} {month} {d.year}"


def instant_text(t: datetime, language: str) -> str:
    """``viernes 6 de marzo de 2026, 17:30`` (seconds only when there are some)."""
    clock = t.strftime("%H:%M:%S" if t.second or t.microsecond else "%H:%M")
    return f"{day_text(t.date(), language)}, {clock}"


def short_day(d: date, language: str) -> str:
    """``vie 6 mar`` / ``Fri 6 Mar``: for tables."""
    language = lang(language)
    return f"{_WEEKDAYS[language][d.weekday()][:3]} {d.day} {_MONTHS[language][d.month - 1][:3]}"


def duration_text(seconds: float, language: str) -> str:
    """``26 h 30 min``: hours, never days (a day of business time is not 24 hours);
    ``0 min`` for nothing; seconds only under a minute."""
    whole = int(round(seconds))
    sign = "-" if whole < 0 else ""
    hours, rest = divmod(abs(whole), 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours} h")
    if minutes:
        parts.append(f"{minutes} min")
    if secs and not hours:
        parts.append(f"{secs} s")
    return sign + (" ".join(parts) or "0 min")
