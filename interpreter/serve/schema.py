"""JSON Schemas of what plazo reads and writes, generated from the classes themselves
so that they cannot drift: the ticket (:class:`Ticket`, :class:`Event` and the keys
each kind of event needs), the result (:class:`EvaluationResult`), the explanation
(:class:`Explanation`) and the history record (:class:`TicketRecord`, a line of
``plazo evaluate POLICY HISTORY --out x.jsonl``).

Attrs classes and TypedDicts are walked field by field: their annotations become
types (an instant is a ``date-time`` text, a tuple an array, ``X | None`` allows
``null``, a ``Literal`` an enum), every field is required (``to_dict`` writes each),
and no other key is allowed. ``docs/schema/*.json`` hold the output;
``tests/test_schema.py`` checks they are current and that real outputs validate.
Regenerate them with ``python -m plazo.interpreter.serve.schema docs/schema``.
"""

from __future__ import annotations

import json
import sys
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import attrs

from plazo.interpreter.batch.records import TicketRecord
from plazo.interpreter.explain.facts import Explanation
from plazo.interpreter.run.results import EvaluationResult
from plazo.interpreter.run.ticket import EVENT_KEYS, Event, Ticket

Schema = dict[str, Any]
DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCALAR: Schema = {"type": ["string", "number", "boolean", "null"]}  # a field's value in JSON


class Definitions:
    """The named schemas found while walking the classes (``$defs``)."""

    def __init__(self) -> None:
        self.found: dict[str, Schema] = {}
        self.owners: dict[str, type] = {}

    def ref(self, cls: type) -> Schema:
        name = cls.__name__
        if self.owners.get(name, cls) is not cls:
            raise TypeError(f"two classes named {name}: {self.owners[name]} and {cls}")
        if name not in self.owners:
            self.owners[name] = cls
            self.found[name] = {}  # a placeholder: a class may refer to itself
            self.found[name] = self._object(cls)
        return {"$ref": f"#/$defs/{name}"}

    def _object(self, cls: type) -> Schema:
        hints = get_type_hints(cls)
        # an attrs class's fields, or a TypedDict's keys
        names = [f.name for f in attrs.fields(cls) if f.init] if attrs.has(cls) else list(hints)
        out: Schema = {"type": "object"}
        doc = (cls.__doc__ or "").strip()
        if doc and not doc.startswith(f"{cls.__name__}("):  # attrs writes a signature where there is no docstring
            out["description"] = " ".join(doc.split())
        out["properties"] = {n: self.of(hints[n]) for n in names}
        out["required"] = names
        out["additionalProperties"] = False
        return out

    def of(self, tp: Any) -> Schema:
        """The schema of an annotation."""
        origin, args = get_origin(tp), get_args(tp)
        if tp is Any:
            return {}
        if tp is type(None):
            return {"type": "null"}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is float:
            return {"type": "number"}
        if tp is str:
            return {"type": "string"}
        if tp is datetime:
            return {"type": "string", "format": "date-time"}
        if tp is date:
            return {"type": "string", "format": "date"}
        if origin is Literal:
            return {"enum": list(args)}
        if origin in (Union, types.UnionType):
            return self._union(args)
        if origin in (tuple, list):
            return {"type": "array", "items": self.of(args[0])}
        if origin in (dict, Mapping) or origin is typing.Mapping:
            return {"type": "object", "additionalProperties": self.of(args[1])}
        if isinstance(tp, type) and (attrs.has(tp) or typing.is_typeddict(tp)):
            return self.ref(tp)
        raise TypeError(f"no JSON Schema for {tp!r}: add it to Definitions.of")

    def _union(self, args: tuple[Any, ...]) -> Schema:
        if set(args) == {int, float}:
            return {"type": "number"}
        if set(args) == {int, float, type(None)}:
            return {"type": ["number", "null"]}
        options = [self.of(a) for a in args if a is not type(None)]
        nullable = type(None) in args
        if len(options) == 1 and nullable:
            only = options[0]
            if isinstance(only.get("type"), str):
                return {**only, "type": [only["type"], "null"]}
            if "enum" in only:
                return {"enum": [*only["enum"], None]}
            return {"anyOf": [only, {"type": "null"}]}
        types_only = [o.get("type") for o in options]
        if all(isinstance(t, str) and len(o) == 1 for t, o in zip(types_only, options, strict=True)):
            return {"type": [*types_only, *(["null"] if nullable else [])]}
        return {"anyOf": [*options, *([{"type": "null"}] if nullable else [])]}


def document(title: str, root: type, describe: str) -> Schema:
    """The schema of ``root`` with every class it reaches under ``$defs``."""
    defs = Definitions()
    top = defs.ref(root)
    return {"$schema": DRAFT, "title": title, "description": describe, **top, "$defs": defs.found}


# ------------------------------------------------------------------ the ticket

def ticket_document() -> Schema:
    """The ticket as ``Ticket.from_dict`` reads it. Its JSON form is not a plain walk of
    the class: ``id`` may be a whole number too, an event holds only the keys its kind
    needs (:data:`EVENT_KEYS`), and an instant must carry its offset. Properties still
    come from the classes' fields, so a field added to either shows up here."""
    ticket_fields = [f.name for f in attrs.fields(Ticket) if f.init]
    event_fields = [f.name for f in attrs.fields(Event) if f.init]
    kinds = {**{n: {} for n in ticket_fields},
             "id": {"type": ["string", "integer"], "description": "a text, or a whole number (read as its digits)"},
             "fields": {"type": "object", "additionalProperties": SCALAR,
                        "description": "each field's value as the policy declares it: a value's name, a number, "
                                       "true or false, an instant (ISO 8601 with offset), a text, or null"},
             "events": {"type": "array", "items": {"$ref": "#/$defs/Event"},
                        "description": "the log, in order of their instants"}}
    event_props: Schema = {n: {} for n in event_fields}
    event_props.update({
        "type": {"type": "string", "minLength": 1,
                 "description": "created, status, set, another built-in event or one the policy declares"},
        "at": {"type": "string", "format": "date-time", "description": "ISO 8601 with its UTC offset"},
        "status": {"type": "string"}, "field": {"type": "string"}, "value": SCALAR})
    needing = [{"if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
                "then": {"required": list(keys), "propertyNames": {"enum": ["type", "at", *keys]}}}
               for kind, keys in EVENT_KEYS.items()]
    plain = {"if": {"properties": {"type": {"enum": list(EVENT_KEYS)}}, "required": ["type"]},
             "else": {"propertyNames": {"enum": ["type", "at"]}}}
    event: Schema = {"type": "object", "description": " ".join((Event.__doc__ or "").split()),
                     "properties": event_props, "required": ["type", "at"], "allOf": [*needing, plain]}
    return {"$schema": DRAFT, "title": "plazo ticket",
            "description": "A ticket: declared field values and the log of its events (Ticket.from_dict).",
            "type": "object", "properties": kinds, "additionalProperties": False, "$defs": {"Event": event}}


def documents() -> dict[str, Schema]:
    """Every schema by its file name in docs/schema/."""
    return {
        "ticket.json": ticket_document(),
        "result.json": document("plazo result", EvaluationResult,
                                "A ticket's state under a policy as of an instant (EvaluationResult.to_dict())."),
        "explanation.json": document("plazo explanation", Explanation,
                                     "Why each deadline falls where it does (Explanation.to_dict())."),
        "history-record.json": document("plazo history record", TicketRecord,
                                        "One ticket of a history evaluated: a line of plazo evaluate POLICY "
                                        "HISTORY --out FILE.jsonl, and of the service's batch evaluate."),
    }


def text(schema: Schema) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in documents().items():
        path = folder / name
        path.write_text(text(schema), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/schema")):
        print(path)
