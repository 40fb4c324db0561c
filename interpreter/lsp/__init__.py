"""``plazo lsp``: a language server for policy (``.plazo``) and scenario (``.scenario``) files.

:mod:`.server` wires the requests to the modules that answer them, one job each:
:mod:`.documents` analyses a text once per version (diagnostics, AST, names),
:mod:`.completion`, :mod:`.hover`, :mod:`.navigation` (definition, references, rename),
:mod:`.symbols`, :mod:`.actions` and :mod:`.formatting`. Nothing here knows the
language on its own: diagnostics come from the loader and the scenario runner, keywords
from the LALR parser, words from ``present``.
"""
