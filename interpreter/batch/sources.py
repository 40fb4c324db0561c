"""Where a history is: one file, a folder of them, or a glob pattern naming several.

A folder gives its own ``.jsonl``, ``.ndjson`` and ``.csv`` files (not those of its
sub-folders), a pattern the files it matches (``**`` crosses folders), both in the
order of their paths, so that the same files are read in the same order on every
run. Each file is a history of its own: its lines are numbered from 1, and a ticket
id names one ticket within its file.
"""

from __future__ import annotations

import glob
from pathlib import Path

from plazo.interpreter.batch.history import file_format
from plazo.interpreter.errors import HistoryError

GLOB_CHARACTERS = ("*", "?", "[")
KINDS = ".jsonl, .ndjson or .csv"


def is_pattern(spec: str) -> bool:
    return any(c in spec for c in GLOB_CHARACTERS)


def names_several(spec: str) -> bool:
    """Whether ``spec`` is a folder or a pattern rather than one file (a file whose name
    has ``[`` in it is that file)."""
    return Path(spec).is_dir() or (is_pattern(spec) and not Path(spec).exists())


def history_files(spec: str) -> tuple[str, ...]:
    """The history files ``spec`` names, in order (a single file as it is: reading it
    reports what is wrong with it)."""
    if Path(spec).is_dir():
        found = sorted(str(p) for p in Path(spec).iterdir() if p.is_file() and file_format(p) is not None)
        if not found:
            raise HistoryError(spec, f"a folder with no history in it (no {KINDS} file)")
        return tuple(found)
    if is_pattern(spec) and not Path(spec).exists():
        # glob.glob, not Path.glob: a pattern may be absolute, and Path.glob's are relative to a folder
        matched = sorted(p for p in glob.glob(spec, recursive=True) if Path(p).is_file())  # noqa: PTH207
        found = [p for p in matched if file_format(p) is not None]
        if not found:
            what = f"only files that are not histories ({matched[0]} ...)" if matched else "no file"
            raise HistoryError(spec, f"the pattern matches {what}", hint=f"a history is a {KINDS} file")
        return tuple(found)
    return (spec,)
