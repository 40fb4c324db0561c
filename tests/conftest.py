"""Test-suite settings.

Hypothesis runs derandomized under ``HYPOTHESIS_PROFILE=ci`` (what ``make test``
sets), so CI is reproducible; a developer run explores new examples each time.
``PLAZO_EXAMPLES=10`` multiplies every property test's example count for a
deeper local search.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).parent))

settings.register_profile(
    "ci", deadline=None, derandomize=True, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
