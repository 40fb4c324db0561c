"""Hostile policies for `plazo check` and `plazo fmt` (tests/hostile/cases/check.toml).

Each function returns a policy's bytes. They are small files (a few KB to a few
hundred KB) that once made the parser or the checker slow, or crash it.
"""

from __future__ import annotations

HEADER = "policy p version 1\ntimezone America/Bogota\n"
# one calendar, one event, one field: what the generated items below refer to
BASE = HEADER + 'calendar c { mon-fri 08:00-18:00 }\nfield severity { alto medio bajo }\n'


def _target(clauses: str) -> str:
    return f"target t {{\n  start on created\n  stop on resolved\n{clauses}}}\n"


def many_syntax_errors() -> bytes:
    """6,400 items each with one syntax error, 127 KB: the parser re-parsed the file after each."""
    items = "".join(f"status s{i:05d} \"x\" ?\n" for i in range(6_400))
    return (HEADER + items).encode()


def many_unknown_names() -> bytes:
    """2,000 conditions on undeclared 40-letter fields, among 60 declared ones of that length:
    every did-you-mean compared every pair of whole names."""
    declared = "".join(f"field {'declared_field_name_' + format(i, '020d')} number\n" for i in range(60))
    unknown = "".join(
        f"reject r{i} when {'unknown_field_name_of_' + format(i, '019d')} = 1 reason \"x\"\n" for i in range(2_000)
    )
    return (HEADER + declared + unknown).encode()


def unknown_names_alike() -> bytes:
    """1,000 undeclared names each one or two edits from 1,000 declared ones of the same length and letters."""
    declared = "".join(f"event e{i:06d}x\n" for i in range(1_000))
    unknown = "".join(f"target t{i} {{ start on e{i:06d}y  otherwise: 1 hours }}\n" for i in range(1_000))
    return (HEADER + declared + unknown).encode()


def long_unknown_name() -> bytes:
    """A condition on an undeclared field whose name is 100 KB long."""
    return (BASE + f"reject r when {'f' * 100_000} = 1 reason \"x\"\n").encode()


def many_clauses() -> bytes:
    """A target with 1,000 clauses over two fields of 20 and 1,000 values, no otherwise: 19,000 of the
    20,000 combinations are uncovered, and each was tried against every clause."""
    small = " ".join(f"v{i}" for i in range(20))
    large = " ".join(f"v{i}" for i in range(1_000))
    clauses = "".join(f"  when a = v0 and b = v{i}: 1 hours\n" for i in range(1_000))
    return (BASE + f"field a {{ {small} }}\nfield b {{ {large} }}\n" + _target(clauses)).encode()


def many_clauses_two_fields() -> bytes:
    """1,000 clauses over two fields of 100 values each (10,000 combinations, none uncovered)."""
    values = " ".join(f"v{i}" for i in range(100))
    clauses = "".join(f"  when a = v{i} and b in ({', '.join(f'v{j}' for j in range(100))}): 1 hours\n"
                      for i in range(100))
    clauses += "".join(f"  when a = v{i % 100} and b = v{i % 97}: 2 hours\n" for i in range(900))
    return (BASE + f"field a {{ {values} }}\nfield b {{ {values} }}\n" + _target(clauses)).encode()


def long_phone() -> bytes:
    """A 40 KB phone number that is almost one: the phone pattern backtracked on it."""
    return (BASE + f'contact soporte {{ phone "{"1 " * 20_000}x" }}\n').encode()


def long_email() -> bytes:
    """A 40 KB e-mail address with a dot every other letter and a second '@' at the end."""
    return (BASE + f'contact soporte {{ email "a@b{".b" * 20_000}@" }}\n').encode()


def long_url() -> bytes:
    """A 40 KB web address with a space before its last letter."""
    return (BASE + f'contact soporte {{ url "https://{"a" * 40_000} b" }}\n').encode()


def _calendar_sum(terms: int) -> bytes:
    return (BASE + "calendar sum = " + " + ".join(["c"] * terms) + "\n").encode()


def calendar_sum_500() -> bytes:
    """`c + c + ...`, 500 terms (2 KB): a RecursionError in check, evaluate and fmt."""
    return _calendar_sum(500)


def calendar_sum_5000() -> bytes:
    return _calendar_sum(5_000)


def calendar_sum_50000() -> bytes:
    return _calendar_sum(50_000)


def calendar_difference_nested() -> bytes:
    """64 levels of brackets, each holding a difference of 16 calendars: 1,024 deep."""
    inner = " - ".join(["c"] * 16)
    expr = "c"
    for _ in range(63):
        expr = f"({expr} - {inner})"
    return (BASE + f"calendar diff = {expr}\n").encode()


def nots_between_brackets() -> bytes:
    """60 'not' then a bracket, 60 times over: 3,600 negations, never more than 60 in a row."""
    cond = "severity = alto"
    for _ in range(60):
        cond = "not " * 60 + f"({cond})"
    return (BASE + f"reject r when {cond} reason \"x\"\n").encode()


def long_and_chain() -> bytes:
    """A condition of 20,000 'and' terms in brackets nested 64 deep."""
    chain = " and ".join(["severity = alto"] * 300)
    cond = chain
    for _ in range(63):
        cond = f"({cond}) or ({chain})"
    return (BASE + f"reject r when {cond} reason \"x\"\n").encode()


def long_line() -> bytes:
    """1 MB on one line: 30,000 statuses, no line break."""
    return (HEADER.replace("\n", " ") + " ".join(f"status s{i:06d} \"label of the status\"" for i in range(30_000))
            ).encode()


def many_comments() -> bytes:
    """100,000 comments between the items of a small policy."""
    comments = "".join(f"# comment {i}\n" for i in range(100_000))
    return (BASE + comments + _target("  otherwise: 1 hours\n")).encode()


def many_values() -> bytes:
    """1,000 fields of 10 values (10,000 values), 10,000 statuses, 1,000 events, the fields and events unused."""
    fields = "".join(f"field f{i} {{ {' '.join(f'v{j}' for j in range(10))} }}\n" for i in range(1_000))
    statuses = "".join(f"status s{i}\n" for i in range(10_000))
    events = "".join(f"event e{i}\n" for i in range(1_000))
    return (BASE + fields + statuses + events).encode()


def deep_braces() -> bytes:
    """Brackets nested 64 deep (the limit) in 1,000 conditions."""
    cond = "(" * 64 + "severity = alto" + ")" * 64
    return (BASE + "".join(f"reject r{i} when {cond} reason \"x\"\n" for i in range(1_000))).encode()


def long_string() -> bytes:
    """A label of 1 MB."""
    return (BASE + f'status s "{"x" * 1_000_000}"\n').encode()


def many_when_clauses() -> bytes:
    """One target with 10,000 'when' clauses, every one of them reachable."""
    clauses = "".join(f"  when severity = alto and n = {i}: 1 hours\n" for i in range(10_000))
    return (BASE + "field n number\n" + _target(clauses + "  otherwise: 2 hours\n")).encode()


def many_unused() -> bytes:
    """1,000 calendars, contacts and events nothing uses (3,000 warnings)."""
    calendars = "".join(f"calendar c{i} {{ always }}\n" for i in range(1_000))
    contacts = "".join(f'contact k{i} "K"\n' for i in range(1_000))
    events = "".join(f"event e{i}\n" for i in range(1_000))
    return (BASE + calendars + contacts + events).encode()
