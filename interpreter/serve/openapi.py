"""The service's OpenAPI 3.1 description, served at ``/openapi.json``.

The bodies plazo reads and writes are the JSON Schemas of :mod:`.schema` (the same
that ``docs/schema/*.json`` hold), their definitions moved under
``components/schemas``; the service's own shapes (errors, the policies' state,
``/check``'s answer, a batch's lines) are written here.
"""

from __future__ import annotations

import json
from typing import Any

from plazo.interpreter.serve.limits import Limits
from plazo.interpreter.serve.schema import Schema, documents

JSON_LINES = "application/x-ndjson"
COMPONENTS = "#/components/schemas/"
ROOTS = {"ticket.json": "Ticket", "result.json": "EvaluationResult", "explanation.json": "Explanation",
         "history-record.json": "TicketRecord"}


def _ref(name: str) -> Schema:
    return {"$ref": COMPONENTS + name}


def _moved(schema: Any) -> Any:
    """``#/$defs/X`` -> ``#/components/schemas/X`` everywhere in ``schema``."""
    return json.loads(json.dumps(schema).replace('"#/$defs/', f'"{COMPONENTS}'))


def _nullable(kind: str) -> Schema:
    return {"type": [kind, "null"]}


DIAGNOSTIC: Schema = {
    "type": "object", "additionalProperties": False,
    "properties": {"file": {"type": "string"}, "line": {"type": "integer"}, "column": {"type": "integer"},
                   "end_line": {"type": "integer"}, "end_column": {"type": "integer"},
                   "severity": {"enum": ["error", "warning"]}, "code": {"type": "string"},
                   "message": {"type": "string"}, "hint": {"type": "string"}},
    "required": ["file", "line", "column", "end_line", "end_column", "severity", "code", "message", "hint"]}

ERROR_FIELDS: Schema = {
    "type": "object", "additionalProperties": False,
    "properties": {"status": {"type": "integer"}, "code": {"type": "string"}, "message": {"type": "string"},
                   "problem": {"type": "string"}, "path": _nullable("string"), "parameter": _nullable("string"),
                   "hint": _nullable("string"), "request_id": {"type": "string"}},
    "required": ["status", "code", "message", "problem", "path", "parameter", "hint"]}

VERSION: Schema = {
    "type": "object", "additionalProperties": False,
    "properties": {"version": _nullable("string"), "policy": {"type": "string"}, "label": _nullable("string"),
                   "sha256": {"type": "string"}, "loaded_at": {"type": "string", "format": "date-time"}},
    "required": ["version", "policy", "label", "sha256", "loaded_at"]}

REFUSAL: Schema = {
    "type": "object", "additionalProperties": False,
    "properties": {"sha256": _nullable("string"), "refused_at": {"type": "string", "format": "date-time"},
                   "problem": {"type": "string"}, "diagnostics": {"type": "array", "items": _ref("Diagnostic")}},
    "required": ["sha256", "refused_at", "problem", "diagnostics"]}

POLICY_STATE: Schema = {
    "type": "object", "additionalProperties": False,
    "properties": {"name": {"type": "string"}, "file": {"type": "string"},
                   "current": {"anyOf": [_ref("Version"), {"type": "null"}]},
                   "earlier": {"type": "array", "items": _ref("Version")},
                   "refused": {"anyOf": [_ref("Refusal"), {"type": "null"}]}},
    "required": ["name", "file", "current", "earlier", "refused"]}

SERVICE_SCHEMAS: dict[str, Schema] = {
    "Error": {"type": "object", "additionalProperties": False, "properties": {"error": _ref("ErrorFields")},
              "required": ["error"]},
    "ErrorFields": ERROR_FIELDS,
    "Diagnostic": DIAGNOSTIC,
    "Version": VERSION,
    "Refusal": REFUSAL,
    "PolicyState": POLICY_STATE,
    "Policies": {"type": "object", "additionalProperties": False,
                 "properties": {"refreshed_at": {"type": "string", "format": "date-time"},
                                "policies": {"type": "array", "items": _ref("PolicyState")}},
                 "required": ["refreshed_at", "policies"]},
    "Health": {"type": "object", "additionalProperties": False,
               "properties": {"status": {"const": "ok"}, "policies": {"type": "integer"},
                              "serving": {"type": "integer"}},
               "required": ["status", "policies", "serving"]},
    "CheckResult": {"type": "object", "additionalProperties": False,
                    "properties": {"ok": {"type": "boolean"}, "errors": {"type": "integer"},
                                   "warnings": {"type": "integer"},
                                   "diagnostics": {"type": "array", "items": _ref("Diagnostic")}},
                    "required": ["ok", "errors", "warnings", "diagnostics"]},
    "BatchRejection": {"type": "object", "additionalProperties": False,
                       "properties": {"line": {"type": "integer"}, "ticket": _nullable("string"),
                                      "error": _ref("ErrorFields")},
                       "required": ["line", "ticket", "error"]},
    "BatchDone": {"type": "object", "additionalProperties": False,
                  "properties": {"done": {
                      "type": "object", "additionalProperties": False,
                      "properties": {"tickets": {"type": "integer"}, "evaluated": {"type": "integer"},
                                     "rejected": {"type": "integer"}, "complete": {"type": "boolean"},
                                     "error": {"anyOf": [_ref("ErrorFields"), {"type": "null"}]}},
                      "required": ["tickets", "evaluated", "rejected", "complete", "error"]}},
                  "required": ["done"]},
    "BatchLine": {"oneOf": [_ref("TicketRecord"), _ref("BatchRejection"), _ref("BatchDone")]},
}


def components() -> dict[str, Schema]:
    """Every schema by name: the documents' definitions and roots, then the service's."""
    out: dict[str, Schema] = {}
    for file, schema in documents().items():
        for name, definition in schema.get("$defs", {}).items():
            if name in out and out[name] != _moved(definition):
                raise ValueError(f"{name} is defined twice, differently")
            out[name] = _moved(definition)
        if "$ref" not in schema:  # the ticket: its root is inline
            root = {k: v for k, v in schema.items() if k not in ("$schema", "$defs", "title")}
            out[ROOTS[file]] = _moved(root)
    out.update(SERVICE_SCHEMAS)
    return out


def _errors(*statuses: int) -> dict[str, Any]:
    words = {400: "the request cannot be read (not JSON, not UTF-8, a bad parameter)",
             404: "no such policy, version or target", 413: "past a limit (body size, events per ticket)",
             422: "read, but the policy cannot take it (the error names the place)",
             503: "not answered within the time limit"}
    return {str(s): {"description": words[s], "content": {"application/json": {"schema": _ref("Error")}}}
            for s in statuses}


def _query(name: str, description: str, schema: Schema | None = None) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}}


NAME_PARAMETER = {"name": "name", "in": "path", "required": True, "description": "the policy: its file's name "
                  "without .plazo", "schema": {"type": "string"}}
AT = _query("at", "the instant to look at (ISO 8601; a local time is read in the policy's time zone); "
                  "default: the ticket's last event")
VERSION_PIN = _query("version", "answer with this version of the policy (as it declares it, `version 3`) "
                                "instead of the current one")


def _json(name: str) -> dict[str, Any]:
    return {"application/json": {"schema": _ref(name)}}


def description(limits: Limits) -> dict[str, Any]:
    """The OpenAPI document of a service with these limits."""
    on_a_policy = [NAME_PARAMETER, AT, VERSION_PIN]
    paths: dict[str, Any] = {
        "/healthz": {"get": {"operationId": "health", "summary": "the service is up",
                             "responses": {"200": {"description": "up", "content": _json("Health")}}}},
        "/v1/policies": {"get": {
            "operationId": "listPolicies", "summary": "every policy: versions, when loaded, refused texts",
            "responses": {"200": {"description": "the policies", "content": _json("Policies")}}}},
        "/v1/policies/{name}": {"get": {
            "operationId": "getPolicy", "summary": "one policy: its versions and the diagnostics of a refused text",
            "parameters": [NAME_PARAMETER],
            "responses": {"200": {"description": "the policy", "content": _json("PolicyState")}, **_errors(404)}}},
        "/v1/policies/{name}/evaluate": {"post": {
            "operationId": "evaluate",
            "summary": "a ticket's state as of an instant; JSON Lines in: one history record per line out",
            "parameters": on_a_policy,
            "requestBody": {"required": True, "content": {
                "application/json": {"schema": _ref("Ticket")},
                JSON_LINES: {"schema": {"type": "string", "description": "one ticket (JSON) per line"}}}},
            "responses": {"200": {"description": "the result (a ticket), or one line per ticket and a last line "
                                                 "with the counts (JSON Lines)",
                                  "content": {**_json("EvaluationResult"),
                                              JSON_LINES: {"schema": {"type": "string"}}}},
                          **_errors(400, 404, 413, 422, 503)}}},
        "/v1/policies/{name}/explain": {"post": {
            "operationId": "explain", "summary": "why each deadline falls where it does",
            "parameters": [*on_a_policy, _query("target", "explain only this target"),
                           _query("format", "json (the facts) or text (sentences)", {"enum": ["json", "text"]}),
                           _query("language", "of the text; default the policy's", {"enum": ["es", "en"]})],
            "requestBody": {"required": True, "content": _json("Ticket")},
            "responses": {"200": {"description": "the explanation",
                                  "content": {**_json("Explanation"), "text/plain": {"schema": {"type": "string"}}}},
                          **_errors(400, 404, 413, 422, 503)}}},
        "/v1/policies/{name}/render": {"get": {
            "operationId": "render", "summary": "the document a provider publishes (Markdown or HTML)",
            "parameters": [NAME_PARAMETER, VERSION_PIN,
                           _query("format", "md or html", {"enum": ["md", "html"]}),
                           _query("year", "the year whose holidays are listed; default this year",
                                  {"type": "integer", "minimum": 1900, "maximum": 2999}),
                           _query("language", "default the policy's", {"enum": ["es", "en"]})],
            "responses": {"200": {"description": "the document", "content": {
                "text/markdown": {"schema": {"type": "string"}}, "text/html": {"schema": {"type": "string"}}}},
                **_errors(400, 404, 503)}}},
        "/v1/check": {"post": {
            "operationId": "check", "summary": "a policy text's diagnostics, as plazo check --json gives them",
            "requestBody": {"required": True, "content": {"text/plain": {"schema": {"type": "string",
                                                                                  "minLength": 1}}}},
            "responses": {"200": {"description": "the diagnostics (ok: no errors)", "content": _json("CheckResult")},
                          **_errors(400, 413, 503)}}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "plazo", "version": "1",
                 "description": "Service-level policies evaluated over HTTP (docs/service.md). Limits: a body at "
                                f"most {limits.body_bytes:,} bytes (a batch {limits.batch_bytes:,}), "
                                f"{limits.events:,} events per ticket, {limits.seconds:g} s per request."},
        "paths": paths,
        "components": {"schemas": components()},
    }
