"""Read and check a policy text: parse, build the AST, run the checker."""

from __future__ import annotations

import contextlib
import gc
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from plazo.dsl import ast
from plazo.dsl.check.checker import check
from plazo.dsl.diagnostics import Diagnostic, Span, sort_diagnostics
from plazo.dsl.errors import PlazoError
from plazo.dsl.syntax.builder import STAND_IN_CODES
from plazo.dsl.syntax.parser import parse

# The most any one file is read into memory (a policy, a scenario, a ticket): histories
# are read line by line instead. Past it the file is refused unread, so `/dev/zero` or a
# runaway log cannot exhaust memory.
MAX_FILE_BYTES = 16 * 1024 * 1024
BOM = "\ufeff"  # a byte order mark: some editors on Windows start UTF-8 files with one


class UnreadableFile(PlazoError):
    """A file that could not be read as UTF-8 text: ``problem`` with ``path`` (whose
    ``path:line:column`` prefix says where, when the problem is at one place)."""

    def __init__(self, path: str, problem: str) -> None:
        self.path, self.problem = path, problem
        super().__init__(f"{path}: {problem}")


def read_text(path: str | Path) -> str:
    """A whole regular UTF-8 text file (a byte order mark at its start is dropped)."""
    with open_regular(path) as handle:
        try:
            data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise UnreadableFile(str(path), f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(str(path), f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; "
                                        "check that this is the file you meant")
    return decode_text(data, str(path))


def open_regular(path: str | Path) -> BinaryIO:
    """A regular file open for reading, else :class:`UnreadableFile`: a named pipe with no
    writer would block for ever, and a device (``/dev/zero``) never ends."""
    try:
        # non-blocking, so that opening a pipe nobody writes to returns at once
        handle = os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb")
    except OSError as exc:
        raise UnreadableFile(str(path), f"cannot read: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
        handle.close()
        raise UnreadableFile(str(path), "not a regular file (a folder, a pipe or a device); give the path of a file")
    return handle


def decode_text(data: bytes, where: str) -> str:
    """UTF-8 bytes as text, without a byte order mark; bytes that are not UTF-8 name their place."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise UnreadableFile(f"{where}:{line}:{column}", f"not UTF-8 text (byte {exc.start}); "
                                                         "save the file as UTF-8") from exc
    return text.removeprefix(BOM)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    # Parsing builds hundreds of thousands of small acyclic objects (tokens, trees, nodes);
    # the cycle collector would walk all of them again and again as they pile up, which
    # made checking 10,000 items cost twice as much per item as 1,000. Reference counting
    # frees them all the same.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_text(text: str, filename: str = "<policy>") -> tuple[ast.Policy | None, list[Diagnostic]]:
    """The AST (None if nothing parsed) and every diagnostic of the text.

    The checker runs only when the file parsed without syntax errors: an item
    dropped by recovery would otherwise show up again as a crowd of unknown names.
    A time or date that does not exist is reported once, by the parser: the checker
    is told where they are, so that it says nothing of the stand-ins built for them.
    """
    with _collector_paused():
        policy, diagnostics = parse(text, filename)
    if policy is not None and not any(d.code == "syntax" for d in diagnostics):
        unreadable = [d.span for d in diagnostics if d.code in STAND_IN_CODES]
        diagnostics = diagnostics + check(policy, unreadable)
    if policy is None and not diagnostics:  # pragma: no cover - parse always explains a None
        diagnostics = [Diagnostic("syntax", "nothing could be read", Span(filename, 1, 1, 1, 1))]
    return policy, sort_diagnostics(diagnostics)
