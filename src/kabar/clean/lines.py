"""Reassemble the kept text into lines, rejoining lines the scraper split inside a sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kabar.clean.spans import Work

__all__ = ["CLOSERS", "LIST_ITEM", "SENTENCE_END", "JoinParams", "assemble"]

SENTENCE_END = re.compile(r"[.!?…:;][\"”’')\]]*$")
LIST_ITEM = re.compile(r"(?:[-•*–]\s|\d{1,2}[.)]\s|[A-Za-z][.)]\s)")
CLOSERS = ",.;:!?)]}”’%"
_ENUMERATOR = re.compile(r"\(\w{1,3}\)")  # "(1)", "(a)", "(iv)" open a list item


@dataclass(frozen=True, slots=True)
class JoinParams:
    """When two lines are one sentence split by the scraper."""

    max_fragment_words: int = 4
    min_sentence_words: int = 5


def assemble(work: Work, params: JoinParams) -> str:
    """The text left after every claimed span is cut out, one paragraph a line."""
    parts: list[str] = []
    pos = 0
    for found in sorted(work.found, key=lambda f: f.start):
        parts += [work.text[pos : found.start], found.sep]
        pos = found.end
    parts.append(work.text[pos:])
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    return "\n".join(_rejoin([line for line in lines if line], params))


def _rejoin(lines: list[str], params: JoinParams) -> list[str]:
    """Join lines the scraper split inside a sentence (around link text)."""
    out: list[str] = []
    for index, line in enumerate(lines):
        sep = _join_sep(out[-1], line, lines[index + 1 : index + 4], params) if out else None
        if sep is None:
            out.append(line)
        else:
            out[-1] = out[-1] + sep + line
    return out


def _join_sep(prev: str, line: str, following: list[str], params: JoinParams) -> str | None:
    """How ``line`` continues ``prev`` ("", " "), or None when it starts a new paragraph."""
    if line[0] in CLOSERS:
        return ""
    if SENTENCE_END.search(prev):
        return None
    if prev[-1] in "(“‘[":
        return ""
    if line[0].islower() or (line[0] == "(" and not _ENUMERATOR.match(line)):
        return " "
    if not _is_fragment(line, params):
        return None
    if len(prev.split()) >= params.min_sentence_words:
        return " "
    # Short lines all around ("Gubernur / Jakarta / Pramono Anung / yakin ..."): one sentence
    # only if a continuation in lower case follows the run.
    for nxt in following:
        if nxt[0].islower() or nxt[0] in CLOSERS:
            return " "
        if not _is_fragment(nxt, params) or SENTENCE_END.search(nxt):
            return None
    return None


def _is_fragment(line: str, params: JoinParams) -> bool:
    short = len(line.split()) <= params.max_fragment_words
    return short and not LIST_ITEM.match(line) and not line.endswith(":")
