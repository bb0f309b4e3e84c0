"""One writer per store: a batch ingest and a follower (or two of either) writing one store at
once would each cluster against stories the other is changing in memory."""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

from kabar.errors import StoreError


@contextlib.contextmanager
def writer_lock(db: Path | str) -> Iterator[None]:
    """Hold the store's writer lock (`DB.writer-lock`, an advisory flock the OS drops when the
    process ends, even killed), or fail at once with a clear error if another process holds it.
    Readers (`kabar stories`, `export`, the server) never take it."""
    if str(db) == ":memory:":
        yield
        return
    path = Path(f"{db}.writer-lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # as the store does for a new database
        handle = path.open("a")
    except OSError as error:
        raise StoreError(f"cannot create the writer lock {path}: {error}") from error
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(
                f"{db} is being written by another kabar process (an ingest or ingest --follow); "
                "one writer per store at a time"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
