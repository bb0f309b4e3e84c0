"""One article in, its Analysis out: entities, then quotes that use them, quantities and dates."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from kabar.model import Analysis, Article, DateRef, Entity, Quantity, Quote

ANALYSIS_VERSION = 1  # stored with each analysis: bump when an extractor's output changes meaning
# Languages whose cue words, number words and calendar kabar has; Malay-family text (language ID
# often says ms, jv or su for Indonesian with regional words) is read with the Indonesian data.
_RULES_FOR = {"id": "id", "ms": "id", "jv": "id", "su": "id", "en": "en"}


def entities_of(text: str) -> tuple[Entity, ...]:
    """The model's entity spans with canonical names (aliases, abbreviations, later mentions)."""
    from kabar.extract.aliases import resolve
    from kabar.extract.ner import load_tagger

    tagged = [
        Entity(text=text[start:end], start=start, end=end, kind=kind, canonical=text[start:end])
        for start, end, kind in load_tagger().tag(text)
    ]
    return resolve(text, tagged)


def analyze_text(text: str, *, published: datetime, lang: str, article_id: str = "") -> Analysis:
    """Everything kabar reads out of one cleaned text; offsets are into `text`.

    Entities come first because quotes resolve speakers through them ("ia" -> the person meant,
    "Kim" -> "Kim Tae-hyo"); quantities and dates stand alone.
    """
    from kabar.extract.dates import find_dates
    from kabar.extract.quantities import find_quantities
    from kabar.extract.quotes import find_quotes

    entities = entities_of(text)
    rules = _RULES_FOR.get(lang)
    if rules is None:  # no cue words or number words for this language: names only
        return Analysis(article_id=article_id, entities=tuple(entities))
    return Analysis(
        article_id=article_id,
        entities=tuple(entities),
        quotes=tuple(find_quotes(text, entities, lang=rules)),
        quantities=tuple(find_quantities(text, lang=rules)),
        dates=tuple(find_dates(text, published, lang=rules)),
    )


def analyze_article(article: Article) -> Analysis:
    """The analysis of a cleaned article, resolved against its publication date."""
    return analyze_text(
        article.text, published=article.published, lang=article.lang, article_id=article.id
    )


def to_record(analysis: Analysis) -> dict[str, Any]:
    """The JSON form `kabar analyze` prints and the store keeps (one object per article)."""
    return {
        "id": analysis.article_id,
        "entities": [dataclasses.asdict(entity) for entity in analysis.entities],
        "quotes": [dataclasses.asdict(quote) for quote in analysis.quotes],
        "quantities": [dataclasses.asdict(quantity) for quantity in analysis.quantities],
        "dates": [dataclasses.asdict(date) for date in analysis.dates],
    }


def from_record(record: dict[str, Any]) -> Analysis:
    """The inverse of to_record (the store reads analyses back with it)."""
    return Analysis(
        article_id=record["id"],
        entities=_rows(Entity, record.get("entities", ())),
        quotes=_rows(Quote, record.get("quotes", ())),
        quantities=_rows(Quantity, record.get("quantities", ())),
        dates=_rows(DateRef, record.get("dates", ())),
    )


def _rows(kind: Any, rows: Sequence[dict[str, Any]]) -> tuple[Any, ...]:
    names = {field.name for field in dataclasses.fields(kind)}
    return tuple(kind(**{k: v for k, v in row.items() if k in names}) for row in rows)
