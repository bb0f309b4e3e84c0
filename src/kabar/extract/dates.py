"""Find the days, weeks, months and years a text mentions, resolved against its publication date."""

from __future__ import annotations

import functools
import re
from datetime import date, datetime

from kabar.extract.dates_handlers import _HANDLERS, _Found
from kabar.extract.dates_vocab import _triggers, _Vocab, _vocab
from kabar.extract.numbers import key
from kabar.model import DateRef

__all__ = ["date_spans", "find_dates"]


def _windows(text: str, lang: str) -> list[tuple[int, int]]:
    """Stretches of `text` around trigger words, merged; a mention never reaches further."""
    windows: list[tuple[int, int]] = []
    for m in _triggers(lang).finditer(text):
        start, end = max(m.start() - _REACH, 0), m.end() + _REACH
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


_REACH = 80  # characters a mention may run before or after its trigger word


@functools.lru_cache(maxsize=16)
def _matches(text: str, lang: str) -> tuple[tuple[int, str, re.Match[str]], ...]:
    """Every rule's matches (publication-independent; cached: the quantity finder asks too)."""
    vocab = _vocab(lang)
    found: list[tuple[int, str, re.Match[str]]] = []
    for start, end in _windows(text, lang):
        for priority, (name, pattern) in enumerate(vocab.rules):
            found.extend((priority, name, m) for m in pattern.finditer(text, start, end))
    return tuple(found)


def _candidates(text: str, pub: date, vocab: _Vocab) -> list[tuple[int, int, _Found]]:
    found = []
    for priority, name, m in _matches(text, vocab.lang):
        item = _HANDLERS[name](m, pub, text, vocab)
        if item is not None:
            found.append((-(item.end - item.start), priority, item))
    return found


def _select(text: str, pub: date, vocab: _Vocab) -> list[_Found]:
    """Longest matches first, no overlaps; a lone "kemarin"/"lalu" right after a date is its
    modifier ("Senin (16/6) kemarin"), not a second date."""
    taken: list[_Found] = []
    for _, _, item in sorted(_candidates(text, pub, vocab), key=lambda c: (c[0], c[1], c[2].start)):
        if any(item.start < t.end and t.start < item.end for t in taken):
            continue
        taken.append(item)
    taken.sort(key=lambda t: t.start)
    past = {w.lower() for w in vocab.data["context"]["past_after"]}
    kept: list[_Found] = []
    for item in taken:
        words = key(text[item.start : item.end]).lower()
        if kept and words in past and not text[kept[-1].end : item.start].strip():
            continue
        kept.append(item)
    return kept


def find_dates(text: str, published: datetime, lang: str = "id") -> tuple[DateRef, ...]:
    """Every date mention in `text`, sorted by start, with its value resolved against `published`.

    Values are an ISO date, a month ("2025-06"), a year ("2022") or an interval ("A/B");
    `relative` is true when the publication date was needed to fix the value.
    """
    vocab = _vocab(lang)
    pub = published.date()
    return tuple(
        DateRef(text[f.start : f.end], f.start, f.end, f.value, f.relative, f.granularity)
        for f in _select(text, pub, vocab)
    )


def date_spans(text: str, lang: str = "id") -> list[tuple[int, int]]:
    """Where `text` mentions dates (what the quantity finder must leave alone)."""
    anchor = datetime(2000, 6, 15)
    return [(d.start, d.end) for d in find_dates(text, anchor, lang)]
