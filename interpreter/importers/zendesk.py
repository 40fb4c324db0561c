"""Zendesk: ticket audits, as ``GET /api/v2/ticket_audits`` (or one ticket's
``GET /api/v2/tickets/{id}/audits``) returns them, with the ``users`` side-load
(``?include=users``) so that a comment's author is known to be an agent or an end user.

    {"audits": [{"id", "ticket_id", "created_at", "author_id", "via": {"channel"},
                 "events": [{"type": "Create" | "Change", "field_name", "value", ...},
                            {"type": "Comment", "author_id", "public", "body", ...}, ...]}],
     "users": [{"id", "role": "end-user" | "agent" | "admin", ...}]}

(developer.zendesk.com: "Ticket Audits" and the "Ticket Audit events reference").
A ticket is created by its audit with ``Create`` events; a ``Change`` of ``status``
is a status change, of any other field (a custom field by its id) a field change.
Comments are of four kinds: ``agent`` and ``end-user`` (public, by the author's role),
``internal`` (``public: false``, an internal note) and ``merge`` (the comment Zendesk
writes on a ticket closed by merging it into another, ``via.channel`` ``merge``);
a comment by a user the side-load does not list is ``unknown-author``. Every other
audit event (``Notification``, ``CommentRedactionEvent`` for a deleted comment, ...)
is a record.
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
    Noted,
    Opened,
    Rejected,
    Scalar,
    SourceTicket,
)
from plazo.interpreter.importers.products import Product

AGENT_ROLES = ("agent", "admin")
COMMENTS = ("Comment", "VoiceComment")
RECORDS = (
    "Notification", "NotificationWithCcs", "Cc", "FollowerNotification", "FollowerChange", "EmailCcChange",
    "CommentRedactionEvent", "AttachmentRedactionEvent", "CommentPrivacyChange", "SuspendedTicketRecovery",
    "SMSNotification", "AgentMacroReference", "SatisfactionRating", "TicketSharingEvent",
    "OrganizationActivity", "SlaTargetChange", "Error", "Tweet", "FacebookEvent", "FacebookComment",
    "External", "LogMeInTranscript", "Push", "ChatEndedEvent", "SkillAssignmentEvent", "SurveyOffered",
    "SurveyResponseSubmitted", "OfferedTo", "RoutingChannel", "CollaborationThreadCreated",
)


def read(data: object) -> Iterator[SourceTicket | Rejected]:
    top = shapes.obj(data, ())
    audits = shapes.items(shapes.member(top, "audits", ()), ("audits",))
    roles = _roles(top.get("users", []))
    by_ticket: dict[str, list[tuple[int, Any]]] = {}
    for i, audit in enumerate(audits):
        where: JsonPath = ("audits", i)
        ticket = shapes.ident(shapes.member(shapes.obj(audit, where), "ticket_id", where), (*where, "ticket_id"))
        by_ticket.setdefault(ticket, []).append((i, audit))
    for ticket, its_audits in by_ticket.items():
        try:
            yield SourceTicket(ticket, [h for i, a in its_audits for h in _audit(a, ("audits", i), roles)])
        except ExportError as exc:
            yield Rejected(ticket, str(exc))


def _roles(raw: object) -> dict[str, str]:
    out = {}
    for i, user in enumerate(shapes.items(raw, ("users",))):
        where: JsonPath = ("users", i)
        user = shapes.obj(user, where)
        out[shapes.ident(shapes.member(user, "id", where), (*where, "id"))] = shapes.text(
            shapes.member(user, "role", where), (*where, "role"))
    return out


def _audit(audit: Mapping[str, Any], where: JsonPath, roles: Mapping[str, str]) -> Iterator[Happening]:
    at = shapes.instant(shapes.member(audit, "created_at", where), (*where, "created_at"))
    via = audit.get("via")
    channel = via.get("channel") if isinstance(via, Mapping) else None
    created: list[tuple[str, Scalar]] = []
    for j, event in enumerate(shapes.items(shapes.member(audit, "events", where), (*where, "events"))):
        path: JsonPath = (*where, "events", j)
        event = shapes.obj(event, path)
        kind = shapes.text(shapes.member(event, "type", path), (*path, "type"))
        if kind in ("Create", "Change"):
            name = shapes.text(shapes.member(event, "field_name", path), (*path, "field_name"))
            value = shapes.member(event, "value", path)
            if isinstance(value, list | dict):  # tags (a list), SLA policies (an object): not a value
                yield Noted(at, f"{kind} of {name}")
            elif kind == "Create":
                created.append((name, value))
            else:
                yield Changed(at, name, value)
        elif kind in COMMENTS:
            public = shapes.boolean(shapes.member(event, "public", path), (*path, "public"))
            author = shapes.ident(event.get("author_id", audit.get("author_id")), (*path, "author_id"))
            yield Commented(at, _comment_kind(public, roles.get(author), channel))
        else:
            yield Noted(at, kind)
    if created:
        yield Opened(at, tuple(created))


def _comment_kind(public: bool, role: str | None, channel: object) -> str:
    if channel == "merge":
        return "merge"
    if not public:
        return "internal"
    if role is None:
        return "unknown-author"
    return "agent" if role in AGENT_ROLES else "end-user"


PRODUCT = Product(
    name="zendesk",
    status_field="status",
    statuses=("new", "open", "pending", "hold", "solved", "closed"),
    comment_kinds=("agent", "end-user", "internal", "merge", "unknown-author"),
    records=(*RECORDS, "Create of tags", "Change of tags"),
    fields=("priority", "type", "group_id", "assignee_id", "requester_id", "organization_id", "subject",
            "description", "brand_id", "ticket_form_id", "custom_status_id", "due_at", "problem_id",
            "is_public", "satisfaction_score"),
    custom=re.compile(r"[0-9]+"),
    custom_example="360012345678 (the custom field's id)",
    read=read,
)
