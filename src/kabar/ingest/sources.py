"""Walk the inputs of an ingest (files, folders, standard input, URLs) and read each one safely."""

from __future__ import annotations

import io
import sys
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kabar.errors import InputRejected, RejectReason
from kabar.ingest.decode import decode_bytes, looks_binary, sniff_encoding
from kabar.ingest.readers import (
    ReadOptions,
    read_csv_stream,
    read_feed,
    read_html,
    read_jsonl_lines,
    reader_for,
)
from kabar.model import RawDocument, Rejection

STDIN = "-"
# Formats read as a stream of records: their files may be far larger than one document.
_STREAMED = {".jsonl", ".ndjson", ".csv"}
_MAX_RECORD_FILE = 4 * 1024**3
_SNIFF_BYTES = 1024 * 1024  # enough of a record file to tell its encoding
# Files that sit beside articles in folders but are never articles themselves.
_NOT_ARTICLES = ("README", "LICENSE", "LICENCE", "COPYING", "NOTICE", "CHANGELOG")


@dataclass(frozen=True, slots=True)
class InputFile:
    """One thing to read and its size in bytes (for progress)."""

    name: str
    size: int


def list_inputs(targets: Iterable[str]) -> list[InputFile]:
    """Files under the targets, folders walked recursively in name order; hidden files skipped."""
    found: list[InputFile] = []
    for target in targets:
        path = Path(target)
        if target == STDIN or target.startswith(("http://", "https://")):
            found.append(InputFile(target, 0))
        elif path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if child.is_file() and not any(part.startswith(".") for part in relative):
                    found.append(InputFile(str(child), child.stat().st_size))
        else:
            found.append(InputFile(target, path.stat().st_size if path.is_file() else 0))
    return found


def read_inputs(
    inputs: Iterable[InputFile], options: ReadOptions, *, now: datetime
) -> Iterator[RawDocument | Rejection]:
    """Every document of every input, or a Rejection with its reason; never raises for bad input."""
    for item in inputs:
        try:
            for result in _read_one(item.name, options):
                if isinstance(result, RawDocument):
                    yield result
                else:
                    origin, rejection = result
                    yield _rejection(origin, rejection, now)
        except InputRejected as rejection:
            yield _rejection(item.name, rejection, now)
        except OSError as error:
            yield _rejection(item.name, InputRejected(RejectReason.FETCH, str(error)), now)
        except Exception as error:
            detail = f"reader failed: {type(error).__name__}: {error}"
            yield _rejection(item.name, InputRejected(RejectReason.MALFORMED, detail), now)


def _rejection(origin: str, rejection: InputRejected, now: datetime) -> Rejection:
    return Rejection(origin=origin, reason=rejection.reason.value, detail=rejection.detail, at=now)


def _read_one(name: str, options: ReadOptions) -> Iterator[RawDocument | tuple[str, InputRejected]]:
    if name == STDIN:
        yield from read_jsonl_lines("stdin", sys.stdin.buffer, options)
        return
    if name.startswith(("http://", "https://")):
        yield from _read_url(name, options)
        return
    path = Path(name)
    if not path.is_file():
        raise InputRejected(RejectReason.FETCH, "no such file")
    if path.name.upper().startswith(_NOT_ARTICLES):
        raise InputRejected(RejectReason.UNSUPPORTED, "a readme or licence file, not an article")
    reader = reader_for(path)
    size = path.stat().st_size
    limit = _MAX_RECORD_FILE if path.suffix.lower() in _STREAMED else options.max_bytes
    if size > limit:
        raise InputRejected(RejectReason.TOO_LARGE, f"{size} bytes, over the limit of {limit}")
    if path.suffix.lower() in _STREAMED:
        yield from _read_records(path, options)
        return
    data = path.read_bytes()
    if reader is None:
        kind = f"{path.suffix.lower()!r} files" if path.suffix else "files without an extension"
        content = "binary" if looks_binary(data) else "text"
        raise InputRejected(
            RejectReason.UNSUPPORTED, f"no reader for {kind} ({content}); see `kabar ingest --help`"
        )
    text, _encoding = decode_bytes(data)
    yield from reader(name, text, options)


def _read_records(
    path: Path, options: ReadOptions
) -> Iterator[RawDocument | tuple[str, InputRejected]]:
    """JSONL or CSV read as a stream, so memory does not grow with the file."""
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
        if not head.strip():
            raise InputRejected(RejectReason.EMPTY, "no content")
        if looks_binary(head):
            raise InputRejected(RejectReason.BINARY, "binary content, not text")
        handle.seek(0)
        if path.suffix.lower() == ".csv":
            # Replacement characters rather than a lost file when a row has stray bytes.
            stream = io.TextIOWrapper(
                handle, encoding=sniff_encoding(head), errors="replace", newline=""
            )
            yield from read_csv_stream(str(path), stream, options)
        else:
            yield from read_jsonl_lines(str(path), handle, options)


def _read_url(url: str, options: ReadOptions) -> Iterator[RawDocument | tuple[str, InputRejected]]:
    """A feed URL (or an article page): fetched once, read as a feed when it is one."""
    request = urllib.request.Request(url, headers={"User-Agent": "kabar/0.1 (+news story engine)"})
    with urllib.request.urlopen(request, timeout=options.fetch_timeout) as response:
        data = response.read(options.max_bytes + 1)
        content_type = response.headers.get("Content-Type", "")
    if len(data) > options.max_bytes:
        raise InputRejected(RejectReason.TOO_LARGE, f"over the limit of {options.max_bytes} bytes")
    text, _encoding = decode_bytes(data)
    head = text.lstrip()[:500].lower()
    if "html" in content_type and "<rss" not in head and "<feed" not in head:
        yield from read_html(url, text, options)
    else:
        yield from read_feed(url, text, options)
