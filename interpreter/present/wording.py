"""Words for people: dates, instants, durations and statuses in the policy's language.

Explanations, timelines and rendered documents speak the policy's language
(``language es|en``); the CLI's own messages stay English. Spanish and English are
built in, written out here rather than taken from the locale, so that the output
is the same on every machine. This module is the one source of the names of
weekdays and months and of quotation marks (a clock time ``HH:MM`` is
:func:`plazo.dsl.names.clock_text`, as the language writes it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from datetime import date, datetime

Language = Literal["es", "en"]
LANGUAGES: tuple[Language, ...] = ("es", "en")

_WEEKDAYS: dict[Language, tuple[str, ...]] = {
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS: dict[Language, tuple[str, ...]] = {
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
_QUOTES: dict[Language, tuple[str, str]] = {"es": ("«", "»"), "en": ("“", "”")}
STATUS: dict[str, dict[str, str]] = {
    "es": {"not_applicable": "no aplica", "running": "en curso", "paused": "en pausa", "met": "cumplido",
           "breached": "incumplido"},
    "en": {"not_applicable": "not applicable", "running": "running", "paused": "paused", "met": "met",
           "breached": "breached"},
}


def lang(language: str | None) -> Language:
    """``es`` or ``en``; anything else is Spanish, the policies' default."""
    return "en" if language == "en" else "es"


def weekday_name(weekday: int, language: str) -> str:
    """``lunes`` / ``Monday`` for 0, as :meth:`date.weekday` counts."""
    return _WEEKDAYS[lang(language)][weekday]


def quote(text: str, language: str) -> str:
    """``«Resolución»`` / ``“Resolution”``: a name from the policy inside a sentence."""
    opening, closing = _QUOTES[lang(language)]
    return f"{opening}{text}{closing}"


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
    """``vie 6 mar`` / ``Fri 6 Mar``: for tables and axes."""
    language = lang(language)
    return f"{_WEEKDAYS[language][d.weekday()][:3]} {d.day} {_MONTHS[language][d.month - 1][:3]}"


def duration_text(seconds: float, language: str) -> str:
    """``26 h 30 min``: hours, never days (a day of business time is not 24 hours);
    ``0 min`` for nothing; seconds only under a minute."""
    whole = round(seconds)
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


_ORDINALS: dict[Language, dict[int, str]] = {
    "es": {1: "primer", 2: "segundo", 3: "tercer", 4: "cuarto", 5: "quinto", -1: "último"},
    "en": {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"},
}


def yearly_text(month: int, day: int, language: str) -> str:
    """``24 de diciembre`` / ``24 December``: a date of every year."""
    language = lang(language)
    name = _MONTHS[language][month - 1]
    return f"{day} de {name}" if language == "es" else f"{day} {name}"


def nth_weekday_text(nth: int, weekday: int, month: int, language: str) -> str:
    """``último viernes de diciembre`` / ``last Friday of December``."""
    language = lang(language)
    word, day, name = _ORDINALS[language][nth], _WEEKDAYS[language][weekday], _MONTHS[language][month - 1]
    return f"{word} {day} de {name}" if language == "es" else f"{word} {day} of {name}"
