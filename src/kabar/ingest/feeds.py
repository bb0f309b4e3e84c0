"""Read RSS and Atom feeds with feedparser."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, tzinfo
from typing import Any

from kabar.clean.dates import parse_published
from kabar.errors import InputRejected, RejectReason
from kabar.model import RawDocument


def _entry_html(entry: Any) -> str:
    """The fullest body an entry carries: content:encoded, then summary."""
    contents = entry.get("content") or []
    if contents:
        return str(max((part.get("value", "") for part in contents), key=len))
    return str(entry.get("summary", "") or entry.get("description", ""))


def _html_to_text(fragment: str) -> str:
    """Paragraph text of a feed's HTML fragment (feeds hold fragments, not pages)."""
    import lxml.html

    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:
        return fragment.strip()
    for tag in root.iter("script", "style"):
        tag.drop_tree()
    for tag in root.iter("p", "br", "div", "li", "h1", "h2", "h3"):
        tag.tail = "\n" + (tag.tail or "")
    lines = (line.strip() for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _entry_published(entry: Any, default_tz: tzinfo) -> tuple[datetime | None, str | None]:
    # Ask for `published` only when the entry has it: feedparser's fallback from `published` to
    # `updated` is deprecated and warns.
    key = "published" if dict.__contains__(entry, "published") else "updated"
    text = entry.get(key)
    parsed = entry.get(f"{key}_parsed")
    if parsed is not None:
        year, month, day, hour, minute, second = parsed[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC), text
    if text:
        return parse_published(text, default_tz=default_tz), text
    return None, None


def parse_feed(origin: str, text: str, default_tz: tzinfo) -> Iterator[RawDocument]:
    """Documents of a feed; InputRejected when it is not a feed or has no entries."""
    import feedparser

    feed = feedparser.parse(text)
    if not feed.entries:
        problem = getattr(feed, "bozo_exception", None)
        detail = f"not a readable RSS/Atom feed: {problem}" if problem else "feed has no entries"
        raise InputRejected(RejectReason.MALFORMED, detail)
    outlet = feed.feed.get("title") or None
    for number, entry in enumerate(feed.entries, start=1):
        published, published_text = _entry_published(entry, default_tz)
        body = _html_to_text(_entry_html(entry))
        raw = json.dumps(
            {key: dict.get(entry, key) for key in ("id", "link", "title", "published", "updated")}
            | {"body_html": _entry_html(entry)},
            ensure_ascii=False,
            default=str,
        )
        yield RawDocument(
            origin=f"{origin}@{number}",
            fmt="feed",
            raw=raw,
            text=body,
            title=entry.get("title") or None,
            url=entry.get("link") or None,
            outlet=outlet,
            published=published,
            published_text=published_text,
            author=entry.get("author") or None,
            external_id=None,
        )
