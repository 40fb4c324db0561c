"""Names and words the language knows, the clock as it writes it, and "did you mean" by edit distance.

A foundation module: the parser, the checker, the formatter and the interpreter
all read their tables from here, so no two of them can disagree.
"""

from __future__ import annotations

from collections.abc import Iterable

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
BUILTIN_EVENTS = (
    "created", "first_response", "agent_message", "customer_message", "status",
    "escalated", "resolved", "reopened", "closed", "set",
)
LANGUAGES = ("es", "en")
# Service managers write Spanish; the keywords are English, so name the one they meant.
SPANISH_WEEKDAYS = {
    "lun": "mon", "lunes": "mon", "mar": "tue", "martes": "tue", "mie": "wed", "miercoles": "wed",
    "jue": "thu", "jueves": "thu", "vie": "fri", "viernes": "fri", "sab": "sat", "sabado": "sat",
    "dom": "sun", "domingo": "sun",
}
# The boolean literals of a policy (and of a scenario): a NAME token, compared with
# a boolean field. The checker rejects any other word, so nothing else can reach
# the interpreter from a policy.
BOOLEAN_WORDS = {"true": True, "false": False}


def boolean_word(text: str) -> bool | None:
    """The truth ``text`` writes in the language, or None if it is not a boolean literal."""
    return BOOLEAN_WORDS.get(text)


def clock_text(minutes: int) -> str:
    """Minutes after midnight as the language writes a time: ``HH:MM`` (24:00 is 1440)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def interval_text(start: int, end: int) -> str:
    """An interval of local hours as the language writes it: ``08:00-18:00``."""
    return f"{clock_text(start)}-{clock_text(end)}"


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count as one edit)."""
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest to ``name``, if it is near enough to be a typo."""
    best: tuple[int, str] | None = None
    for candidate in candidates:
        distance = edit_distance(name.lower(), candidate.lower())
        if best is None or distance < best[0]:
            best = (distance, candidate)
    if best is None:
        return None
    limit = max(1, min(3, len(name) // 3))
    return best[1] if best[0] <= limit else None


def suggest(name: str, candidates: Iterable[str], fallback: str = "") -> str:
    """A hint: "did you mean 'x'?" or ``fallback``."""
    found = closest(name, candidates)
    return f"did you mean '{found}'?" if found else fallback
