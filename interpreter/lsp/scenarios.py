"""A scenario text as the editor holds it: parsed, its policy compiled (the open
document's text when the policy is open, else the file), its tickets built and its
expectations run. Every problem, and every expectation that fails, is a diagnostic.

``plazo.interpreter.simulate.load_scenario`` does the same from a path; the editor's
text is not saved yet, so the policy is found here and the rest is the simulator's own
``build_scenario`` and ``run``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

from plazo.dsl import ast
from plazo.dsl.diagnostics import Diagnostic, Span, sort_diagnostics
from plazo.dsl.errors import PlazoError, PolicyError
from plazo.dsl.loader import BOM, read_text
from plazo.dsl.scenario.parser import Scenario, parse_scenario
from plazo.dsl.syntax.parser import parse
from plazo.interpreter.errors import ScenarioError
from plazo.interpreter.lsp.documents import path_of, policy_path
from plazo.interpreter.lsp.text import TextPlaces
from plazo.interpreter.policy import Policy, loads_policy
from plazo.interpreter.simulate import Check, build_scenario, run

# the text of an open document at a path, or None when it is not open
OpenText = Callable[[Path], str | None]
_POLICY_LINE = re.compile(r'^\s*policy\s+"((?:[^"\\\n]|\\.)*)"', re.M)


class ScenarioAnalysis:
    def __init__(self, uri: str, text: str, open_text: OpenText) -> None:
        self.uri = uri
        self.path = path_of(uri)
        self.text = text.removeprefix(BOM)
        self.places = TextPlaces(self.text)
        self._open_text = open_text

    @cached_property
    def parsed(self) -> tuple[Scenario | None, list[Diagnostic]]:
        return parse_scenario(self.text, self.path)

    @cached_property
    def policy(self) -> Policy | None:
        return self._loaded[0]

    @cached_property
    def policy_tree(self) -> ast.Policy | None:
        """The AST of the policy the scenario names, also while the scenario does not
        parse (it is being typed) and while the policy has errors: what completion reads."""
        if self.policy is not None:
            return self.policy.ast
        written = _POLICY_LINE.search(self.text)
        if written is None:
            return None
        path = policy_path(self.path, written.group(1))
        try:
            text = self._open_text(path)
            if text is None:
                text = read_text(path)
        except PlazoError:
            return None
        return parse(text.removeprefix(BOM), str(path))[0]

    @cached_property
    def diagnostics(self) -> list[Diagnostic]:
        return sort_diagnostics(self._loaded[1])

    @cached_property
    def _loaded(self) -> tuple[Policy | None, list[Diagnostic]]:
        scenario, problems = self.parsed
        if scenario is None:
            return None, problems
        policy, problems = self._policy(scenario)
        if policy is None:
            return None, problems
        try:
            checks = run(build_scenario(scenario, policy, self.text))
        except ScenarioError as exc:
            return policy, list(exc.diagnostics)
        except PlazoError as exc:  # an instant out of range, a ticket the engine refuses: said at the policy line
            return policy, [Diagnostic("bad-ticket", str(exc), scenario.policy_span)]
        return policy, [_failed(c, scenario) for c in checks if not c.ok]

    def _policy(self, scenario: Scenario) -> tuple[Policy | None, list[Diagnostic]]:
        path = policy_path(self.path, scenario.policy)
        text = self._open_text(path)
        try:
            if text is None:
                if not path.is_file():
                    return None, [Diagnostic("no-policy", f"no policy file {scenario.policy} next to this scenario",
                                             scenario.policy_span,
                                             f"the path is read relative to {Path(self.path).parent}/")]
                text = read_text(path)
            return loads_policy(text, str(path)), []
        except PolicyError as exc:
            first = exc.diagnostics[0].render_short() if exc.diagnostics else "it has errors"
            return None, [Diagnostic("policy-errors", f"the policy has {len(exc.diagnostics)} error(s): {first}",
                                     scenario.policy_span, "open the policy to see them")]
        except PlazoError as exc:
            return None, [Diagnostic("no-policy", str(exc), scenario.policy_span)]


def _failed(check: Check, scenario: Scenario) -> Diagnostic:
    """A failed expectation at the expectation it checks (a check knows only its line)."""
    spans = [x.span for t in scenario.tickets for e in t.expects for x in e.expectations]
    spans += [m.span for m in scenario.maintenance]
    span = next((s for s in spans if s.line == check.line), Span(scenario.file, check.line, 1, check.line, 1))
    return Diagnostic("expectation", f"{check.what}: expected {check.expected}, got {check.got}", span)

