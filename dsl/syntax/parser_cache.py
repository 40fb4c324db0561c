"""Building an LALR parser once per grammar text, not once per process.

Building the parser from the grammar costs a few hundred milliseconds (reading the
grammar, the LALR tables, Lark's checks for colliding terminals), which every CLI call
and every editor start would pay. The built tables are kept in the user's cache
directory and loaded in a few milliseconds on the next start.

Why not Lark's own ``cache=True``: it unpickles a file from the shared temporary
directory, which anyone who can write there could plant to run code as us. The tables
here are plain JSON (loading it runs no code), in a directory of the user's own, and
each file is named by a hash of everything that shapes the parser: the grammar text,
Lark's and Python's versions, the options and this module's format. An edited grammar has another
hash, so it is built afresh (never a stale parser); a file that does not load is
rebuilt; a cache directory that cannot be written (a read-only home, a sandbox) only
means building in memory each time.

``PLAZO_CACHE_DIR`` names another directory; ``PLAZO_PARSER_CACHE=0`` turns the cache
off (``benchmarks/bench_startup.py`` measures a cold start that way).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import lark
from lark import Lark
from lark.grammar import Rule
from lark.lexer import TerminalDef

# bumped when the file layout below changes
_FORMAT = "1"
# markers for what JSON has no form of: a tuple, a dict with keys that are not texts
_TUPLE, _PAIRS = "\x00tuple", "\x00pairs"


def cache_dir() -> Path | None:
    """Where built parsers are kept (None: the cache is off)."""
    if os.environ.get("PLAZO_PARSER_CACHE", "1") == "0":
        return None
    chosen = os.environ.get("PLAZO_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "plazo"


def cache_key(grammar: str, options: dict[str, Any]) -> str:
    """The hash of everything that shapes the built parser."""
    shape = json.dumps([_FORMAT, lark.__version__, sys.version_info[:2], grammar, sorted(options.items())],
                       default=repr)
    return hashlib.sha256(shape.encode("utf-8")).hexdigest()


def cached_lark(grammar: str, **options: Any) -> Lark:
    """``Lark(grammar, **options)`` (an LALR parser), loaded from the cache when it was built before."""
    folder = cache_dir()
    if folder is None:
        return Lark(grammar, **options)
    path = folder / f"parser-{cache_key(grammar, options)}.json"
    loaded = _load(path)
    if loaded is not None:
        return loaded
    built = Lark(grammar, **options)
    _save(built, path)
    return built


def _load(path: Path) -> Lark | None:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"), object_hook=_decode)
        return Lark.__new__(Lark)._load(stored)  # the options were stored with the tables
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, AssertionError, lark.LarkError):
        return None  # absent, half-written by a crash, or from another layout: build it again


def _save(built: Lark, path: Path) -> None:
    data, memo = built.memo_serialize([TerminalDef, Rule])
    text = json.dumps(_encode({"data": data, "memo": memo}), separators=(",", ":"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # written aside then renamed: a reader never sees half a file, two writers keep one whole one
        fd, aside = tempfile.mkstemp(dir=path.parent, prefix=".parser-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            Path(aside).replace(path)
        except BaseException:
            Path(aside).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a cache that cannot be written is no cache: the parser is built each time


def _encode(value: Any) -> Any:
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            return {k: _encode(v) for k, v in value.items()}
        return {_PAIRS: [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, tuple):
        return {_TUPLE: [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decode(obj: dict[str, Any]) -> Any:
    if _TUPLE in obj:
        return tuple(obj[_TUPLE])
    if _PAIRS in obj:
        return {_hashable(k): v for k, v in obj[_PAIRS]}
    return obj


def _hashable(key: Any) -> Any:
    return tuple(_hashable(k) for k in key) if isinstance(key, list) else key
