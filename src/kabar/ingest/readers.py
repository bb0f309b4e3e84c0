"""Readers, one per input kind: each turns one file's text into raw documents or rejections."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import tzinfo
from pathlib import Path

from kabar.clean.dates import parse_published
from kabar.errors import InputRejected, RejectReason
from kabar.ingest.decode import decode_bytes
from kabar.ingest.html import extract_html
from kabar.ingest.records import parse_json_line, record_to_document
from kabar.model import RawDocument

# A reader yields documents, or (origin, rejection) pairs for parts of the file it could not read.
Reader = Callable[[str, str, "ReadOptions"], Iterator[RawDocument | tuple[str, InputRejected]]]

# CSV columns kabar recognises without a --map: the forms seen in Indonesian scrapes and in our
# own exports. An explicit mapping always wins.
CSV_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "title": ("title", "judul", "headline"),
    "text": ("text", "content", "isi_berita", "isi", "body", "article"),
    "html": ("html",),
    "outlet": ("outlet", "sumber", "source", "site"),
    "published": ("published", "tanggal_publikasi", "tanggal", "date", "published_at"),
    "published_time": ("time", "jam", "published_time"),
    "url": ("url", "link"),
    "author": ("author", "penulis"),
    "lang": ("lang", "language"),
}


class ReadOptions:
    """What readers need from settings, resolved once per run."""

    __slots__ = ("csv_map", "default_tz", "fetch_timeout", "max_bytes")

    def __init__(
        self,
        *,
        default_tz: tzinfo,
        max_bytes: int,
        csv_map: dict[str, str],
        fetch_timeout: float = 20.0,
    ) -> None:
        self.default_tz = default_tz
        self.max_bytes = max_bytes
        self.csv_map = csv_map
        self.fetch_timeout = fetch_timeout


def read_text(origin: str, text: str, options: ReadOptions) -> Iterator[RawDocument]:
    """A plain-text article in the seeds' form: the whole file is the body, no title line."""
    yield RawDocument(origin=origin, fmt="txt", raw=text, text=text)


def _decode_line(line: bytes | str) -> str:
    """A JSONL line as text: UTF-8 as JSON requires, else the encoding it is evidently in."""
    if isinstance(line, str):
        return line
    try:
        return line.decode("utf-8-sig")
    except UnicodeDecodeError:
        return decode_bytes(line)[0]


def read_jsonl_line(where: str, line: bytes | str, options: ReadOptions) -> RawDocument | None:
    """One JSONL line as a raw document (None for a blank line); InputRejected says what is wrong.

    The field rules of every JSONL input: batch files, standard input and `ingest --follow`.
    """
    if len(line) > options.max_bytes:
        raise InputRejected(RejectReason.TOO_LARGE, f"line over {options.max_bytes} bytes")
    text = _decode_line(line)
    if not text.strip():
        return None
    return record_to_document(
        parse_json_line(text),
        origin=where,
        fmt="jsonl",
        raw=text.rstrip("\r\n"),
        default_tz=options.default_tz,
    )


def read_jsonl_lines(
    origin: str, lines: Iterable[bytes | str], options: ReadOptions
) -> Iterator[RawDocument | tuple[str, InputRejected]]:
    """The JSONL reader over any line source (a file, standard input), one line at a time."""
    for number, line in enumerate(lines, start=1):
        where = f"{origin}:{number}"
        try:
            document = read_jsonl_line(where, line, options)
        except InputRejected as rejection:
            yield where, rejection
            continue
        if document is not None:
            yield document


def _csv_columns(header: list[str], mapping: dict[str, str]) -> dict[str, str]:
    """kabar field -> CSV column, from the explicit mapping first, then known aliases."""
    by_lower = {column.strip().lower(): column for column in header}
    columns: dict[str, str] = {}
    for field, column in mapping.items():
        if field not in CSV_ALIASES:
            raise InputRejected(RejectReason.BAD_VALUE, f"--map names unknown field {field!r}")
        if column not in header:
            raise InputRejected(
                RejectReason.MISSING_FIELD,
                f"--map {field}={column}: no such column (columns: {', '.join(header)})",
            )
        columns[field] = column
    for field, aliases in CSV_ALIASES.items():
        if field not in columns:
            found = next((by_lower[alias] for alias in aliases if alias in by_lower), None)
            if found is not None:
                columns[field] = found
    if "text" not in columns and "html" not in columns:
        raise InputRejected(
            RejectReason.MISSING_FIELD,
            f"no column for the article text (columns: {', '.join(header)}); use --map text=COLUMN",
        )
    return columns


def read_csv_stream(
    origin: str, stream: Iterable[str], options: ReadOptions
) -> Iterator[RawDocument | tuple[str, InputRejected]]:
    """A CSV with a header row, row by row; columns mapped by --map or recognised by name."""
    csv.field_size_limit(options.max_bytes)
    reader = csv.DictReader(stream)
    header = [name for name in (reader.fieldnames or []) if name is not None]
    if not header:
        raise InputRejected(RejectReason.MALFORMED, "CSV has no header row")
    columns = _csv_columns(header, options.csv_map)
    row_number = 1
    try:
        for row_number, row in enumerate(reader, start=2):
            where = f"{origin}#{row_number}"
            data = {field: row.get(column) for field, column in columns.items()}
            try:
                raw = json.dumps(row, ensure_ascii=False)
                yield record_to_document(
                    data, origin=where, fmt="csv", raw=raw, default_tz=options.default_tz
                )
            except InputRejected as rejection:
                yield where, rejection
    except csv.Error as error:
        yield f"{origin}#{row_number + 1}", InputRejected(RejectReason.MALFORMED, f"CSV: {error}")


def read_html(origin: str, text: str, options: ReadOptions) -> Iterator[RawDocument]:
    """An article page: trafilatura finds the text, title, date, author and site name."""
    page = extract_html(text, url=origin if origin.startswith("http") else None)
    published = parse_published(page.date, default_tz=options.default_tz) if page.date else None
    yield RawDocument(
        origin=origin,
        fmt="html",
        raw=text,
        text=page.text,
        title=page.title,
        url=page.url,
        outlet=page.sitename,
        published=published,
        published_text=page.date,
        author=page.author,
    )


def read_feed(origin: str, text: str, options: ReadOptions) -> Iterator[RawDocument]:
    """An RSS or Atom feed: one document per entry, the entry's HTML reduced to text."""
    from kabar.ingest.feeds import parse_feed

    yield from parse_feed(origin, text, options.default_tz)


READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": read_feed,
}


def reader_for(path: Path) -> Reader | None:
    """The reader for a file, by its extension (case-insensitive)."""
    return READERS.get(path.suffix.lower())
