"""The per-article steps that batch ingest (`kabar.engine`) and the resident follower
(`kabar.follow`) share: what stands in for missing fields, cleaning one document, analysing one
article, and collecting analyses with a recorded reason for each that failed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from kabar.clean.article import Defaults, prepare_article
from kabar.clean.dates import parse_published
from kabar.errors import InputRejected, RejectReason, SettingsError
from kabar.ingest.readers import ReadOptions
from kabar.model import Analysis, Article, RawDocument, Rejection
from kabar.settings import Settings


def timezone_of(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError) as error:
        raise SettingsError(f"ingest.timezone={name!r}: not a known time zone") from error


def defaults_of(settings: Settings, now: datetime, zone: tzinfo) -> Defaults:
    published = None
    if settings.ingest.published:
        published = parse_published(settings.ingest.published, default_tz=zone)
        if published is None:
            raise SettingsError(f"ingest.published={settings.ingest.published!r}: not a date")
    return Defaults(outlet=settings.ingest.outlet, published=published, now=now, zone=zone)


def reading(settings: Settings, now: datetime) -> tuple[Defaults, ReadOptions]:
    """What stands in for missing fields, and how inputs are read, from the ingest settings."""
    zone = timezone_of(settings.ingest.timezone)
    options = ReadOptions(
        default_tz=zone,
        max_bytes=settings.ingest.max_bytes,
        csv_map=settings.ingest.csv_map,
        fetch_timeout=settings.ingest.fetch_timeout,
    )
    return defaults_of(settings, now, zone), options


def prepare_one(raw: RawDocument, defaults: Defaults) -> Article | Rejection:
    """Clean one document (in a worker process when there is a pool)."""
    try:
        return prepare_article(raw, defaults)
    except InputRejected as rejection:
        return Rejection(raw.origin, rejection.reason.value, rejection.detail, defaults.now)


def analyze_one(article: Article) -> Analysis | str:
    """The article's analysis, or why it failed (the article is stored either way)."""
    from kabar.extract.analysis import analyze_article

    try:
        return analyze_article(article)
    except Exception as error:  # one odd text must not cost the batch its analyses
        return f"analysis failed (article kept): {type(error).__name__}: {error}"


def collect_analyses(
    fresh: Sequence[Article],
    results: Iterable[Analysis | str],
    stored: set[str],
    now: datetime,
) -> tuple[list[Analysis], list[Rejection]]:
    """Analyses of the articles that were stored, and a recorded reason for each that failed."""
    analyses, failures = [], []
    for article, result in zip(fresh, results, strict=True):
        if isinstance(result, str):
            failures.append(Rejection(article.origin, RejectReason.INTERNAL.value, result, now))
        elif article.id in stored:  # an article clustering rejected has no row to analyse
            analyses.append(result)
    return analyses, failures
