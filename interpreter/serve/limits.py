"""What one request may ask of the service, each bound configurable (``plazo serve``
options). Imports nothing of Starlette: the command line reads the defaults."""

from __future__ import annotations

from attrs import frozen

from plazo.dsl.errors import PlazoError

MIB = 2**20


@frozen
class Limits:
    """The bounds a request is held to; past each the answer is an error naming it."""

    # a request body (a ticket, a policy text to check); a batch's each line too
    body_bytes: int = 1 * MIB
    # a whole batch body (JSON Lines), read as it streams in
    batch_bytes: int = 64 * MIB
    # events in one ticket: replay is linear in them, and a real ticket has dozens
    events: int = 10_000
    # seconds to answer a request; a batch past it ends with a line that says so
    seconds: float = 10.0

    def __attrs_post_init__(self) -> None:
        for name in ("body_bytes", "batch_bytes", "events"):
            if getattr(self, name) < 1:
                raise PlazoError(f"the limit {name} must be 1 or more")
        if not self.seconds > 0:
            raise PlazoError("the limit seconds must be more than 0")
