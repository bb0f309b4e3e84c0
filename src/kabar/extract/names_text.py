"""Names as raw text writes them: capitalised runs, glued words, acronyms, cue phrases."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kabar.extract.speech import WORD, Lexicon, is_capital

# Scraped link text glues a lower-case word to the name after it ("kePersatuan Bola Voli"):
# the name starts a word of its own.
_GLUED_WORD = re.compile(r"[^\W\d_]*[a-z](?=[A-Z])|" + WORD.pattern, re.UNICODE)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_PARTICLES = frozenset(("bin", "binti", "van", "de", "der", "von", "al", "el", "da", "dos", "la"))


def _spelled(words: list[str], acronym: str) -> str:
    """The words an acronym spells: "Kepala Badan Gizi Nasional (BGN)" -> "Badan Gizi Nasional"."""
    for i in range(len(words)):
        if "".join(w[0] for w in words[i:] if is_capital(w)) == acronym:
            return " ".join(words[i:])
    return " ".join(words)


def _anaphor(words: list[str], lex: Lexicon) -> bool:
    """ "pejabat itu", "pria tersebut": a lower-case description pointing back."""
    return (
        len(words) >= 2
        and words[-1].lower() in lex.demonstratives
        and not is_capital(words[0])
        and words[0].lower() not in ("seorang", "para", "a", "an")
    )


def _key(name: str) -> str:
    return " ".join(WORD.findall(name.lower()))


def _contains(full: list[str], part: list[str]) -> bool:
    return any(full[i : i + len(part)] == part for i in range(len(full) - len(part) + 1))


def _capital_runs(text: str) -> list[tuple[int, list[str]]]:
    """Runs of capitalised words (with name particles) and where each starts."""
    runs: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = last_end = 0
    for match in _GLUED_WORD.finditer(text):
        word = match.group()
        joined = not text[last_end : match.start()].strip() and current
        if (is_capital(word) or (joined and word in _PARTICLES)) and (joined or not current):
            if not current:
                start = match.start()
            current.append(word)
        else:
            if current:
                runs.append((start, current))
            current = [word] if is_capital(word) else []
            start = match.start()
        last_end = match.end()
    if current:
        runs.append((start, current))
    return runs


def _opens_sentence(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3) : pos]
    return pos == 0 or before.endswith("\n") or bool(re.search(r"[.!?]\s+$", before))


def _cue_matches(cues: Sequence[str], after: str, text: str) -> list[re.Match[str]]:
    if not cues:
        return []
    pattern = "|".join(re.escape(cue) for cue in cues)
    return list(re.finditer(rf"\b(?:{pattern}){after}", text))
