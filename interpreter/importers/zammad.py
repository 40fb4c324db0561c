"""Zammad: each ticket with its articles and its history, as three documented calls
return them, gathered in one list (Zammad has no single export of all three):

    [{"ticket":   GET /api/v1/tickets/{id}?expand=true
                  {"id", "number", "created_at", "state": "open", "priority": "2 normal", ...},
      "articles": GET /api/v1/ticket_articles/by_ticket/{id}?expand=true
                  [{"id", "created_at", "sender": "Agent" | "Customer" | "System", "internal", ...}],
      "history":  GET /api/v1/ticket_history/{id}
                  {"history": [{"o_id", "object": "Ticket", "type": "updated", "attribute": "state",
                                "value_from", "value_to", "created_at", ...}], "assets": {...}}}]

(docs.zammad.org, REST API: Tickets and Articles; the history list is that of
``History.list`` in Zammad's app/models/history.rb, which the ticket_history endpoint
returns). The ticket is opened at its ``created_at`` with the values its history's first
change of each attribute started from, else those it has now. An ``updated`` entry of
the object ``Ticket`` is a change (``state`` the status); comments are the articles, by
``sender``, or ``internal`` for internal notes; an article the history shows created but
the articles no longer list was deleted: a comment of the kind ``deleted``. Every other
history entry (``merged_into``, ``received_merge``, ``notification``, ``email``, ...) is a
record named by its type.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from plazo.dsl.visible import visible
from plazo.interpreter.errors import ExportError, JsonPath
from plazo.interpreter.importers import shapes
from plazo.interpreter.importers.happenings import (
    Changed,
    Commented,
    Happening,
    Noted,
    Opened,
    Rejected,
    Scalar,
    SourceTicket,
    opening_values,
)
from plazo.interpreter.importers.products import Product

STANDARD = ("state", "priority", "group", "owner", "customer", "organization", "type", "title", "pending_time")
# a ticket's bookkeeping, never a value a policy reads
_BOOKKEEPING = re.compile(r".*(_id|_ids|_at|_in_min|_diff_in_min)|id|number|title|note|article_count|time_unit"
                          r"|preferences|pending_time|customer|owner|organization|created_by|updated_by"
                          r"|create_article_type|create_article_sender|checklist")
ARTICLE = "Ticket::Article"


def read(data: object) -> Iterator[SourceTicket | Rejected]:
    for i, bundle in enumerate(shapes.items(data, ())):
        where: JsonPath = (i,)
        number: str | None = None
        try:
            bundle = shapes.obj(bundle, where)
            ticket = shapes.obj(shapes.member(bundle, "ticket", where), (*where, "ticket"))
            number = shapes.ident(ticket.get("number", ticket.get("id")), (*where, "ticket", "number"))
            yield SourceTicket(number, list(_ticket(bundle, ticket, where)))
        except ExportError as exc:
            yield Rejected(number, str(exc))


def _ticket(bundle: Mapping[str, Any], ticket: Mapping[str, Any], where: JsonPath) -> Iterator[Happening]:
    at: JsonPath = (*where, "ticket")
    created = shapes.instant(shapes.member(ticket, "created_at", at), (*at, "created_at"))
    articles = list(_articles(bundle, where))
    listed = {a_id for a_id, _ in articles}
    changes: list[tuple[Changed, Scalar]] = []
    others: list[Happening] = []
    for path, entry in _history(bundle, where):
        kind = shapes.text(shapes.member(entry, "type", path), (*path, "type"))
        kind_of_object = shapes.text(shapes.member(entry, "object", path), (*path, "object"))
        when = shapes.instant(shapes.member(entry, "created_at", path), (*path, "created_at"))
        if kind_of_object == "Ticket" and kind == "updated":
            name = shapes.text(shapes.member(entry, "attribute", path), (*path, "attribute"))
            changes.append((Changed(when, name, _scalar(entry, "value_to", path)), _scalar(entry, "value_from", path)))
        elif kind_of_object == "Ticket" and kind == "created":
            continue  # the ticket's own created_at opens it
        elif kind_of_object == ARTICLE and kind == "created":
            article = shapes.ident(shapes.member(entry, "o_id", path), (*path, "o_id"))
            if article not in listed:
                others.append(Commented(when, "deleted"))
        elif kind_of_object == ARTICLE and kind == "removed":
            continue  # counted once, as the deleted comment above
        else:
            others.append(Noted(when, kind if kind_of_object == "Ticket" else f"{kind} {kind_of_object}"))
    changes.sort(key=lambda c: c[0].at)
    values: dict[str, Scalar] = {}
    for name, raw in ticket.items():
        if isinstance(raw, str | int | float | bool) and not _BOOKKEEPING.fullmatch(name):
            values[name] = raw
    yield Opened(created, opening_values(values, changes))
    yield from (change for change, _ in changes)
    yield from (comment for _, comment in articles)
    yield from others


def _history(bundle: Mapping[str, Any], where: JsonPath) -> Iterator[tuple[JsonPath, Mapping[str, Any]]]:
    raw = shapes.member(bundle, "history", where)
    path: JsonPath = (*where, "history")
    if isinstance(raw, Mapping):  # the endpoint's response as it comes, {"history": [...], "assets": {...}}
        raw, path = shapes.member(raw, "history", path), (*path, "history")
    for j, entry in enumerate(shapes.items(raw, path)):
        yield (*path, j), shapes.obj(entry, (*path, j))


def _articles(bundle: Mapping[str, Any], where: JsonPath) -> Iterator[tuple[str, Commented]]:
    path: JsonPath = (*where, "articles")
    for j, raw in enumerate(shapes.items(shapes.member(bundle, "articles", where), path)):
        at: JsonPath = (*path, j)
        article = shapes.obj(raw, at)
        a_id = shapes.ident(shapes.member(article, "id", at), (*at, "id"))
        when = shapes.instant(shapes.member(article, "created_at", at), (*at, "created_at"))
        internal = shapes.boolean(shapes.member(article, "internal", at), (*at, "internal"))
        sender = shapes.text(shapes.member(article, "sender", at), (*at, "sender"))
        if sender not in SENDERS:
            raise ExportError(f"unknown sender '{visible(sender[:40])}'", (*at, "sender"),
                              f"Zammad's senders: {', '.join(SENDERS)}")
        yield a_id, Commented(when, "internal" if internal else sender)


def _scalar(entry: Mapping[str, Any], key: str, where: JsonPath) -> Scalar:
    raw = entry.get(key)
    if raw is not None and not isinstance(raw, str | int | float | bool):
        raise ExportError(f"expected a value, got {shapes.kind_of(raw)}", (*where, key))
    return raw


SENDERS = ("Agent", "Customer", "System")

PRODUCT = Product(
    name="zammad",
    status_field="state",
    statuses=None,
    comment_kinds=(*SENDERS, "internal", "deleted"),
    records=("merged_into", "received_merge", "notification", "email", "escalation", "escalation_warning",
             "reached_escalation", "time_trigger_performed", "updated Ticket::Article"),
    fields=STANDARD,
    custom=re.compile(r"[a-z][a-z0-9_]*"),
    custom_example="service (the attribute's name)",
    read=read,
)
