"""Remove "Baca juga" blocks: tell related-article titles from article text glued onto them."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from kabar.clean.lines import CLOSERS, LIST_ITEM, SENTENCE_END
from kabar.clean.spans import Rule, Work, line_end

__all__ = ["RelatedParams", "take_related"]

# Where a scraper glued two texts together: "KorutKorea", "Kemenangan!\"Dia", "DOGETak".
_GLUE = re.compile(r"(?<=[a-z0-9?!.…\"”’')+])(?=[\"“]?[A-Z])|(?<=[A-Z])(?=[A-Z][a-z]{2,})")
_FIRST_STOP = re.compile(r"[.!?…][\"”’')\]]*(?=\s|[A-Z\"“]|$)")
_OPENERS = "\"“‘'(["


@dataclass(frozen=True, slots=True)
class RelatedParams:
    """How "Baca juga" titles are told from article text."""

    max_title_lines: int = 5
    max_title_words: int = 25
    min_extra_title_words: int = 4
    title_case_ratio: float = 0.6
    loose_title_case_ratio: float = 0.3
    min_glued_words: int = 6
    min_run_on_words: int = 15
    sentence_openers: frozenset[str] = frozenset()


def take_related(work: Work, rule: Rule, params: RelatedParams) -> None:
    """Claim each marker of ``rule`` with the related-article titles that belong to it."""
    text = work.text
    for match in rule.pattern.finditer(text):
        start, marker_end = match.span()
        end_of_line = line_end(text, marker_end)
        taken = work.mask.find(1, marker_end, end_of_line)
        end_of_line = end_of_line if taken == -1 else taken
        if text[marker_end:end_of_line].strip():
            end = _glue_cut(text, marker_end, end_of_line, params)
        else:
            loose = ":" in match.group()
            end = _title_lines(work, end_of_line, params, loose)
        if work.free(start, end):
            work.take(start, end, rule, sep="\n")


def _title_lines(work: Work, pos: int, params: RelatedParams, loose: bool) -> int:
    """End of the related-article titles listed on the lines after a bare marker."""
    text, end = work.text, pos
    # After "Baca juga:" comes one title; a bare "Baca Juga" heads a list of them.
    for count in range(1 if loose else params.max_title_lines):
        if end >= len(text) or text[end] != "\n":
            break
        line_start = end + 1
        end_of_line = line_end(text, line_start)
        line = text[line_start:end_of_line]
        if not work.free(line_start, end_of_line) or not _is_title(line, params, count, loose):
            break
        after = text[end_of_line + 1 : end_of_line + 2]
        if after.islower() or (after and after in CLOSERS):
            break  # the line runs on into a sentence: split text, not a title
        end = _glue_cut(text, line_start, end_of_line, params)
        if end < end_of_line:
            break
    return end


def _is_title(line: str, params: RelatedParams, index: int, loose: bool) -> bool:
    words = line.split()
    if not words or len(words) > params.max_title_words:
        return False
    if len(words) < (1 if loose and index == 0 else 3):
        return False
    if index > 0 and len(words) < params.min_extra_title_words:
        return False
    if line[0].islower() or line[0] in _OPENERS + "-•*" or LIST_ITEM.match(line):
        return False
    if line.endswith((".", ":", ";", ",")) and not line.endswith(".."):
        return False
    ratio = params.loose_title_case_ratio if loose and index == 0 else params.title_case_ratio
    return _capital_ratio(words) >= ratio


def _capital_ratio(words: list[str]) -> float:
    heads = [w.lstrip(_OPENERS)[:1] for w in words]
    alpha = [h for h in heads if h.isalpha()]
    return sum(h.isupper() for h in alpha) / len(alpha) if alpha else 0.0


def _glue_cut(text: str, start: int, end: int, params: RelatedParams) -> int:
    """Where article text run on after a related-article title begins; ``end`` if none does.

    Candidates are glue points ("KorutKorea") and word starts where title case gives way to a
    sentence ("... di Ujung Tanduk Satu orang tewas ..."); the first that qualifies wins.
    """
    segment = text[start:end]
    glued: list[int] = []
    for match in _GLUE.finditer(segment):
        if not glued or glued[-1] != match.start() - 1:  # '!"Dia': one cut, before the quote
            glued.append(match.start())
    starts = _sentence_starts(segment, params)
    for cut in sorted({*glued, *starts}):
        head_end = _head_end(segment, cut, glued)
        certain = starts.get(cut, False)
        if not _qualifies(segment, cut, head_end, params, certain):
            continue
        # A short sentence-like run that stops at a glue after a capitalised word ("... kecam
        # peluncuran rudal Korut|Korea Selatan ...") is still title; the glue is the better cut.
        glue = cut + head_end
        short = len(segment[cut:glue].split()) <= params.max_title_words
        if (
            not certain
            and short
            and glue in glued
            and _strong_glue(segment, glue)
            and _qualifies(segment, glue, _head_end(segment, glue, glued), params, certain=False)
        ):
            return start + glue
        return start + cut
    return end


def _head_end(segment: str, cut: int, glued: list[int]) -> int:
    """Length of what follows ``cut`` up to the next glue point or the end of its sentence."""
    tail = segment[cut:]
    stop = _FIRST_STOP.search(tail)
    return min([g - cut for g in glued if g > cut] + [stop.end() if stop else len(tail)])


def _qualifies(segment: str, cut: int, head_end: int, params: RelatedParams, certain: bool) -> bool:
    """Sentence text follows ``cut``: enough words, a sentence that ends, and sentence-like."""
    tail = segment[cut:]
    if certain and len(tail.split()) >= params.min_run_on_words:
        return True  # a long run after "...di Suita! ": article text, ending in a stop or not
    if not _is_sentence_tail(tail, params):
        return False
    return certain or _reads_as_sentence(tail[:head_end])


def _strong_glue(segment: str, glue: int) -> bool:
    """A glue point right after a capitalised word or a closing "!", "?" or quote."""
    word_start = max(segment.rfind(" ", 0, glue), segment.rfind("\n", 0, glue)) + 1
    word = segment[word_start:glue].lstrip(_OPENERS)
    return word[:1].isupper() or segment[glue - 1] in '!?"”’'


def _sentence_starts(segment: str, params: RelatedParams) -> dict[int, bool]:
    """Word starts where a title may give way to a sentence; True where that is certain.

    Certain: a capitalised word after "!" or "?". Likely: a capitalised word followed by two
    words not capitalised (moved back over a sentence opener such as "Ketika").
    """
    words = list(re.finditer(r"\S+", segment))
    starts: dict[int, bool] = {}
    for i in range(1, len(words) - 2):
        if not _head(words[i]).isupper():
            continue
        if words[i - 1].group().endswith(("!", "?")):
            starts[words[i].start()] = True
        elif not any(_head(w).isupper() for w in words[i + 1 : i + 3]):
            opener = words[i - 1].group().strip(_OPENERS + ",")
            first = i - 1 if i > 1 and opener in params.sentence_openers else i
            starts.setdefault(words[first].start(), False)
    return starts


def _head(word: re.Match[str]) -> str:
    return word.group().lstrip(_OPENERS)[:1]


def _reads_as_sentence(text: str) -> bool:
    """Two lower-case words in a row, or a lower-case word and a full stop at the end."""
    lower = [w.lstrip(_OPENERS)[:1].islower() for w in text.split()]
    if any(a and b for a, b in itertools.pairwise(lower)):
        return True
    return any(lower) and SENTENCE_END.search(text.rstrip()) is not None


def _is_sentence_tail(tail: str, params: RelatedParams) -> bool:
    """Enough words, and at least one sentence that ends."""
    words = tail.split()
    ends = SENTENCE_END.search(tail.rstrip()) or _FIRST_STOP.search(tail)
    return len(words) >= params.min_glued_words and ends is not None
