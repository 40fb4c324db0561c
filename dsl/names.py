"""Names the language knows, and "did you mean" by edit distance."""

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
