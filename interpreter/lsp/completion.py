"""Completion in a policy: the keywords the parser accepts at the cursor and, where it
accepts a name, the names that fit there: a calendar after ``on`` or ``hours``, an event
after ``start on`` / ``stop on`` / ``after each``, a field where a condition starts, its
values after ``field =`` or ``in (``, a contact after ``contact`` or ``via``, a target
after ``of``, a weekday in a calendar block, a country after ``holidays``, a language
after ``language``, a zone after ``timezone``; in a flow, statuses after its ``:`` and
each ``->``; in an order, events; in a notification duty, its audience (a contact), its
channel or medium after ``via`` and events after ``of`` and ``met by``; in a commitment,
a target after ``target`` and a period after ``per``; an enumerated field after ``by``.

Which keywords fit is the parser's answer (:mod:`.grammar_words`); which names fit is
read from the tokens just before the cursor, inside the item the parser is in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lark import Token
from lsprotocol import types as lsp

from plazo.dsl.check.commitments import PERIODS
from plazo.dsl.check.header import time_zones
from plazo.dsl.check.notify import MEDIA
from plazo.dsl.names import LANGUAGES, WEEKDAYS
from plazo.dsl.regions import supported_regions
from plazo.dsl.syntax.parser import TOP_LEVEL, parser
from plazo.dsl.syntax.strings import COMMENT_PATTERN, STRING_PATTERN
from plazo.interpreter.lsp.documents import Analysis
from plazo.interpreter.lsp.grammar_words import Expected, expected, keywords
from plazo.interpreter.lsp.text import TextPlaces
from plazo.interpreter.lsp.vocabulary import Vocabulary, vocabulary

K = lsp.CompletionItemKind
Offer = tuple[str, lsp.CompletionItemKind, str | None]  # the name, its kind, its label

WORD_BEFORE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")
_ZONE_BEFORE = re.compile(r"^\s*timezone\s+([A-Za-z0-9_/+-]*)$")
_ITEM_START = re.compile(r"^(?:" + "|".join(TOP_LEVEL) + r")\b", re.M)
_QUOTED_OR_COMMENT = re.compile(f"{STRING_PATTERN}|{COMMENT_PATTERN}")
EVENT_ROLES = frozenset({"start", "stop", "reset", "cancel", "restart", "resume"})
CONDITION_STARTS = frozenset({"when", "and", "or", "not", "takes", "while", "("})
# the words that start an item: the parser's resynchronisation list lacks `commitment`
ITEM_WORDS = frozenset({*TOP_LEVEL, "commitment"})


def in_text_or_comment(line_before: str) -> bool:
    """Whether the cursor is inside a quoted text or a comment (nothing to complete there)."""
    rest = _QUOTED_OR_COMMENT.sub(lambda m: "" if m.group(0).startswith('"') else "#", line_before)
    return '"' in rest or "#" in rest


def complete_policy(analysis: Analysis, offset: int) -> list[lsp.CompletionItem]:
    text = analysis.text
    line_before = text[text.rfind("\n", 0, offset) + 1:offset]
    if in_text_or_comment(line_before):
        return []
    zone = _ZONE_BEFORE.match(line_before)
    if zone:
        return _zones(analysis.places, offset - len(zone.group(1)), offset)
    word = WORD_BEFORE.search(line_before)
    start = offset - len(word.group(0)) if word else offset
    found = _expected_at(text, start)
    if found is None:
        return []
    names: list[Offer] = []
    if "NAME" in found.terminals:
        line = analysis.places.position(offset).line + 1
        names = names_for(found.tokens, vocabulary(analysis.tree), line)
    return items(names, keywords(parser(), found.terminals))


def _expected_at(text: str, start: int) -> Expected | None:
    """What the parser accepts at ``start``: read from the file's start, or, when an item
    before is broken, from the start of the item the cursor is in."""
    found = expected(parser(), text[:start])
    if found is not None:
        return found
    item_start = max((m.start() for m in _ITEM_START.finditer(text, 0, start)), default=0)
    return expected(parser(), text[item_start:start])


def items(names: Sequence[Offer], words: Sequence[str]) -> list[lsp.CompletionItem]:
    """Names first (what the user is most likely after), then keywords; each list in its order."""
    out = [lsp.CompletionItem(label=n, kind=kind, detail=label, sort_text=f"0{i:04d}")
           for i, (n, kind, label) in enumerate(names)]
    taken = {n for n, _, _ in names}
    out += [lsp.CompletionItem(label=w, kind=K.Keyword, sort_text=f"1{w}") for w in words if w not in taken]
    return out


def _zones(places: TextPlaces, start: int, end: int) -> list[lsp.CompletionItem]:
    where = places.range(start, end)
    return [lsp.CompletionItem(label=z, kind=K.Value, text_edit=lsp.TextEdit(range=where, new_text=z))
            for z in sorted(time_zones()) if not z.startswith(("posix/", "right/"))]


def _item_head(tokens: Sequence[Token]) -> tuple[int, int]:
    """(index of the keyword that starts the item the cursor is in, or -1; brace depth)."""
    head, depth = -1, 0
    for i, token in enumerate(tokens):
        value = str(token)
        if value == "{":
            depth += 1
        elif value == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and token.type != "NAME" and value in ITEM_WORDS:
            head = i
    return head, depth


def names_for(tokens: Sequence[Token], v: Vocabulary, line: int) -> list[Offer]:
    """The names that fit after ``tokens`` where the parser accepts a name."""
    if not tokens:
        return []
    values = [str(t) for t in tokens]
    last, before = values[-1], (values[-2] if len(values) > 1 else "")
    head, depth = _item_head(tokens)
    item = values[head] if head >= 0 else ""
    if item in _ITEM_NAMES:
        found = _ITEM_NAMES[item](values[head:], depth, v)
        if found is not None:
            return found
    if last == "holidays":
        return [(code, K.Value, None) for code in sorted(supported_regions())]
    if last == "language":
        return [(code, K.Value, None) for code in LANGUAGES]
    if last == "on":
        if before in EVENT_ROLES:
            return _events(v)
        return [] if before == "closed" else _calendars(v)
    if last == "each":
        return _events(v)
    if last == ",":
        return _list_continued(values, tokens, v, item)
    if last in ("contact", "via"):
        return _contacts(v) if depth > 0 or last == "via" else []
    if last == "hours":
        return _calendars(v)
    if (last == "from" and before != ":") or (last == "x" and len(values) > 2 and values[-3] == "from"):
        return _fields(v, kinds=("enum",))
    if last == "agreed":
        return _fields(v, kinds=("datetime",))
    if last == "of":
        return [(n, K.Class, label) for n, label in v.targets]
    if tokens[-1].type == "COMPARE":
        return _values(v, before)
    if last == "(" and before == "in":
        return _values(v, values[-3] if len(values) > 2 else "")
    if last in CONDITION_STARTS or (last == ":" and item in ("require", "forbid")):
        return [*_fields(v), ("status", K.Field, None)] if v.statuses else _fields(v)
    if last == ":" and item == "derive" and head + 1 < len(values):
        return _values(v, values[head + 1])
    if item == "calendar" and depth > 0:
        return [(day, K.Constant, None) for day in WEEKDAYS]
    if item == "matrix" and depth > 0:
        return _matrix_cell(tokens, head, line, v)
    return []


def _in_flow(values: list[str], depth: int, v: Vocabulary) -> list[Offer] | None:
    """``flow NAME [when ...]: s1 -> s2``: a status after the colon and after each arrow."""
    if values[-1] == "->" or (values[-1] == ":" and "->" not in values):
        return [(n, K.EnumMember, label) for n, label in v.statuses]
    return None


def _in_order(values: list[str], depth: int, v: Vocabulary) -> list[Offer] | None:
    """``order NAME: <event> after <event>, ...``."""
    if values[-1] in (":", "after", ",") and "when" not in values:
        return _events(v)
    return None


def _in_notify(values: list[str], depth: int, v: Vocabulary) -> list[Offer] | None:
    """``notify NAME: <contact> via <channel> within ... of <event> ... met by <event>``."""
    last = values[-1]
    if last == ":" and "via" not in values:
        return _contacts(v)
    if last == "via":
        declared = [(n, K.Interface, label) for n, label in v.channels]
        return declared + [(m, K.Constant, None) for m in MEDIA if m not in {n for n, _ in v.channels}]
    if last == "of" or (last == "by" and values[-2] == "met"):
        return _events(v)
    return None


def _in_commitment(values: list[str], depth: int, v: Vocabulary) -> list[Offer] | None:
    """``commitment NAME { target <target>  per <period> ... }``."""
    if depth > 0 and values[-1] == "target":
        return [(n, K.Class, label) for n, label in v.targets]
    if depth > 0 and values[-1] == "per":
        return [(p, K.Constant, None) for p in PERIODS]
    return None


def _in_choice(values: list[str], depth: int, v: Vocabulary) -> list[Offer] | None:
    """``timezone by <field>`` / ``calendar NAME by <field>``: an enumerated field."""
    return _fields(v, kinds=("enum",)) if depth == 0 and values[-1] == "by" else None


_ITEM_NAMES = {"flow": _in_flow, "order": _in_order, "notify": _in_notify, "commitment": _in_commitment,
               "timezone": _in_choice, "calendar": _in_choice}


def _list_continued(values: list[str], tokens: Sequence[Token], v: Vocabulary, item: str) -> list[Offer]:
    """After ``,``: more of what the list before it holds."""
    k = len(values) - 1
    while k > 0 and (tokens[k - 1].type == "NAME" or values[k - 1] == ","):
        k -= 1
    opener = values[k - 1] if k > 0 else ""
    if opener == "on" and k > 1 and values[k - 2] in EVENT_ROLES:
        return _events(v)
    if opener == "contact":
        return _contacts(v)
    if opener == "(" and k > 2 and values[k - 2] == "in":
        return _values(v, values[k - 3])
    if item == "calendar":
        return [(day, K.Constant, None) for day in WEEKDAYS]
    return []


def _matrix_cell(tokens: Sequence[Token], head: int, line: int, v: Vocabulary) -> list[Offer]:
    """A cell of ``matrix R from ROWS x COLUMNS {``: the header lists the columns' values,
    a row starts with a row value and goes on with result values."""
    values = [str(t) for t in tokens]
    if head + 5 >= len(values):
        return []
    result, rows, columns = values[head + 1], values[head + 3], values[head + 5]
    cells = [t for t in tokens[head + 7:] if t.type == "NAME"]
    if not cells or cells[0].line == line:
        return _values(v, columns)
    return _values(v, result if any(t.line == line for t in cells) else rows)


def _calendars(v: Vocabulary) -> list[Offer]:
    return [(n, K.Module, label) for n, label in v.calendars]


def _events(v: Vocabulary) -> list[Offer]:
    return [(n, K.Event, label) for n, label in v.all_events()]


def _contacts(v: Vocabulary) -> list[Offer]:
    return [(n, K.Reference, label) for n, label in v.contacts]


def _fields(v: Vocabulary, kinds: tuple[str, ...] = ()) -> list[Offer]:
    return [(f.name, K.Field, f.label) for f in v.fields if not kinds or f.kind in kinds]


def _values(v: Vocabulary, field: str) -> list[Offer]:
    if field == "status":
        return [(n, K.EnumMember, label) for n, label in v.statuses]
    spec = v.field(field)
    if spec is None:
        return []
    if spec.kind == "boolean":
        return [("true", K.EnumMember, None), ("false", K.EnumMember, None)]
    return [(n, K.EnumMember, label) for n, label in spec.values]
