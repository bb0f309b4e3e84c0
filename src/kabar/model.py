"""The nouns of kabar: frozen records that flow through the pipeline."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input item as a reader found it, before any cleaning.

    `raw` keeps the input exactly as read (a JSON line, a CSV row as JSON, the HTML page, the text
    file) so the store can show what kabar started from.
    """

    origin: str  # where it came from: "path:line", "path#row", a URL
    fmt: str  # reader name: txt, jsonl, csv, html, feed
    raw: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: datetime | None = None  # aware; None when the input gave no usable date
    published_text: str | None = None  # the date as printed, kept for audit
    author: str | None = None
    lang: str | None = None
    external_id: str | None = None  # the input's own id (JSONL `id`), kept as the article id


@dataclass(frozen=True, slots=True)
class Removal:
    """A span cleaning took out of a body, with the rule that did it and why."""

    rule: str  # rule id from lang/<code>/boilerplate.toml, e.g. "inserted.baca_juga"
    reason: str  # human-readable reason
    text: str  # the removed text, verbatim
    start: int  # offsets into normalise_text(body): see kabar.clean.boilerplate
    end: int


@dataclass(frozen=True, slots=True)
class Attribution:
    """Where an article says its text came from ("Sumber : Yonhap-OANA", "dikutip dari Antara")."""

    kind: str  # sumber, dikutip, dilansir, ...
    value: str  # the named origin: "Yonhap-OANA", "Antara"
    text: str  # the words it was read from


@dataclass(frozen=True, slots=True)
class Dateline:
    """The place and outlet an article opens with: "Seoul (ANTARA) -"."""

    place: str | None
    outlet: str | None
    text: str


@dataclass(frozen=True, slots=True)
class CleanedText:
    """A body after cleaning, with everything taken out recorded."""

    text: str
    dateline: Dateline | None = None
    attributions: tuple[Attribution, ...] = ()
    removals: tuple[Removal, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article, ready to be stored and clustered."""

    id: str
    content_hash: str
    title: str
    text: str
    lang: str
    published: datetime  # aware
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    dateline: Dateline | None = None
    attributions: tuple[Attribution, ...] = ()
    removals: tuple[Removal, ...] = ()
    published_estimated: bool = False  # True when the input gave no date and ingest time stood in
    origin: str = ""


@dataclass(frozen=True, slots=True)
class Assignment:
    """Which story an article joined, and the scores that decided it."""

    article_id: str
    story_id: str
    new_story: bool
    score: float  # similarity to the chosen story (0 for a new story)
    candidates: tuple[tuple[str, float], ...] = ()  # (story id, score), best first
    # What decided it: (signal, its value, its push on the decision's log-odds), strongest first.
    features: tuple[tuple[str, float, float], ...] = ()


@dataclass(frozen=True, slots=True)
class Merge:
    """Story `dropped` joined story `kept`; the score and deciding signals say why."""

    dropped: str
    kept: str
    score: float
    features: tuple[tuple[str, float, float], ...] = ()


def survivors(merges: list[Merge]) -> dict[str, str]:
    """Each merged-away story id -> the story that holds its articles now (chains followed)."""
    into = {merge.dropped: merge.kept for merge in merges}
    final = {}
    for dropped in into:
        kept = into[dropped]
        while kept in into:
            kept = into[kept]
        final[dropped] = kept
    return final


@dataclass(frozen=True, slots=True)
class Story:
    """One real-world event told by one or more articles."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...]
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input kabar could not take, and why: never a silent drop."""

    origin: str
    reason: str  # a code from errors.RejectReason
    detail: str
    at: datetime = field(compare=False)


@dataclass(frozen=True, slots=True)
class Entity:
    """A named thing in a cleaned text: offsets are into `Article.text`, end exclusive."""

    text: str  # the words as written: "Korut"
    start: int
    end: int
    kind: str  # PERSON, ORG, PLACE, EVENT, PRODUCT, FOOD, ... (see kabar.extract.ENTITY_KINDS)
    canonical: str  # the normalised name shared by aliases and languages: "Korea Utara"
    source: str = "model"  # who found it: model, gazetteer, alias, abbreviation, coreference


@dataclass(frozen=True, slots=True)
class Quote:
    """Words an article attributes to someone, directly ("...") or in indirect speech."""

    content: str  # the quoted words without the quotation marks
    start: int  # offsets of `content` in Article.text
    end: int
    kind: str  # "direct" or "indirect"
    cue: str | None  # the speech verb or phrase: "kata", "menurut", "membantah"
    speaker: str | None  # the resolved speaker: a full name, or the description given
    speaker_mention: str | None  # the words at the quote that name the speaker: "ia", "Kim"
    denial: bool = False
    speaker_start: int | None = None  # offsets of speaker_mention, when it is in the text
    speaker_end: int | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number the text gives, with what it counts: "12.000 tentara" -> 12000, noun tentara."""

    text: str
    start: int
    end: int
    value: float
    unit: str | None = None  # IDR, USD, EUR, %, km, ton, ... (None for plain counts)
    noun: str | None = None  # what is counted: "tentara"
    approximate: bool = False  # "ribuan", "sekitar 1.500", "lebih dari"


@dataclass(frozen=True, slots=True)
class DateRef:
    """A date or period the text mentions, resolved against the publication date."""

    text: str
    start: int
    end: int
    value: str | None  # ISO date "2024-10-22", month "2025-06", year "2022", or interval "A/B"
    relative: bool  # True when it needed the publication date ("kemarin", "Selasa (22/10)")
    granularity: str = "day"  # day, week, month, year, time


@dataclass(frozen=True, slots=True)
class Analysis:
    """What kabar understood of one article: the input of every cross-source comparison."""

    article_id: str
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[DateRef, ...] = ()


def content_hash(*parts: str) -> str:
    """A stable hex digest of text parts, used for ids so re-ingesting is idempotent."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()
