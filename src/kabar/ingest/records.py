"""Edge validation of untrusted record inputs (JSONL lines, CSV rows) into raw documents."""

from __future__ import annotations

import json
from datetime import datetime, tzinfo
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from kabar.clean.dates import parse_published
from kabar.errors import InputRejected, RejectReason
from kabar.ingest.html import extract_html
from kabar.model import RawDocument


class ArticleRecord(BaseModel):
    """One article as JSONL or a mapped CSV row gives it. Unknown fields are ignored."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    published_time: str | None = None  # CSVs that split date and time
    title: str | None = None
    text: str | None = None
    html: str | None = None
    lang: str | None = None
    author: str | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @field_validator("*", mode="after")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if value == "" else value

    @model_validator(mode="after")
    def _needs_body(self) -> ArticleRecord:
        if not self.text and not self.html:
            raise ValueError("a record needs `text` or `html`")
        return self


def record_to_document(
    data: dict[str, Any], *, origin: str, fmt: str, raw: str, default_tz: tzinfo
) -> RawDocument:
    """Validate one record and build its raw document; raise InputRejected with the reason."""
    try:
        record = ArticleRecord.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "record"
        reason = RejectReason.MISSING_FIELD if "text" in first["msg"] else RejectReason.BAD_VALUE
        raise InputRejected(reason, f"{where}: {first['msg']}") from error
    title, text = record.title, record.text
    if not text and record.html:
        page = extract_html(record.html, url=record.url)
        text, title = page.text, title or page.title
    published: datetime | None = None
    if record.published:
        published = parse_published(
            record.published, default_tz=default_tz, time_text=record.published_time
        )
    return RawDocument(
        origin=origin,
        fmt=fmt,
        raw=raw,
        text=text or "",
        title=title,
        url=record.url,
        outlet=record.outlet,
        published=published,
        published_text=record.published,
        author=record.author,
        lang=record.lang,
        external_id=record.id,
    )


def parse_json_line(line: str) -> dict[str, Any]:
    """One JSONL line as an object, or InputRejected naming what is wrong."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputRejected(
            RejectReason.MALFORMED, f"not JSON: {error.msg} at column {error.colno}"
        ) from error
    if not isinstance(data, dict):
        raise InputRejected(RejectReason.MALFORMED, f"a JSON {type(data).__name__}, not an object")
    return data
