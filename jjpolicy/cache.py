"""The policy's figures kept on disk between runs of the command line.

Reading them loads and grounds every encoding: about 50 ms, a quarter of one subject's evaluation from
the command line. They are kept, pickled, in the user's cache folder, under the digest of everything they
are read from (the encodings' files, the code that defines them, the Python version), so that a changed
encoding or a new version of jjpolicy is read afresh, never a stale copy.

JJPOLICY_CACHE names the folder (default: $XDG_CACHE_HOME/jjpolicy, else ~/.cache/jjpolicy); `off` turns
the cache off. A file that is not the user's own, or that others may write, is never read (a pickle can
run code); a folder that cannot be written is simply not used.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
ENV = "JJPOLICY_CACHE"


def folder() -> Path | None:
    chosen = os.environ.get(ENV, "")
    if chosen.lower() in ("off", "0", "no"):
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home folder to be found: no cache
            return None
    return Path(base) / "jjpolicy"


def digest(sources: Iterable[Path]) -> str:
    h = hashlib.sha256(f"{sys.version_info[:3]}".encode())
    for path in sorted(sources):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:32]


def _trusted(path: Path) -> bool:
    info = path.stat()
    own = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return own and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def kept(name: str, sources: Iterable[Path], read: Callable[[], T]) -> T:
    """read()'s value, from the cache when the sources are unchanged since it was kept."""
    where = folder()
    if where is None:
        return read()
    path = where / f"{name}-{digest(sources)}.pickle"
    try:
        if _trusted(path):
            with path.open("rb") as fh:
                return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass  # absent, unreadable or from another layout: read afresh
    value = read()
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=f".{name}-")  # the user's own, mode 0600
    except OSError:
        return value  # a folder that cannot be written: no cache, the same answer
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # whole or not at all, whatever runs beside
    except OSError:
        Path(tmp).unlink(missing_ok=True)
    return value
