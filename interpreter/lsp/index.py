"""Every named thing of a policy text and every place it is written: what definition,
references and rename answer from.

The AST keeps names as strings (a clause's calendar is ``"soporte"``, its span the whole
deadline), so the places come from the parse tree, whose tokens know where they stand.
A rule of the grammar says what each of its names is: ``cal_ref`` names a calendar,
``event_ref`` an event (or ``status <name>`` a status), a comparison a field and one of
its values. A text that does not parse is read with its broken top-level items blanked
out, as the parser's recovery does, so that a half-typed item hides only itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from attrs import frozen
from lark import Token, Tree
from lark.exceptions import LarkError, UnexpectedInput

from plazo.dsl.names import BUILTIN_EVENTS, boolean_word
from plazo.dsl.syntax.describe import error_offset
from plazo.dsl.syntax.parser import TOP_LEVEL, parser

Kind = Literal[
    "calendar", "field", "value", "status", "event", "contact", "channel", "target", "escalation",
    "route", "reject", "require", "forbid", "flow", "order", "notify", "commitment",
]
# a value's name is "field.value": values of two fields may share a word
Key = tuple[Kind, str]
MAX_BLANKED = 20  # broken items skipped before the names of a text are given up

_ITEM_START = re.compile(r"^(?:" + "|".join(TOP_LEVEL) + r")\b", re.M)
# rules whose first NAME defines a thing of that kind
_DEFINES: dict[str, Kind] = {
    "calendar_decl": "calendar", "calendar_expr_decl": "calendar", "field_decl": "field",
    "status_decl": "status", "event_decl": "event", "contact_decl": "contact", "channel_decl": "channel",
    "target_decl": "target", "escalation_decl": "escalation", "route_decl": "route", "reject_decl": "reject",
    "require_decl": "require", "forbid_decl": "forbid", "flow_decl": "flow", "order_decl": "order",
    "notify_decl": "notify", "commitment_decl": "commitment",
}
# rules whose every NAME refers to a thing of that kind
_REFERS: dict[str, Kind] = {
    "cal_ref": "calendar", "channel_hours": "calendar", "duration_deadline": "calendar", "end_of_day": "calendar",
    "next_day_at": "calendar", "level_after": "calendar", "notice": "calendar", "channel_contact": "contact",
    "level_contacts": "contact", "route_contact": "contact", "agreed": "field", "ladder_on_breach": "target",
    "level_at_fraction": "target", "level_offset": "target", "audience": "contact", "commit_target": "target",
}


@frozen
class Occurrence:
    key: Key
    start: int
    end: int
    definition: bool


@frozen
class NameIndex:
    occurrences: tuple[Occurrence, ...]  # in the order of the text

    def at(self, offset: int) -> Occurrence | None:
        """The name written at ``offset`` (the cursor touching its start or its end)."""
        return next((o for o in self.occurrences if o.start <= offset <= o.end), None)

    def definition(self, key: Key) -> Occurrence | None:
        return next((o for o in self.occurrences if o.key == key and o.definition), None)

    def of(self, key: Key) -> list[Occurrence]:
        return [o for o in self.occurrences if o.key == key]

    def defined(self, kind: Kind) -> list[str]:
        """The names of that kind the text defines, in order."""
        return [o.key[1] for o in self.occurrences if o.definition and o.key[0] == kind]


EMPTY = NameIndex(())


def readable_tree(text: str) -> Tree[Token] | None:
    """The parse tree of ``text`` with its broken top-level items blanked (None if
    nothing parses within :data:`MAX_BLANKED` blankings)."""
    for _ in range(MAX_BLANKED):
        try:
            tree: Tree[Token] = parser().parse(text)
            return tree
        except UnexpectedInput as exc:
            blanked = _blank_item(text, error_offset(exc, text))
        except LarkError:
            return None
        if blanked == text:
            return None
        text = blanked
    return None


def _blank_item(text: str, offset: int) -> str:
    starts = [m.start() for m in _ITEM_START.finditer(text)]
    begin = max((s for s in starts if s <= offset), default=0)
    end = min((s for s in starts if s > offset), default=len(text))
    if begin == end:  # the error is at an item's first character: blank that item
        end = min((s for s in starts if s > begin), default=len(text))
    return text[:begin] + re.sub(r"[^\n]", " ", text[begin:end]) + text[end:]


def index_names(text: str) -> NameIndex:
    tree = readable_tree(text)
    if tree is None:
        return EMPTY
    found = sorted(_occurrences(tree), key=lambda o: (o.start, not o.definition))
    return NameIndex(tuple(found))


def _names(node: Tree[Token]) -> list[Token]:
    return [c for c in node.children if isinstance(c, Token) and c.type == "NAME"]


def _at(key: Key, token: Token, definition: bool = False) -> Occurrence:
    start = token.start_pos or 0
    return Occurrence(key, start, token.end_pos if token.end_pos is not None else start + len(token), definition)


def _occurrences(tree: Tree[Token]) -> Iterator[Occurrence]:
    for node in tree.iter_subtrees():
        rule = str(node.data)
        names = _names(node)
        if rule in _DEFINES and names:
            yield _at((_DEFINES[rule], str(names[0])), names[0], definition=True)
            if rule == "field_decl":
                yield from _enum_values(node, str(names[0]))
            elif rule == "flow_decl":  # its steps
                yield from (_at(("status", str(n)), n) for n in names[1:])
            elif rule == "notify_decl":
                yield from _notify(names[1:])
        elif rule in _REFERS:
            yield from (_at((_REFERS[rule], str(n)), n) for n in names)
        elif rule == "event_ref":
            yield from _event_ref(names)
        elif rule in ("comparison", "membership", "truthy"):
            yield from _condition(node, names)
        elif rule == "matrix_decl":
            yield from _matrix(node, names)
        elif rule in ("timezone_choice", "cal_choice") and names:
            yield _at(("field", str(names[0])), names[0])
            yield from _choice_cases(node, str(names[0]))
        elif rule == "derive_decl" and names:
            yield _at(("field", str(names[0])), names[0])
            yield from _derived_values(node, str(names[0]))


def _enum_values(declaration: Tree[Token], field: str) -> Iterator[Occurrence]:
    for enum in declaration.children:
        if isinstance(enum, Tree) and enum.data == "enum_type":
            for value in enum.children:
                if isinstance(value, Tree) and value.data == "enum_value":
                    yield from (_at(("value", f"{field}.{t}"), t, definition=True) for t in _names(value)[:1])


def _event_ref(names: list[Token]) -> Iterator[Occurrence]:
    if len(names) == 2 and str(names[0]) == "status":
        yield _at(("status", str(names[1])), names[1])
    elif names and str(names[0]) not in BUILTIN_EVENTS:
        yield _at(("event", str(names[0])), names[0])


def _notify(names: list[Token]) -> Iterator[Occurrence]:
    """After the duty's name: ``via NAME`` (a channel, or a medium word no channel takes:
    a reference without a definition) and ``on NAME`` (a calendar)."""
    if names:
        yield _at(("channel", str(names[0])), names[0])
    yield from (_at(("calendar", str(n)), n) for n in names[1:2])


def _choice_cases(node: Tree[Token], field: str) -> Iterator[Occurrence]:
    """``by FIELD { v1, v2: <zone or calendar> ... otherwise: ... }``: the values before
    each colon; after it, a calendar's name (a zone is a subtree of its own)."""
    for case in node.children:
        if not isinstance(case, Tree):
            continue
        names = _names(case)
        if case.data == "cal_when":
            yield from (_at(("value", f"{field}.{n}"), n) for n in names[:-1])
            yield from (_at(("calendar", str(n)), n) for n in names[-1:])
        elif case.data == "zone_when":
            yield from (_at(("value", f"{field}.{n}"), n) for n in names)
        elif case.data == "cal_otherwise":
            yield from (_at(("calendar", str(n)), n) for n in names)


def _condition(node: Tree[Token], names: list[Token]) -> Iterator[Occurrence]:
    if not names:
        return
    field = str(names[0])
    if field != "status":
        yield _at(("field", field), names[0])
    for value in node.children:
        if isinstance(value, Tree) and value.data == "name_value":
            for token in _names(value):
                if field == "status":
                    yield _at(("status", str(token)), token)
                elif boolean_word(str(token)) is None:
                    yield _at(("value", f"{field}.{token}"), token)


def _matrix(node: Tree[Token], names: list[Token]) -> Iterator[Occurrence]:
    if len(names) < 3:
        return
    result, rows, columns = (str(n) for n in names[:3])
    yield from (_at(("field", str(n)), n) for n in names[:3])
    cells = [c.children[0] for c in node.children if isinstance(c, Tree) and c.data == "cell"]
    tokens = [c for c in cells if isinstance(c, Token)]
    if not tokens:
        return
    header_line = tokens[0].line
    previous_line = None
    for token in tokens:
        if token.line == header_line:
            field = columns
        elif token.line != previous_line:
            field = rows  # a row's first cell is its key
        else:
            field = result
        previous_line = token.line
        yield _at(("value", f"{field}.{token}"), token)


def _derived_values(node: Tree[Token], field: str) -> Iterator[Occurrence]:
    for case in node.children:
        if isinstance(case, Tree) and case.data in ("derive_when", "derive_otherwise"):
            value = case.children[-1]
            if isinstance(value, Tree) and value.data == "name_value":
                yield from (_at(("value", f"{field}.{token}"), token) for token in _names(value))
