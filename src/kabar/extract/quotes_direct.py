"""Direct quotes: stretches in quotation marks of any style and the attribution around them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kabar.extract.names import Draft
from kabar.extract.speakers import after_attribution, before_attribution
from kabar.extract.speech import WORD, Lexicon, is_capital

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
_MARK = re.compile("[“„«\"”‘']")
MIN_CONTINUATION_WORDS = 3  # a sentence-opening quote this long with no cue is speech, not a term


@dataclass(frozen=True, slots=True)
class Span:
    """One stretch between quotation marks; `close` is where the text after the marks resumes."""

    start: int  # content
    end: int
    open: int  # the opening mark
    close: int
    para: int  # paragraph number
    closed: bool


def _paragraphs(text: str) -> list[tuple[int, int]]:
    found, cursor = [], 0
    for line in text.split("\n"):
        found.append((cursor, cursor + len(line)))
        cursor += len(line) + 1
    return found


def _quoted_spans(text: str, paragraphs: list[tuple[int, int]], lex: Lexicon) -> list[Span]:
    """Stretches in quotation marks of any style; an unclosed one runs to its paragraph's end."""
    spans: list[Span] = []
    for number, (start, end) in enumerate(paragraphs):
        i = start
        while i < end:
            mark = _MARK.search(text, i, end)  # jump to the next quotation mark of any style
            if mark is None:
                break
            i = mark.start()
            kind = _opening(text, i, start, end)
            if kind is None:
                i += 1
                continue
            close = _closing(text, i, end, kind)
            if close is None and kind == "single":
                i += 1
                continue
            stop = close if close is not None else end
            content_start, content_end = _trim(text, i + 1, stop)
            if content_end > content_start:
                after = stop + 1 if close is not None else end
                spans.append(Span(content_start, content_end, i, after, number, close is not None))
            i = stop + 1
    return spans


def _opening(text: str, i: int, para_start: int, para_end: int) -> str | None:
    ch = text[i]
    prev = text[i - 1] if i > para_start else " "
    nxt = text[i + 1] if i + 1 < para_end else " "
    if ch in OPEN_DOUBLE:
        return "double"
    if ch in '"”' and not nxt.isspace() and (prev.isspace() or prev in "([:—-"):
        return "double"
    if ch in "‘'" and (prev.isspace() or prev in "([:") and nxt.isalnum():
        return "single"
    return None


def _closing(text: str, i: int, end: int, kind: str) -> int | None:
    opener = text[i]
    for j in range(i + 1, end):
        ch = text[j]
        if kind == "double":
            if ch in CLOSE_DOUBLE or ch == '"' or (opener == "„" and ch == "“"):
                return j
            if ch in "“„«" and text[j - 1].isspace():
                return None  # a new quotation opens: the first one ran on unclosed
        elif ch in "’'" and text[j - 1] != " " and (j + 1 >= end or not text[j + 1].isalnum()):
            return j
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentence_start(text: str, para_start: int, pos: int, lex: Lexicon) -> int:
    """Where the sentence holding `pos` begins: after the last . ! ? that ends a sentence."""
    for match in reversed(list(re.finditer(r"[.!?][\"”’']?\s+", text[para_start:pos]))):
        at = para_start + match.start()
        word = re.search(r"(\w+)$", text[para_start:at])
        if word and (word.group(1).lower() in lex.abbreviations or len(word.group(1)) == 1):
            continue
        return para_start + match.end()
    return para_start


def _direct(
    text: str, spans: list[Span], paragraphs: list[tuple[int, int]], lex: Lexicon
) -> list[Draft]:
    drafts: list[Draft] = []
    previous: tuple[Span, int] | None = None  # the last quote and where its attribution ends
    for span in spans:
        para_start, para_end = paragraphs[span.para]
        sent = _sentence_start(text, para_start, span.open, lex)
        region = max(sent, previous[1] if previous and previous[0].para == span.para else sent)
        words = len(WORD.findall(text[span.start : span.end]))
        if _is_title(text, span, region, lex):
            continue
        after = after_attribution(text, span.close, para_end, lex) if span.closed else None
        before = before_attribution(text, region, span.open, lex, words)
        context = text[sent : span.open]
        if after is not None:
            draft = Draft(
                span.start, span.end, "direct", after[0], after[1], span.para, context=context
            )
            previous = (span, after[2])
        elif before is not None:
            draft = Draft(
                span.start, span.end, "direct", before[0], before[1], span.para, context=context
            )
            previous = (span, span.close)
        elif (span.open == region or not text[region : span.open].strip(" ,.")) and (
            words >= MIN_CONTINUATION_WORDS
        ):
            draft = Draft(span.start, span.end, "direct", None, None, span.para, follows=True)
            previous = (span, span.close)
        else:
            continue
        drafts.append(draft)
    return drafts


def _is_title(text: str, span: Span, region: int, lex: Lexicon) -> bool:
    """Films, programmes, operations, terms: the word before the mark says so, or Title Case."""
    before = WORD.findall(text[max(region, span.open - 40) : span.open])
    if before and before[-1].lower() in lex.title_markers:
        return True
    words = WORD.findall(text[span.start : span.end])
    return (
        1 < len(words) <= 6
        and all(is_capital(w) or w.lower() in lex.stops for w in words)
        and (not text[span.start : span.end].rstrip().endswith((",", ".", "!", "?")))
    )
