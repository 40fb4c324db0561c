"""Hostile inputs for business time and its limits (tests/hostile/cases/time.toml).

Each function returns a file's bytes.
"""

from __future__ import annotations

HEADER = 'policy p "P" version 1\ntimezone America/Bogota\n'
TARGET = "target t {{\n  start on created\n  stop on resolved\n  otherwise: {duration} on {calendar}\n}}\n"


def calendar_chain() -> bytes:
    """2,000 calendar expressions, each the previous one minus a calendar that closes
    nothing, the last one used by a target: the never-open and horizon checks work out
    every calendar's week, and must do so in one pass, without recursion."""
    lines = [HEADER, "calendar c0 { mon-fri 08:00-18:00 }\n", "calendar nada { sun 03:00-03:01 }\n"]
    lines += [f"calendar c{i} = c{i - 1} - nada\n" for i in range(1, 2_000)]
    lines.append(TARGET.format(duration="4 business hours", calendar="c1999"))
    return "".join(lines).encode()


def never_open_chain() -> bytes:
    """The same chain ending in a calendar with nothing left (c1999 - c0 removes every hour):
    `plazo check` must say so, at the line of the last calendar."""
    lines = [HEADER, "calendar c0 { mon-fri 08:00-18:00 }\n", "calendar nada { sun 03:00-03:01 }\n"]
    lines += [f"calendar c{i} = c{i - 1} - nada\n" for i in range(1, 2_000)]
    lines.append("calendar vacio = c1999 - c0\n")
    lines.append(TARGET.format(duration="4 business hours", calendar="vacio"))
    return "".join(lines).encode()
