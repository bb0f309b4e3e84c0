"""Abbreviations an article defines: "Dewan Keamanan Nasional (NSC)", "NIS (Badan ...)"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kabar.extract.aliases import _WORD, _fold, find_known, load_aliases

_ABBR_AFTER = re.compile(r"\(\s*([^\W\d_][\w-]{1,11})\s*\)")  # "Long Form (ABBR)"
_ABBR_BEFORE = re.compile(r"(?<![\w-])([^\W\d_][\w-]{1,11})[ \t]+\(([^()\n]{3,80})\)")
_LONG_FORM_STOP = re.compile(r"[.!?;:\n\"“”()]")  # a long form never reaches past these


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """An abbreviation the text defines: "Dewan Keamanan Nasional (NSC)"."""

    abbr: str
    long: str
    start: int  # offsets of the long form
    end: int


def _letters(abbr: str) -> str:
    return "".join(c for c in _fold(abbr) if c.isalpha())


def _spells(words: Sequence[str], abbr: str) -> bool:
    """Indonesian order: the letters appear in order, the first one opening the first word.

    A long form has two words or more, no more words than letters, and (for an abbreviation in
    capitals) starts with a capital unless it is all lower case ("daftar pencarian orang (DPO)").
    """
    letters = _letters(abbr)
    if not letters or not 2 <= len(words) <= len(letters) or _fold(words[0][0]) != letters[0]:
        return False
    if abbr.isupper() and words[0][0].islower() and not all(w.islower() for w in words):
        return False
    rest = iter(_fold("".join(words))[1:])
    return all(c in rest for c in letters[1:])


def _reversed_order(words: Sequence[str], abbr: str) -> bool:
    """English order of an Indonesian name: one capitalised word per letter, the last word giving
    the first letter ("Dewan Keamanan Nasional (NSC)": National Security Council)."""
    letters = _letters(abbr)
    return (
        len(words) == len(letters)
        and _fold(words[-1][0]) == letters[0]
        and all(w[0].isupper() for w in words)
    )


def _long_before(text: str, paren: int, abbr: str, skip: frozenset[str]) -> tuple[int, int] | None:
    """Offsets of the long form that the bracketed abbr at `paren` abbreviates, if any."""
    stop = max(
        (m.end() for m in _LONG_FORM_STOP.finditer(text, max(0, paren - 200), paren)),
        default=max(0, paren - 200),
    )
    words = [m.span() for m in _WORD.finditer(text, stop, paren)]
    if not words or text[words[-1][1] : paren].strip():
        return None
    if text[slice(*words[-1])].lower() in skip:
        words.pop()
    known = load_aliases().canonical(abbr)
    for g in find_known(text[stop : words[-1][1]]) if known and words else ():
        if g.canonical == known and stop + g.end == words[-1][1]:  # the table already knows it
            return stop + g.start, stop + g.end
    letters = len(_letters(abbr))
    texts = [text[s:e] for s, e in words]
    for n in range(1, min(len(words), letters + 5, 2 * letters) + 1):  # shortest first
        if _spells(texts[-n:], abbr):
            return words[-n][0], words[-1][1]
    if abbr.isupper() and len(words) >= letters and _reversed_order(texts[-letters:], abbr):
        return words[-letters][0], words[-1][1]
    return None


def learn_abbreviations(text: str) -> list[Abbreviation]:
    """Abbreviations the text defines, "Long Form (ABBR)" or "ABBR (Long Form)", in text order."""
    found: list[Abbreviation] = []
    skip = load_aliases().before_abbreviation
    for m in _ABBR_AFTER.finditer(text):
        abbr = m.group(1)
        if abbr.islower() and len(abbr) < 3:
            continue
        span = _long_before(text, m.start(), abbr, skip)
        if span:
            found.append(Abbreviation(abbr, text[span[0] : span[1]], *span))
    for m in _ABBR_BEFORE.finditer(text):
        abbr, inner = m.group(1), m.group(2)
        if sum(c.isupper() for c in abbr) < 2:
            continue
        words = _WORD.findall(inner)
        if len(words) >= 2 and (_spells(words, abbr) or _reversed_order(words, abbr)):
            start = m.start(2) + len(inner) - len(inner.lstrip())
            found.append(Abbreviation(abbr, inner.strip(), start, start + len(inner.strip())))
    return sorted(found, key=lambda d: d.start)
