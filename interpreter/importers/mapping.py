"""The mapping file: which of a product's statuses, fields, values, comment kinds and
records become which plazo events, fields and values, for one policy.

A TOML file (docs/importers.md). The product's defaults (``defaults/<product>.toml``)
are read first and the file's entries replace them key by key. Every name is checked:
the product's side against what the product has, the plazo side against the policy;
an unknown key or name is a :class:`MappingError` with the file, the line and a
did-you-mean.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping as MappingType
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from plazo.dsl.errors import PlazoError
from plazo.dsl.loader import read_text
from plazo.dsl.names import closest, suggest
from plazo.dsl.visible import visible
from plazo.interpreter.errors import MappingError, TicketError
from plazo.interpreter.importers.happenings import Scalar
from plazo.interpreter.importers.products import Product
from plazo.interpreter.importers.toml_lines import KeyLines
from plazo.interpreter.policy import Policy, load_policy

DEFAULTS = Path(__file__).resolve().parent / "defaults"
IGNORE = "ignore"
STATUS_PREFIX = "status:"
TOP_KEYS = ("product", "policy", "statuses", "comments", "records", "first_response", "reopen_from", "fields")
FIELD_KEYS = ("to", "values", "events")
# events a mapping may not name: plazo writes them from what the mapping says
WRITTEN_BY_THE_IMPORTER = ("created", "status", "set")
_TOML_PLACE = re.compile(r"\(at line (\d+), column \d+\)")


@frozen
class Emit:
    """A plazo event the mapping asks for: ``type`` (``status`` with ``status``)."""

    type: str
    status: str | None = None

    def at(self, instant: str) -> dict[str, Any]:
        event: dict[str, Any] = {"type": self.type, "at": instant}
        if self.status is not None:
            event["status"] = self.status
        return event


Emits = tuple[Emit, ...]  # () is "ignore"


@frozen
class FieldMap:
    """A product field: the policy field it sets (or None), its values' translation (None:
    a value is kept as it is), and the events some of its values cause."""

    to: str | None
    values: MappingType[str, Scalar] | None
    events: MappingType[str, Emits]


@frozen
class Mapping:
    product: Product
    policy: Policy
    policy_path: str
    statuses: MappingType[str, Emits]
    comments: MappingType[str, Emits]
    records: MappingType[str, Emits]
    first_response: frozenset[str]
    reopen_from: frozenset[str]
    fields: MappingType[str, FieldMap | None]  # None: "ignore"


def value_key(value: Scalar) -> str:
    """A product value as the mapping's tables name it (TOML keys are texts)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)


class _Source:
    """One TOML file of the mapping: its name and its keys' lines, for errors."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        try:
            self.data: dict[str, Any] = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            # Python 3.11's tomllib gives the place only in its message ("(at line 3, column 10)");
            # 3.14 adds ``lineno``: read the message only where the attribute is missing
            line = getattr(exc, "lineno", None)
            found = _TOML_PLACE.search(str(exc))
            if line is None and found:
                line = int(found.group(1))
            problem = _TOML_PLACE.sub("", str(exc)).strip()
            raise MappingError(file, line, f"not TOML: {problem}") from None
        self.lines = KeyLines(text)

    def error(self, path: Sequence[str], problem: str, hint: str | None = None) -> MappingError:
        return MappingError(self.file, self.lines.line(path), problem, hint or None)


def load_mapping(path: str, product: Product) -> Mapping:
    """The mapping in ``path`` over ``product``'s defaults, checked against its policy."""
    mine = _Source(path, read_text(path))
    defaults_path = DEFAULTS / f"{product.name}.toml"
    defaults = _Source(str(defaults_path), defaults_path.read_text(encoding="utf-8"))
    for source in (defaults, mine):
        for key in source.data:
            if key not in TOP_KEYS:
                raise source.error([key], f"unknown key '{visible(key)}'",
                                   suggest(key, TOP_KEYS, f"a mapping has {', '.join(TOP_KEYS)}"))
    named = mine.data.get("product")
    if named is not None and named != product.name:
        raise mine.error(["product"], f"this mapping is for '{visible(str(named))}', not {product.name}",
                         f"run plazo import {visible(str(named))}, or give a mapping for {product.name}")
    policy_path, policy = _policy(mine, Path(path))
    reader = _Reader(product, policy)
    return Mapping(
        product, policy, policy_path,
        reader.table(defaults, mine, "statuses", reader.status_key),
        reader.table(defaults, mine, "comments", reader.comment_key),
        reader.table(defaults, mine, "records", reader.record_key),
        frozenset(reader.names(defaults, mine, "first_response", reader.comment_key)),
        frozenset(reader.names(defaults, mine, "reopen_from", reader.status_key)),
        reader.fields(defaults, mine),
    )


def _policy(source: _Source, path: Path) -> tuple[str, Policy]:
    written = source.data.get("policy")
    if not isinstance(written, str):
        raise source.error(["policy"] if written is not None else [],
                           "the mapping must name its policy" if written is None else "policy is a path (a text)",
                           'write policy = "path/to/policy.plazo" (relative to the mapping file)')
    policy_path = path.parent / written
    try:
        return str(policy_path), load_policy(policy_path)
    except PlazoError as exc:
        raise source.error(["policy"], f"the policy {written} cannot be used: {exc}") from None


class _Reader:
    """Checks each entry against the product (left side) and the policy (right side)."""

    def __init__(self, product: Product, policy: Policy) -> None:
        self.product, self.policy = product, policy
        self.events = sorted(e for e in policy.known_events if e not in WRITTEN_BY_THE_IMPORTER)

    # -- the product's side
    def status_key(self, source: _Source, path: Sequence[str], name: str) -> None:
        known = self.product.statuses
        if known is not None and name not in known:
            raise source.error(path, f"{self.product.name} has no status '{visible(name)}'",
                               suggest(name, known, f"its statuses: {', '.join(known)}"))

    def comment_key(self, source: _Source, path: Sequence[str], name: str) -> None:
        kinds = self.product.comment_kinds
        if name not in kinds:
            raise source.error(path, f"{self.product.name} has no comment kind '{visible(name)}'",
                               suggest(name, kinds, f"its comment kinds: {', '.join(kinds)}"))

    def record_key(self, source: _Source, path: Sequence[str], name: str) -> None:
        records = self.product.records
        if name not in records:
            raise source.error(path, f"{self.product.name} has no record '{visible(name)}'",
                               suggest(name, records, f"its records: {', '.join(records)}"))

    # -- the plazo side
    def emits(self, source: _Source, path: Sequence[str], raw: object) -> Emits:
        """A text or a list of texts: event names, ``status:NAME``, or ``ignore``."""
        names = [raw] if isinstance(raw, str) else raw
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise source.error(path, "expected an event name, \"status:NAME\", \"ignore\" or a list of them")
        if names == [IGNORE]:
            return ()
        return tuple(self.emit(source, path, n) for n in names)

    def emit(self, source: _Source, path: Sequence[str], name: str) -> Emit:
        if name.startswith(STATUS_PREFIX):
            status = name[len(STATUS_PREFIX):]
            if status not in self.policy.statuses:
                declared = ", ".join(self.policy.statuses) or "none"
                raise source.error(path, f"policy {self.policy.name} has no status '{visible(status)}'",
                                   suggest(status, self.policy.statuses, f"it declares: {declared}"))
            return Emit("status", status)
        if name not in self.events:
            hint = suggest(name, self.events, f"its events: {', '.join(self.events)}")
            if name == IGNORE:
                hint = '"ignore" stands alone, not in a list'
            elif name in self.policy.statuses:
                hint = f"a status of the policy is written \"status:{name}\""
            raise source.error(path, f"policy {self.policy.name} has no event '{visible(name)}'", hint)
        return Emit(name)

    # -- the tables
    def table(self, defaults: _Source, mine: _Source, key: str, check_key: Any) -> dict[str, Emits]:
        out: dict[str, Emits] = {}
        for source in (defaults, mine):
            for name, raw in self._entries(source, key).items():
                check_key(source, [key, name], name)
                out[name] = self.emits(source, [key, name], raw)
        return out

    def names(self, defaults: _Source, mine: _Source, key: str, check_key: Any) -> list[str]:
        source = mine if key in mine.data else defaults
        raw = source.data.get(key, [])
        if not isinstance(raw, list) or not all(isinstance(n, str) for n in raw):
            raise source.error([key], f"{key} is a list of names")
        for name in raw:
            check_key(source, [key], name)
        return list(raw)

    def _entries(self, source: _Source, key: str) -> dict[str, Any]:
        raw = source.data.get(key, {})
        if not isinstance(raw, dict):
            raise source.error([key], f"{key} is a table ([{key}])")
        return raw

    def fields(self, defaults: _Source, mine: _Source) -> dict[str, FieldMap | None]:
        out: dict[str, FieldMap | None] = {}
        for source in (defaults, mine):
            for name, raw in self._entries(source, "fields").items():
                out[name] = self.field(source, name, raw)
        return out

    def field(self, source: _Source, name: str, raw: object) -> FieldMap | None:
        path = ["fields", name]
        product = self.product
        if name == product.status_field:
            raise source.error(path, f"{product.name}'s {name} is mapped in [statuses], not as a field")
        typo = name not in product.fields and closest(name, product.fields) is not None
        if typo or not product.knows_field(name):
            raise source.error(path, f"{product.name} has no field '{visible(name)}'",
                               suggest(name, product.fields, f"its fields: {', '.join(product.fields)}; "
                                                             f"custom fields are named like {product.custom_example}"))
        if raw == IGNORE:
            return None
        if not isinstance(raw, dict):
            raise source.error(path, f"fields.{name} is a table (to, values, events) or \"ignore\"")
        for key in raw:
            if key not in FIELD_KEYS:
                raise source.error([*path, key], f"unknown key '{visible(key)}' in fields.{visible(name)}",
                                   suggest(key, FIELD_KEYS, f"a field's mapping has {', '.join(FIELD_KEYS)}"))
        to = raw.get("to")
        if to is not None and (not isinstance(to, str) or to not in self.policy.fields):
            shown = visible(to) if isinstance(to, str) else repr(to)
            raise source.error([*path, "to"], f"policy {self.policy.name} has no field '{shown}'",
                               suggest(str(to), self.policy.fields,
                                       f"its fields: {', '.join(self.policy.fields)}"))
        events_raw = raw.get("events", {})
        if to is None and not events_raw:
            raise source.error(path, f"fields.{name} sets no field and causes no event",
                               'give it "to" (a field of the policy) or "events", or map it to "ignore"')
        if not isinstance(events_raw, dict):
            raise source.error([*path, "events"], "events is a table: a value of the field -> an event")
        events = {k: self.emits(source, [*path, "events", k], v) for k, v in events_raw.items()}
        values = raw.get("values")
        if values is not None:
            if to is None:
                raise source.error([*path, "values"], "values need a field to set: give \"to\"")
            if not isinstance(values, dict):
                raise source.error([*path, "values"], "values is a table: a value of the product -> a value "
                                                      "of the policy")
            spec = self.policy.fields[to]
            for key, value in values.items():
                try:
                    spec.type.from_json(to, value, ())
                except TicketError as exc:
                    raise source.error([*path, "values", key], exc.problem, exc.hint) from None
        return FieldMap(to, values, events)
