"""What the learned clusterer reads from an article: weighted terms, title terms, names, numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt
import regex

from kabar.cluster.vectors import (
    Counts,
    OnlineTfidf,
    counts_of,
    features,
    names,
    tokens,
    word_indices,
)
from kabar.model import Article

# ASCII digits only: news figures are written so, and other numerals ("60⁰", "٣") are not ints.
_NUMBER = regex.compile(r"(?<![\p{L}\p{N}])[0-9]+(?:[.,][0-9]+)*(?![\p{L}\p{N}])")
_LEAD_CHARS = 1500  # names and numbers of the lead: the event's actors and figures
# "Timnas Indonesia vs Jepang", "MU Vs Arsenal": the sides of one match, named in a title.
_FIXTURE = regex.compile(
    r"(\p{L}[\p{L}\p{N}.'-]*)\s+(?:vs\.?|versus|kontra)\s+(\p{L}[\p{L}\p{N}.'-]*)",
    regex.IGNORECASE,
)

# "Divonis 16 Tahun", "sentenced to 7 years": a length of time read from a title (not an age:
# "berusia 26 tahun", "26-year-old"). Two verdicts of one case differ in exactly this. Money,
# counts, rates and magnitudes are left out: one event gives many of them (a central bank's
# meeting: its rate, growth and inflation forecasts) and they move (a toll rises, a sum is
# converted).
_QUANTITY = regex.compile(
    r"(?<!(?:usia|umur|berumur|aged?)\s+)(?<![\p{L}\p{N}.,])([0-9]+(?:[.,][0-9]+)?)\s*(?:-\s*)?"
    r"(tahun|bulan|minggu|pekan|hari|years?|months?|weeks?|days?)(?![\p{L}-]|\s+old)",
    regex.IGNORECASE,
)
_UNITS = {
    "tahun": "year", "year": "year", "years": "year",
    "bulan": "month", "month": "month", "months": "month",
    "minggu": "week", "pekan": "week", "week": "week", "weeks": "week",
    "hari": "day", "day": "day", "days": "day",
}  # fmt: skip

Vector = tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]


@dataclass(frozen=True, slots=True)
class ArticleSignals:
    """One article as the learned clusterer compares it with stories."""

    id: str
    terms: Vector  # TF-IDF of title and lead, unit length
    title: Vector  # TF-IDF of the title alone, unit length
    names: dict[str, float]  # name -> IDF weight
    numbers: frozenset[str]
    lang: str
    outlet: str | None
    published: datetime
    fixture: frozenset[str] = frozenset()  # the two sides of a match the title names
    quantities: frozenset[str] = frozenset()  # "unit|value" lengths of time the title gives


def fixture_of(title: str) -> frozenset[str]:
    """The sides of the first "A vs B" in a title, lower-cased (the word next to "vs" each side),
    or nothing."""
    found = _FIXTURE.search(title)
    if found is None:
        return frozenset()
    return frozenset((found.group(1).lower().strip(".'-"), found.group(2).lower().strip(".'-")))


def quantities_of(title: str) -> frozenset[str]:
    """The title's lengths of time, as "unit|value" with the unit in English and the value as a
    number ("3,5 tahun" and "3.5 years" are both "year|3.5")."""
    found = set()
    for number, unit in _QUANTITY.findall(title):
        value = float(number.replace(",", "."))
        canonical = _UNITS[unit.lower()]
        found.add(f"{canonical}|{value:g}")
    return frozenset(found)


def significant_numbers(text: str) -> frozenset[str]:
    """Figures that identify an event ("1.500", "12.000", "5,6"), not years, days, small counts."""
    found = set()
    for match in _NUMBER.findall(text):
        digits = match.replace(".", "").replace(",", "")
        if not digits.isdigit():
            continue
        value = int(digits)
        is_year = len(match) == 4 and 1900 <= value <= 2100
        if ("." in match or "," in match or value >= 100) and not is_year:
            found.add(match)
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class ArticleCounts:
    """What the clusterer reads from an article before IDF: hashed counts, names, figures. A pure
    function of the article (`count_article`), so worker processes compute it beside cleaning."""

    terms: Counts  # title (twice) and lead, unigrams and bigrams, plus the lead's names
    title: Counts
    names: tuple[str, ...]  # sorted
    name_indices: npt.NDArray[np.int32]  # the feature index of each name
    numbers: frozenset[str]


def count_article(article: Article, n_features: int) -> ArticleCounts:
    lead = article.text[:_LEAD_CHARS]
    name_list = sorted(set(names(lead)))
    return ArticleCounts(
        terms=counts_of(features(article), n_features),
        title=counts_of(tokens(article.title), n_features),
        names=tuple(name_list),
        name_indices=word_indices(name_list, n_features),
        numbers=significant_numbers(f"{article.title}\n{lead}"),
    )


def extract_signals(
    article: Article, vectorizer: OnlineTfidf, counts: ArticleCounts | None = None
) -> ArticleSignals:
    """Signals of an article under the vectorizer's current IDF (no look-ahead); `counts` when
    they were computed already (in a worker)."""
    if counts is None:
        counts = count_article(article, vectorizer.n_features)
    return ArticleSignals(
        id=article.id,
        terms=vectorizer.weigh(counts.terms),
        title=vectorizer.weigh(counts.title),
        names=dict(zip(counts.names, vectorizer.idf_at(counts.name_indices), strict=True)),
        numbers=counts.numbers,
        lang=article.lang,
        outlet=article.outlet,
        published=article.published,
        fixture=fixture_of(article.title),
        quantities=quantities_of(article.title),
    )
