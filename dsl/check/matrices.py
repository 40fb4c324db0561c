"""The matrices pass: a matrix names enumerated fields and gives a value for every row and column."""

from __future__ import annotations

from plazo.dsl import ast
from plazo.dsl.check.scope import Scope
from plazo.dsl.check.uses import items_of
from plazo.dsl.diagnostics import Diagnostic, error
from plazo.dsl.names import suggest


def check_matrices(policy: ast.Policy, scope: Scope) -> list[Diagnostic]:
    return [d for item in items_of(policy, ast.MatrixDecl) for d in _matrix(item, scope)]


def _matrix(item: ast.MatrixDecl, scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    domains: dict[str, tuple[str, ...]] = {}
    for role, name in (("result", item.name), ("row", item.row_field), ("column", item.column_field)):
        decl = scope.fields.get(name)
        if decl is None:
            found.append(error("unknown-field", f"unknown field '{name}'", item.span, suggest(name, scope.fields)))
        elif not isinstance(decl.type, ast.EnumType):
            found.append(error("type", f"matrix {item.name}: field {name} must list its values", item.span))
        else:
            domains[role] = tuple(v.name for v in decl.type.values)
    if len(domains) < 3:
        return found
    found.extend(_axis(item, "column", item.column_field, domains["column"], item.columns, scope))
    found.extend(_axis(item, "row", item.row_field, domains["row"], tuple(r.key for r in item.rows), scope))
    found.extend(
        error("unknown-value", f"unknown value '{cell.value}' for field {item.name}", cell.span,
              scope.value_hint(item.name, cell.value))
        for row in item.rows for cell in row.cells if cell.value not in domains["result"]
    )
    return found


def _axis(item: ast.MatrixDecl, role: str, field: str, domain: tuple[str, ...], cells: tuple[ast.Cell, ...],
          scope: Scope) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    seen: set[str] = set()
    for cell in cells:
        if cell.value not in domain:
            found.append(error("unknown-value", f"unknown value '{cell.value}' for field {field}", cell.span,
                               scope.value_hint(field, cell.value)))
        elif cell.value in seen:
            found.append(error("duplicate", f"{role} '{cell.value}' appears twice in matrix {item.name}", cell.span))
        seen.add(cell.value)
    missing = [v for v in domain if v not in seen]
    if missing:
        found.append(error(
            "matrix-total", f"matrix {item.name} has no {role} for {field} = {', '.join(missing)}", item.span,
            f"add a {role} for each value of {field}: the matrix must give {item.name} for every case",
        ))
    return found
