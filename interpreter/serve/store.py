"""The policies the service answers with: every ``NAME.plazo`` of a folder, compiled.

A file is read again when its size, modification time or inode change
(:meth:`PolicyStore.refresh`, called every second by the app, and at start). A text
that passes ``plazo check`` becomes the policy's current version; one that fails is
refused and never replaces what is serving: the last good version goes on answering,
and the refused text's diagnostics are kept to be shown. Earlier good versions are
kept too (the last :data:`KEPT_VERSIONS`), so a request may pin one.

The store's state is one immutable :class:`Snapshot`, replaced whole by a refresh:
a request reads it once and sees one consistent set of policies, whatever a refresh
does meanwhile. Nothing else is kept between requests. Each uvicorn worker has its own
store and reads the folder itself.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from attrs import evolve, frozen

from plazo.dsl.diagnostics import Diagnostic
from plazo.dsl.errors import PlazoError, PolicyError
from plazo.dsl.loader import read_text
from plazo.interpreter.policy import Policy, loads_policy
from plazo.interpreter.serve.problems import ApiError

KEPT_VERSIONS = 16  # earlier good versions kept per policy, for requests that pin one
NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")  # a policy's name in a URL: its file's stem
SUFFIX = ".plazo"

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@frozen
class Version:
    """One good version of a policy: compiled, with where and when it came from."""

    policy: Policy
    version: str | None  # as the policy declares it (`version 3`), None if it does not
    sha256: str  # of the text
    loaded_at: datetime

    def to_dict(self) -> dict[str, object]:
        return {"version": self.version, "policy": self.policy.name, "label": self.policy.label,
                "sha256": self.sha256, "loaded_at": self.loaded_at.isoformat()}


@frozen
class Refusal:
    """A text that did not become a version: its diagnostics (or the reason it could not
    be read) and when it was seen."""

    sha256: str | None
    refused_at: datetime
    problem: str
    diagnostics: tuple[Diagnostic, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {"sha256": self.sha256, "refused_at": self.refused_at.isoformat(), "problem": self.problem,
                "diagnostics": [d.to_dict() for d in self.diagnostics]}


Signature = tuple[int, int, int]  # (size, mtime_ns, inode): what says a file changed


@frozen
class Entry:
    """A policy file's state: the version serving (None: no good text seen yet), the
    earlier ones, and the last refusal if the file's current text is refused."""

    name: str
    file: str
    signature: Signature | None
    current: Version | None
    earlier: tuple[Version, ...] = ()
    refused: Refusal | None = None

    def version(self, pinned: str | None) -> Version:
        """The version to answer with: ``pinned``, else the current one."""
        if self.current is None:
            raise ApiError(404, "no-good-version", f"policy {self.name!r} has no version that passes plazo check",
                           parameter="name", hint=f"GET /v1/policies/{self.name} shows the diagnostics")
        if pinned is None or pinned == self.current.version:
            return self.current
        for v in self.earlier:
            if v.version == pinned:
                return v
        kept = [v.version for v in (self.current, *self.earlier) if v.version is not None]
        raise ApiError(404, "unknown-version", f"policy {self.name!r} has no version {pinned[:40]!r} loaded",
                       parameter="version", hint=f"loaded: {', '.join(kept) or 'none declared'}")

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "file": self.file,
                "current": None if self.current is None else self.current.to_dict(),
                "earlier": [v.to_dict() for v in self.earlier],
                "refused": None if self.refused is None else self.refused.to_dict()}


@frozen
class Snapshot:
    entries: Mapping[str, Entry]
    refreshed_at: datetime

    def entry(self, name: str) -> Entry:
        found = self.entries.get(name)
        if found is None:
            raise ApiError(404, "unknown-policy", f"no policy {name[:80]!r}", parameter="name",
                           hint=f"there are: {', '.join(sorted(self.entries)) or 'none'}")
        return found


class PolicyStore:
    """The compiled policies of ``folder``; :attr:`snapshot` is what requests read."""

    def __init__(self, folder: str | Path, clock: Clock = utc_now) -> None:
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise PlazoError(f"{folder}: not a folder; give the folder that holds the .plazo files")
        self.clock = clock
        self._lock = threading.Lock()  # one refresh at a time
        self.snapshot = Snapshot({}, clock())
        self.refresh()

    def refresh(self) -> Snapshot:
        """Read every file that changed since the last refresh; returns the new snapshot."""
        with self._lock:
            old = self.snapshot.entries
            now = self.clock()
            entries: dict[str, Entry] = {}
            for name, path in self._files().items():
                entries[name] = self._entry(name, path, old.get(name), now)
            self.snapshot = Snapshot(entries, now)
            return self.snapshot

    def _files(self) -> dict[str, Path]:
        found = {}
        for path in sorted(self.folder.iterdir()):
            if path.suffix == SUFFIX and NAME.fullmatch(path.stem) and path.is_file():
                found[path.stem] = path
        return found

    def _entry(self, name: str, path: Path, old: Entry | None, now: datetime) -> Entry:
        try:
            st = path.stat()
        except OSError:  # gone since the folder was listed: kept as it was until the next refresh
            return old if old is not None else Entry(name, path.name, None, None)
        signature = (st.st_size, st.st_mtime_ns, st.st_ino)
        if old is not None and old.signature == signature:
            return old
        base = old if old is not None else Entry(name, path.name, None, None)
        try:
            text = read_text(path)
        except PlazoError as exc:
            return evolve(base, signature=signature, refused=Refusal(None, now, str(exc)))
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if base.current is not None and base.current.sha256 == sha:
            return evolve(base, signature=signature, refused=None)
        if base.refused is not None and base.refused.sha256 == sha:
            return evolve(base, signature=signature)
        try:
            policy = loads_policy(text, path.name)
        except PolicyError as exc:
            return evolve(base, signature=signature, refused=Refusal(sha, now, str(exc), exc.diagnostics))
        except PlazoError as exc:
            return evolve(base, signature=signature, refused=Refusal(sha, now, str(exc)))
        version = Version(policy, None if policy.version is None else str(policy.version), sha, now)
        earlier = base.earlier
        if base.current is not None:
            # a version declared again replaces its earlier text: a pin names one text
            earlier = tuple(v for v in (base.current, *earlier) if v.version != version.version)
        return Entry(name, path.name, signature, version, earlier[:KEPT_VERSIONS], None)
