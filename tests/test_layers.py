"""Imports point one way: down the pipeline, never back, never in a cycle.

    grammar  <-  dsl  <-  interpreter
    dsl:          foundations (errors, diagnostics, names ...) <- ast <- syntax <- check, format
                  <- scenario <- loader
    interpreter:  errors <- time <- compile <- run <- explain <- policy (the facade)
                  <- present | batch | simulate (siblings: none imports another) <- lsp | serve <- cli

`time` may use only the foundations of `dsl` (words, diagnostics, the error base),
never the AST or the parser. Every import of a plazo module is at the top of its
module: a function-level import is how a cycle hides, so it fails here too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {"grammar": "plazo.grammar", "dsl": "plazo.dsl", "interpreter": "plazo.interpreter"}

# (stage, rank): a module may import a module of a lower rank, or of its own stage.
DSL_FOUNDATIONS = ("errors", "diagnostics", "names", "regions", "visible", "limits", "dates")
STAGES: dict[str, tuple[str, int]] = {
    "plazo.grammar": ("grammar", 0),
    **{f"plazo.dsl.{m}": ("dsl foundations", 1) for m in DSL_FOUNDATIONS},
    "plazo.dsl.ast": ("dsl.ast", 2),
    "plazo.dsl.syntax": ("dsl.syntax", 3),
    "plazo.dsl.check": ("dsl.check", 4),
    "plazo.dsl.format": ("dsl.format", 4),
    "plazo.dsl.scenario": ("dsl.scenario", 5),
    "plazo.dsl.loader": ("dsl.loader", 6),
    "plazo.dsl": ("dsl", 7),  # the package's __init__: its public names
    "plazo.interpreter.errors": ("interpreter.errors", 10),
    "plazo.interpreter.time": ("time", 11),
    "plazo.interpreter.compile": ("compile", 12),
    "plazo.interpreter.run": ("run", 13),
    "plazo.interpreter.explain": ("explain", 14),
    "plazo.interpreter.policy": ("policy", 15),
    "plazo.interpreter.present": ("present", 16),
    "plazo.interpreter.batch": ("batch", 16),
    "plazo.interpreter.simulate": ("simulate", 16),
    "plazo.interpreter.importers": ("importers", 16),  # helpdesk exports -> tickets: uses run.ticket and the policy
    "plazo.interpreter.lsp": ("lsp", 17),  # the language server: uses every stage above, and the cli runs it
    "plazo.interpreter.serve": ("serve", 17),  # the HTTP service: a front end like the cli, which runs it
    "plazo.interpreter.cli": ("cli", 18),
    "plazo.interpreter": ("interpreter", 19),  # the embedding API's __init__
}
# what `time` may import of the language: its foundations only
TIME_MAY_USE = {"grammar", "dsl foundations", "interpreter.errors", "time"}


def modules() -> dict[str, Path]:
    """Every module of the three packages by its installed name."""
    out = {}
    for folder, package in FOLDERS.items():
        for path in (ROOT / folder).rglob("*.py"):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            name = ".".join((package, *parts[:-1])) if parts[-1] == "__init__" else ".".join((package, *parts))
            out[name] = path
    return out


def stage(module: str) -> tuple[str, int]:
    """The stage of a module: the longest prefix in STAGES."""
    parts = module.split(".")
    for n in range(len(parts), 1, -1):
        found = STAGES.get(".".join(parts[:n]))
        if found is not None:
            return found
    raise AssertionError(f"{module} is in no stage: add it to STAGES in tests/test_layers.py")


def imports(path: Path, known: Mapping[str, Path]) -> Iterator[tuple[str, int, bool]]:
    """(imported plazo module, line, at the module's top level) for each import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    # `if TYPE_CHECKING:` at the top runs no import, and its edges still count (a package's
    # lazy __init__ names its modules there for type checkers)
    top |= {id(inner) for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
            for inner in node.body}
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in known else node.module
                     for a in node.names]
        for name in names:
            if name.startswith("plazo."):
                yield name, node.lineno, id(node) in top


def graph() -> tuple[dict[str, set[str]], list[str]]:
    """Edges between plazo modules, and the imports that are not at a module's top."""
    known = modules()
    edges: dict[str, set[str]] = {m: set() for m in known}
    nested = []
    for module, path in known.items():
        for target, line, at_top in imports(path, known):
            edges[module].add(target)
            if not at_top:
                nested.append(f"{path.relative_to(ROOT)}:{line}: imports {target} inside a function or block")
    return edges, nested


def against_the_direction(edges: Mapping[str, set[str]]) -> list[str]:
    problems = []
    for module, targets in sorted(edges.items()):
        (name, rank) = stage(module)
        for target in sorted(targets):
            (other, other_rank) = stage(target)
            if name == other:
                continue
            if other_rank >= rank:
                problems.append(f"{module} ({name}) imports {target} ({other}): imports point down the pipeline, "
                                f"so {other} may use {name}, not the other way round")
            elif name == "time" and other not in TIME_MAY_USE:
                problems.append(f"{module} (time) imports {target} ({other}): business time stands apart from "
                                "the language; it may use only the dsl's foundations")
    return problems


def cycles(edges: Mapping[str, set[str]]) -> list[list[str]]:
    """The import cycles (each found once, from its first module in sorted order)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        path.append(m)
        for t in sorted(edges.get(m, ())):
            if state.get(t) == 1:
                found.append([*path[path.index(t):], t])
            elif t not in state:
                visit(t)
        path.pop()
        state[m] = 2

    for m in sorted(edges):
        if m not in state:
            visit(m)
    return found


def test_every_module_has_a_stage() -> None:
    for module in modules():
        stage(module)


def test_imports_point_down_the_pipeline() -> None:
    edges, _ = graph()
    assert sum(map(len, edges.values())) > 100  # the walk sees the real imports
    problems = against_the_direction(edges)
    assert not problems, "\n".join(problems)


def test_no_import_cycle() -> None:
    edges, _ = graph()
    found = cycles(edges)
    assert not found, "\n".join(" -> ".join(c) for c in found)


def test_no_function_level_imports_of_plazo() -> None:
    _, nested = graph()
    assert not nested, "\n".join(nested)


def test_a_reversed_edge_and_a_cycle_are_reported() -> None:
    # the checks themselves, on a made-up graph: the evaluator importing the CLI
    edges = {"plazo.interpreter.run.replay": {"plazo.interpreter.cli.main"},
             "plazo.interpreter.cli.main": {"plazo.interpreter.run.replay"}}
    assert against_the_direction(edges) == [
        "plazo.interpreter.run.replay (run) imports plazo.interpreter.cli.main (cli): imports point down the "
        "pipeline, so cli may use run, not the other way round"]
    assert cycles(edges) == [["plazo.interpreter.cli.main", "plazo.interpreter.run.replay",
                              "plazo.interpreter.cli.main"]]
    assert against_the_direction({"plazo.interpreter.time.spec": {"plazo.dsl.ast"}}) == [
        "plazo.interpreter.time.spec (time) imports plazo.dsl.ast (dsl.ast): business time stands apart from "
        "the language; it may use only the dsl's foundations"]
