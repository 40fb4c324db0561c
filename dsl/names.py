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


# "Did you mean" looks for a declared name within a few edits of the one written; so that a
# hostile file cannot make that slow (thousands of unknown names, or names of 100 KB), it
# compares names of at most this length, and at most MAX_COMPARED candidates that pass the
# cheap tests (length, letters) for each: a policy declares far fewer names of one length.
MAX_SUGGESTED_LENGTH = 64
MAX_COMPARED = 32


def edit_distance(a: str, b: str, bound: int | None = None) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count as one edit).

    With ``bound``, any distance over it is returned as ``bound + 1``, at a cost of
    about ``len(a) * (2 * bound + 1)`` steps instead of ``len(a) * len(b)``.
    """
    a, b = _without_common_ends(a, b)
    if bound is None:
        bound = max(len(a), len(b))
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    over = bound + 1
    previous2: list[int] | None = None
    previous = [j if j <= bound else over for j in range(len(b) + 1)]
    for i, ca in enumerate(a, 1):
        # only cells within ``bound`` of the diagonal can hold a distance within it
        low, high = max(1, i - bound), min(len(b), i + bound)
        current = [over] * (len(b) + 1)
        current[0] = i if i <= bound else over
        for j in range(low, high + 1):
            cb = b[j - 1]
            cell = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if previous2 is not None and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cell = min(cell, previous2[j - 2] + 1)
            current[j] = min(cell, over)
        if min(current[max(0, low - 1):high + 1]) > bound:
            return over  # every way on is already too long
        previous2, previous = previous, current
    return min(previous[-1], over)


def _without_common_ends(a: str, b: str) -> tuple[str, str]:
    """``a`` and ``b`` without the start and end they share (it never changes the distance)."""
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return a[start:len(a) - end], b[start:len(b) - end]


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest to ``name``, if it is near enough to be a typo (the first of
    the nearest). None for a name over :data:`MAX_SUGGESTED_LENGTH` characters."""
    if len(name) > MAX_SUGGESTED_LENGTH:
        return None
    written = name.lower()
    letters = set(written)
    limit = max(1, min(3, len(name) // 3))
    best: tuple[int, str] | None = None
    compared = 0
    for candidate in candidates:
        bound = limit if best is None else best[0] - 1  # only a nearer one can take its place
        other = candidate.lower()
        # cheap tests first: each edit changes the length by at most one and the set of letters by two
        if abs(len(other) - len(written)) > bound or len(letters.symmetric_difference(other)) > 2 * bound:
            continue
        if compared == MAX_COMPARED:
            break
        compared += 1
        distance = edit_distance(written, other, bound)
        if distance <= bound:
            best = (distance, candidate)
            if distance == 0:
                break
    return None if best is None else best[1]


def suggest(name: str, candidates: Iterable[str], fallback: str = "") -> str:
    """A hint: "did you mean 'x'?" or ``fallback``."""
    found = closest(name, candidates)
    return f"did you mean '{found}'?" if found else fallback
