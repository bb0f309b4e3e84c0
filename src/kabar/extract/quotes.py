"""Quotes in a cleaned text: direct and indirect speech, who said it, and whether it denies."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from kabar.extract.names import Draft, Names, speaker_key, speakers_of
from kabar.extract.quotes_direct import _direct, _paragraphs, _quoted_spans
from kabar.extract.quotes_indirect import _indirect
from kabar.extract.speech import WORD, Lexicon, load_lexicon
from kabar.model import Entity, Quote

__all__ = ["find_quotes", "speaker_key"]


def find_quotes(text: str, entities: Sequence[Entity] = (), lang: str = "id") -> tuple[Quote, ...]:
    """Every quote in a cleaned text (paragraphs split by "\\n"), sorted by start."""
    lex = load_lexicon(lang)
    original = text
    text = text.replace("''", ' "').replace("``", ' "')  # typewriter quotes, same length
    paragraphs = _paragraphs(text)
    spans = _quoted_spans(text, paragraphs, lex)
    drafts = _direct(text, spans, paragraphs, lex)
    drafts += _indirect(text, paragraphs, drafts, spans, lex)
    if not drafts:
        return ()  # no quote: the article's names need not be read
    drafts.sort(key=lambda d: d.start)
    return _resolve(original, drafts, Names(original, lex, entities), lex)


def _resolve(text: str, drafts: list[Draft], names: Names, lex: Lexicon) -> tuple[Quote, ...]:
    speakers = speakers_of(drafts, names)
    return tuple(
        Quote(
            content=text[d.start : d.end],
            start=d.start,
            end=d.end,
            kind=d.kind,
            cue=d.cue,
            speaker=speaker,
            speaker_mention=d.mention.text if d.mention else None,
            denial=_denial(text, d, lex),
            speaker_start=d.mention.start if d.mention else None,
            speaker_end=d.mention.end if d.mention else None,
        )
        for d, speaker in zip(drafts, speakers, strict=True)
    )


def _denial(text: str, draft: Draft, lex: Lexicon) -> bool:
    cue = (draft.cue or "").lower()
    if cue in lex.denial_cues or cue in lex.denial_nouns:
        return True
    context = draft.context.lower()
    if cue in lex.reject or any(word in context.split() for word in lex.reject):
        return True
    words = f" {text[draft.start : draft.end].lower()} "
    return _denies(words, lex) or any(word in context.split() for word in lex.denial_cues)


@lru_cache(maxsize=8)
def _phrases(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(map(re.escape, phrases)) + r")\b")


def _denies(words: str, lex: Lexicon) -> bool:
    """A denial phrase in the words, not as a charge: "korban fitnah" denies, "penghinaan
    dan/atau fitnah sebagaimana dimaksud Pasal 311" names an offence."""
    for match in _phrases(lex.denial_phrases).finditer(words):
        near = WORD.findall(words[: match.start()])[-2:] + WORD.findall(words[match.end() :])[:2]
        if not any(word in lex.legal_terms for word in near):
            return True
    return False
