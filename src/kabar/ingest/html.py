"""Extract article text and metadata from an HTML page with trafilatura."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kabar.errors import InputRejected, RejectReason


@dataclass(frozen=True, slots=True)
class Page:
    """What trafilatura found in a page."""

    text: str
    title: str | None
    date: str | None
    author: str | None
    sitename: str | None
    url: str | None


def extract_html(html: str, *, url: str | None = None) -> Page:
    """Main text, title, date, author and site name of a page; InputRejected if it has no text."""
    import trafilatura  # heavy import, only when an HTML page is actually read
    from trafilatura.settings import set_date_params

    # Keep the time and zone of the publication date, not only the day (trafilatura's default).
    date_params = set_date_params() | {"outputformat": "%Y-%m-%dT%H:%M:%S%z"}
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        date_extraction_params=date_params,
    )
    found: dict[str, Any] = {}
    if document is not None:
        found = document if isinstance(document, dict) else document.as_dict()
    text = str(found.get("text") or "")
    title = found.get("title") or None
    first, _, rest = text.partition("\n")
    if title and first.strip() == title.strip() and rest.strip():
        text = rest  # the page's <h1> repeats the title: keep it once, as the title
    if not text.strip():
        raise InputRejected(RejectReason.EMPTY, "no article text found in the HTML page")
    return Page(
        text=text,
        title=title,
        date=found.get("date") or None,
        author=found.get("author") or None,
        sitename=found.get("sitename") or None,
        url=found.get("url") or url,
    )
