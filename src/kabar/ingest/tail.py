"""Lines of a JSONL stream as they arrive: standard input until it ends, or a file followed the
way `tail -F` follows it (lines appended later are read as they are written)."""

from __future__ import annotations

import io
import os
import select
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from kabar.errors import InputRejected, RejectReason

STDIN = "-"
POLL_SECONDS = 0.2  # how often a followed file is looked at again, and stdin waits at most
_CHUNK = 1 << 16


def _nothing() -> None:
    return None


def follow_lines(
    source: str,
    *,
    max_bytes: int,
    stop: Callable[[], bool],
    idle: Callable[[], None] = _nothing,
    poll: float = POLL_SECONDS,
) -> Iterator[tuple[int, bytes]]:
    """(line number, line with its newline) of `source`, each as soon as it is complete.

    `-` is standard input: each line as soon as it arrives, until the input ends (a last line
    without a newline is taken then). A file: its lines, then the lines appended to it, looked for
    every `poll` seconds until `stop()` is true; a last line without its newline waits for it. A
    file replaced (rotated) or cut shorter is read again from its start. A line over `max_bytes`
    comes back cut to `max_bytes + 1` bytes, so the reader rejects it as too large, and the rest
    of it is skipped. `idle()` is called while no input is waiting, at least every `poll` seconds.
    Raises InputRejected(FETCH) when the file cannot be opened.
    """
    if source == STDIN:
        chunks = _stdin_chunks(stop, idle, poll)
        return _split(chunks, max_bytes, take_last=True)
    if not Path(source).is_file():
        raise InputRejected(RejectReason.FETCH, f"{source}: no such file")
    return _split(_file_chunks(source, stop, idle, poll), max_bytes, take_last=False)


def _split(
    chunks: Iterator[bytes], max_bytes: int, *, take_last: bool
) -> Iterator[tuple[int, bytes]]:
    """Chunks of bytes into numbered lines; an empty chunk starts the count again."""
    number, pending, skipping = 0, bytearray(), False
    for chunk in chunks:
        if not chunk:  # the file was replaced or cut: read from its start, lines count from 1
            number, pending, skipping = 0, bytearray(), False
            continue
        start = 0
        while (end := chunk.find(b"\n", start)) >= 0:
            piece, start = chunk[start : end + 1], end + 1
            if skipping:  # the end of a line already given back cut short
                skipping = False
                continue
            pending += piece
            number += 1
            line = bytes(pending)
            pending.clear()
            yield number, line
        if not skipping:
            pending += chunk[start:]
            if len(pending) > max_bytes:
                number += 1
                line = bytes(pending[: max_bytes + 1])
                pending.clear()
                skipping = True
                yield number, line
    if pending and take_last and not skipping:
        yield number + 1, bytes(pending)


def _stdin_chunks(
    stop: Callable[[], bool], idle: Callable[[], None], poll: float
) -> Iterator[bytes]:
    stream = sys.stdin.buffer
    try:
        descriptor = stream.fileno()
    except (OSError, ValueError):  # a replaced stdin (tests, embedding): read it as a stream
        while not stop() and (line := stream.readline()):
            yield line
        return
    while not stop():
        ready, _, _ = select.select([descriptor], [], [], poll)
        if not ready:
            idle()
            continue
        chunk = os.read(descriptor, _CHUNK)
        if not chunk:
            return
        yield chunk


def _file_chunks(
    path: str, stop: Callable[[], bool], idle: Callable[[], None], poll: float
) -> Iterator[bytes]:
    while True:
        with Path(path).open("rb") as handle:
            while not stop():
                chunk = handle.read1(_CHUNK)
                if chunk:
                    yield chunk
                elif _replaced_or_cut(path, handle):
                    break
                else:
                    idle()
                    time.sleep(poll)
            else:
                return
        yield b""  # read the new file from its start


def _replaced_or_cut(path: str, handle: io.BufferedReader) -> bool:
    try:
        now = os.stat(path)
    except OSError:  # moved away and not there again yet: keep reading the old one
        return False
    before = os.fstat(handle.fileno())
    return (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino) or now.st_size < handle.tell()
