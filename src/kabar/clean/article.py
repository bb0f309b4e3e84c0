"""Build a clean Article from a RawDocument: clean body, then title, outlet, date, language, id."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from itertools import islice

import regex

from kabar.clean.boilerplate import clean_text
from kabar.clean.dates import WIB, parse_published
from kabar.clean.language import detect_language
from kabar.clean.outlets import canonical_outlet
from kabar.errors import InputRejected, RejectReason
from kabar.model import Article, RawDocument, content_hash

_MAX_TITLE = 160
# A sentence ends at . ! ? (or their run) followed by space and a capital, quote or digit; a
# period after a one- or two-letter abbreviation or inside a number ("12.000") does not end one.
_SENTENCE_END = regex.compile(
    r"(?<!\b\p{Lu}\p{Ll}?)(?<!\b(?:dr|no|st|kol|jl|prof|drs|ir|hj|tbk))[.!?]+[”\"’']?(?=\s+[\p{Lu}\p{N}“\"‘'(])",
    regex.IGNORECASE,
)
_SPACES = regex.compile(r"\s+")
# A date line is the title or one of the first lines of the text, short enough to be a date
# line and not a sentence that mentions a date ("Tuesday, July 2nd, 2013", "INDONESIA, July 2,
# 2013", "Rabu, 18 Juni 2025 10:05 WIB").
_DATELINE_LINES = 3
_DATELINE_WORDS = 12
_OLDEST = datetime(1900, 1, 1, tzinfo=WIB)
_AHEAD = timedelta(days=1)  # a date line this far past the run's time is not a publication date


@dataclass(frozen=True, slots=True)
class Defaults:
    """What stands in for fields an input leaves out (from settings and the run)."""

    outlet: str | None
    published: datetime | None
    now: datetime
    zone: tzinfo = WIB  # for a date line printed without a zone


def first_sentence(text: str) -> str:
    """First sentence of a body, cut at a word if very long: the title of titleless input."""
    paragraph = text.strip().split("\n", 1)[0]
    match = _SENTENCE_END.search(paragraph)
    sentence = paragraph[: match.end()] if match else paragraph
    sentence = sentence.rstrip(".")
    if len(sentence) > _MAX_TITLE:
        sentence = sentence[:_MAX_TITLE].rsplit(" ", 1)[0] + "…"
    return sentence


def fingerprint(text: str) -> str:
    """Content hash of a body that ignores case and spacing: exact re-posts share it."""
    return content_hash(_SPACES.sub(" ", text).strip().lower())


def article_id(raw: RawDocument, body_hash: str) -> str:
    """The input's own id, else one from the URL, else from the content: re-ingest is a no-op."""
    if raw.external_id:
        return raw.external_id
    if raw.url:
        return "u" + content_hash(raw.url.strip())[:15]
    return "c" + body_hash[:15]


def dateline_published(raw: RawDocument, defaults: Defaults) -> datetime | None:
    """The date an undated document prints at its head: the first date, with a year, in the
    title or the first lines of the text that are short enough to be a date line; None when
    there is none, or it is before 1900 or after the run's time (a typo, not a publication)."""
    # Read lazily: the text may be a very large document, and only its head is wanted.
    lines = list(islice((line for line in io.StringIO(raw.text) if line.strip()), _DATELINE_LINES))
    for line in [raw.title or "", *lines]:
        if not line.strip() or len(line.split()) > _DATELINE_WORDS:
            continue
        found = parse_published(line, default_tz=defaults.zone)
        if found is not None and _OLDEST <= found <= defaults.now + _AHEAD:
            return found
    return None


def prepare_article(raw: RawDocument, defaults: Defaults) -> Article:
    """Clean one raw document into an article, or raise InputRejected saying why it cannot be."""
    cleaned = clean_text(raw.text)
    if not cleaned.text.strip():
        raise InputRejected(RejectReason.EMPTY, "no article text after cleaning")
    title = _SPACES.sub(" ", raw.title).strip() if raw.title else first_sentence(cleaned.text)
    dateline_outlet = cleaned.dateline.outlet if cleaned.dateline else None
    outlet = canonical_outlet(raw.outlet or dateline_outlet or defaults.outlet, raw.url)
    # An input's own date, else the date line it prints, else the run's stand-ins.
    published = raw.published or dateline_published(raw, defaults) or defaults.published
    language = raw.lang or detect_language(f"{title}\n{cleaned.text}").code
    body_hash = fingerprint(cleaned.text)
    return Article(
        id=article_id(raw, body_hash),
        content_hash=body_hash,
        title=title,
        text=cleaned.text,
        lang=language,
        published=published or defaults.now,
        outlet=outlet,
        url=raw.url,
        author=raw.author,
        dateline=cleaned.dateline,
        attributions=cleaned.attributions,
        removals=cleaned.removals,
        published_estimated=published is None,
        origin=raw.origin,
    )
