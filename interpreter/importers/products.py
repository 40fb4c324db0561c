"""What the mapping file and the builder need to know of a product: the words of its
exports. Each product module (zendesk, jira, zammad) defines one :class:`Product`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from attrs import frozen

from plazo.interpreter.importers.happenings import Rejected, SourceTicket


@frozen
class Product:
    """``statuses``: the statuses every instance has, or None where workflows name their
    own (Jira, Zammad); ``comment_kinds`` and ``records`` are fixed by the importer;
    ``fields`` the product's standard fields, ``custom`` the pattern of its custom fields'
    names; ``read`` turns one export document into tickets."""

    name: str
    status_field: str
    statuses: tuple[str, ...] | None
    comment_kinds: tuple[str, ...]
    records: tuple[str, ...]
    fields: tuple[str, ...]
    custom: re.Pattern[str]
    custom_example: str
    read: Callable[[object], Iterator[SourceTicket | Rejected]]

    def knows_field(self, name: str) -> bool:
        return name in self.fields or self.custom.fullmatch(name) is not None
