"""Scenario files: :mod:`.load` reads a scenario and builds its tickets, :mod:`.expect`
runs its checks. ``plazo test`` is ``run(load_scenario(path))`` for each path that
``discover`` finds; ``plazo simulate`` draws a loaded scenario's ticket, and
:mod:`.snapshot` writes a scenario from a real ticket (``--to-scenario``)."""

from plazo.interpreter.simulate.expect import Check, check, check_maintenance, run, shown
from plazo.interpreter.simulate.load import (
    LoadedScenario,
    ScenarioTicket,
    build_scenario,
    build_ticket,
    discover,
    load_scenario,
    local_instant,
    shown_path,
)
from plazo.interpreter.simulate.snapshot import snapshot

__all__ = [
    "Check",
    "LoadedScenario",
    "ScenarioTicket",
    "build_scenario",
    "build_ticket",
    "check",
    "check_maintenance",
    "discover",
    "load_scenario",
    "local_instant",
    "run",
    "shown",
    "shown_path",
    "snapshot",
]
