"""How many examples a property test runs (scaled by ``PLAZO_EXAMPLES``)."""

from __future__ import annotations

import os

SCALE = max(1, int(os.environ.get("PLAZO_EXAMPLES", "1")))


def examples(n: int) -> int:
    return n * SCALE
