"""Files the commands write: never over one of their inputs, and whole or not at all.

An output is written to a temporary file in its own directory and renamed over the
final name when the command is done with it, so a crash or a full disk never leaves
half a file under that name, and an input is read to its end before anything
replaces it. An output that is an input of the same command (the same file, also
through a link) is refused before anything is read.
"""

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TextIO

from plazo.dsl.errors import PlazoError


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).samefile(b)
    except OSError:  # one of them does not exist (yet): they are not the same file
        return False


def refuse_overwriting(outputs: Mapping[str, str | None], inputs: Iterable[str]) -> None:
    """``outputs``: option -> path (None: not given). Raises :class:`PlazoError` when an
    output is one of the ``inputs`` or two outputs are one file."""
    given = [(option, path) for option, path in outputs.items() if path is not None]
    sources = list(inputs)
    for option, path in given:
        for source in sources:
            if _same_file(path, source):
                raise PlazoError(f"{option} {path} is the input {source}: it would be overwritten while it is "
                                 "read; write to another file")
    for i, (option, path) in enumerate(given):
        for other, other_path in given[i + 1:]:
            if path == other_path or _same_file(path, other_path):
                raise PlazoError(f"{option} and {other} are the same file ({path}): give each its own")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def replaced(path: str | Path, newline: str | None = None) -> Iterator[TextIO]:
    """A UTF-8 text file written whole or not at all (see the module's docstring).

    A name that is not a regular file (``/dev/stdout``, a named pipe, a device) is
    written in place: renaming over it would replace the device with a file.
    """
    target = Path(path)
    if target.is_dir():
        raise PlazoError(f"{path}: is a folder; give a file name")
    if target.exists() and not target.is_file():
        with _writing(path), target.open("w", encoding="utf-8", newline=newline) as handle:
            yield handle
        return
    with _writing(path):
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with _writing(path), os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
            yield handle
        # a new file gets the permissions any file would; a replaced one keeps its own
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
        Path(temporary).chmod(mode)
        with _writing(path):
            Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _writing(path: str | Path) -> Iterator[None]:
    """An operating system's refusal (a missing folder, a full disk, no permission) as bad input."""
    try:
        yield
    except OSError as exc:
        raise PlazoError(f"{path}: cannot write: {exc.strerror or exc}") from None


def write_whole(path: str | Path, text: str, newline: str | None = None) -> None:
    with replaced(path, newline) as handle:
        handle.write(text)
