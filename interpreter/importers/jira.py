"""Jira (and Jira Service Management): issues with their changelog, as
``GET /rest/api/3/search?expand=changelog`` returns them (or one issue,
``GET /rest/api/3/issue/{key}?expand=changelog``).

    {"issues": [{"key", "fields": {"created", "status": {"name"}, "priority": {"name"},
                                   "issuetype": {"name"}, "reporter": {"accountId"},
                                   "comment": {"comments": [{"author": {"accountId"}, "created",
                                                             "jsdPublic", ...}]},
                                   "customfield_10050": {"value"} | text | number, ...},
                 "changelog": {"histories": [{"created", "items": [{"field", "fieldId", "from",
                                                                    "fromString", "to", "toString"}]}]}}]}

(developer.atlassian.com: "The Jira Cloud platform REST API", Issues: Get issue,
``expand=changelog``; Issue search; Issue comments, whose ``jsdPublic`` Jira Service
Management sets). Values are read by their names (``toString``, ``name``, an option's
``value``): the workflow's statuses, the priorities. The values an issue was created
with are the ``fromString`` of each field's first change, else its value now. Comments:
``customer`` (by the reporter), ``agent`` (anyone else, public), ``internal``
(``jsdPublic: false``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from plazo.interpreter.errors import ExportError, JsonPath
from plazo.interpreter.importers import shapes
from plazo.interpreter.importers.happenings import (
    Changed,
    Commented,
    Happening,
    Opened,
    Rejected,
    Scalar,
    SourceTicket,
    opening_values,
)
from plazo.interpreter.importers.products import Product

NAMED = ("status", "priority", "issuetype", "resolution")  # read as {"name": ...}
CUSTOM = re.compile(r"customfield_[0-9]+")


def read(data: object) -> Iterator[SourceTicket | Rejected]:
    top = shapes.obj(data, ())
    if "issues" in top:
        issues = shapes.items(top["issues"], ("issues",))
        where: list[JsonPath] = [("issues", i) for i in range(len(issues))]
    else:
        issues, where = [top], [()]
    for issue, path in zip(issues, where, strict=True):
        key = issue.get("key") if isinstance(issue, Mapping) else None
        try:
            issue = shapes.obj(issue, path)
            key = shapes.text(shapes.member(issue, "key", path), (*path, "key"))
            yield SourceTicket(key, list(_issue(issue, path)))
        except ExportError as exc:
            yield Rejected(key if isinstance(key, str) else None, str(exc))


def _issue(issue: Mapping[str, Any], where: JsonPath) -> Iterator[Happening]:
    fields_at: JsonPath = (*where, "fields")
    fields = shapes.obj(shapes.member(issue, "fields", where), fields_at)
    created = shapes.instant(shapes.member(fields, "created", fields_at), (*fields_at, "created"))
    log_at: JsonPath = (*where, "changelog")
    log = shapes.obj(shapes.member(issue, "changelog", where), log_at)
    changes: list[tuple[Changed, Scalar]] = []  # each change, and the value before it
    histories = shapes.items(shapes.member(log, "histories", log_at), (*log_at, "histories"))
    for i, history in enumerate(histories):
        path: JsonPath = (*log_at, "histories", i)
        history = shapes.obj(history, path)
        at = shapes.instant(shapes.member(history, "created", path), (*path, "created"))
        for j, item in enumerate(shapes.items(shapes.member(history, "items", path), (*path, "items"))):
            item_at: JsonPath = (*path, "items", j)
            item = shapes.obj(item, item_at)
            name = item["fieldId"] if "fieldId" in item else shapes.member(item, "field", item_at)
            name = shapes.text(name, (*item_at, "fieldId" if "fieldId" in item else "field"))
            changes.append((Changed(at, name, _string(item, "toString", item_at)),
                            _string(item, "fromString", item_at)))
    # nothing in the API promises the histories' order: a field's first change is its earliest
    changes.sort(key=lambda c: c[0].at)
    yield Opened(created, opening_values(dict(_now(fields, fields_at)), changes))
    yield from (change for change, _ in changes)
    yield from _comments(fields, fields_at)


def _string(item: Mapping[str, Any], key: str, where: JsonPath) -> Scalar:
    raw = item.get(key)
    if raw is not None and not isinstance(raw, str):
        raise ExportError(f"expected a text or null, got {shapes.kind_of(raw)}", (*where, key))
    return raw


def _now(fields: Mapping[str, Any], where: JsonPath) -> Iterator[tuple[str, Scalar]]:
    """The values the issue has now: the named ones, and custom fields holding a value."""
    for name in NAMED:
        raw = fields.get(name)
        if raw is not None:
            named = shapes.obj(raw, (*where, name))
            yield name, shapes.text(shapes.member(named, "name", (*where, name)), (*where, name, "name"))
    for name, raw in fields.items():
        if CUSTOM.fullmatch(name) and raw is not None:
            if isinstance(raw, Mapping) and isinstance(raw.get("value"), str):  # an option of a select list
                yield name, raw["value"]
            elif isinstance(raw, str | int | float | bool):
                yield name, raw


def _comments(fields: Mapping[str, Any], where: JsonPath) -> Iterator[Happening]:
    reporter = fields.get("reporter")
    reporter_id = reporter.get("accountId") if isinstance(reporter, Mapping) else None
    if "comment" not in fields:
        return
    box: JsonPath = (*where, "comment")
    comment = shapes.obj(fields["comment"], box)
    for i, raw in enumerate(shapes.items(shapes.member(comment, "comments", box), (*box, "comments"))):
        path: JsonPath = (*box, "comments", i)
        c = shapes.obj(raw, path)
        at = shapes.instant(shapes.member(c, "created", path), (*path, "created"))
        public = shapes.boolean(c.get("jsdPublic", True), (*path, "jsdPublic"))
        author = c.get("author")
        author_id = author.get("accountId") if isinstance(author, Mapping) else None
        if not public:
            kind = "internal"
        elif reporter_id is not None and author_id == reporter_id:
            kind = "customer"
        else:
            kind = "agent"
        yield Commented(at, kind)


PRODUCT = Product(
    name="jira",
    status_field="status",
    statuses=None,
    comment_kinds=("agent", "customer", "internal"),
    records=(),
    fields=(*NAMED[1:], "assignee", "labels", "components", "summary", "description", "duedate", "Link"),
    custom=CUSTOM,
    custom_example="customfield_10050",
    read=read,
)
