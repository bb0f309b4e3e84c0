"""Quotes in a cleaned text: direct and indirect speech, who said it, and whether it denies."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from kabar.extract.names import Draft, Names, speaker_key, speakers_of
from kabar.extract.speakers import (
    WORD,
    Lexicon,
    Mention,
    according,
    after_attribution,
    before_attribution,
    cue_and_speaker,
    is_capital,
    load_lexicon,
    speaker_then_cue,
    speech_verb,
    subject_before,
)
from kabar.model import Entity, Quote

__all__ = ["find_quotes", "speaker_key"]

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
_MARK = re.compile("[“„«\"”‘']")
MIN_CONTINUATION_WORDS = 3  # a sentence-opening quote this long with no cue is speech, not a term
MIN_INDIRECT_WORDS = 3


@dataclass(frozen=True, slots=True)
class Span:
    """One stretch between quotation marks; `close` is where the text after the marks resumes."""

    start: int  # content
    end: int
    open: int  # the opening mark
    close: int
    para: int  # paragraph number
    closed: bool


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


def _indirect(
    text: str,
    paragraphs: list[tuple[int, int]],
    drafts: list[Draft],
    spans: list[Span],
    lex: Lexicon,
) -> list[Draft]:
    """Reported speech in sentences that no direct quote already took."""
    taken = [(d.start, d.end) for d in drafts]
    quoted = [(s.open, s.close) for s in spans]
    found: list[Draft] = []
    for number, (start, end) in enumerate(paragraphs):
        for s_start, s_end in _sentences(text, start, end, quoted, lex):
            for draft in _indirect_in(text, s_start, s_end, number, lex):
                if not any(a < draft.end and draft.start < b for a, b in taken):
                    found.append(draft)
    return found


def _sentences(
    text: str, start: int, end: int, quoted: list[tuple[int, int]], lex: Lexicon
) -> list[tuple[int, int]]:
    found, cursor = [], start
    for match in re.finditer(r"[.!?]+[\"”’']?\s+(?=[\"“‘'(\w])", text[start:end]):
        at = start + match.start()
        if any(a < at < b for a, b in quoted):
            continue
        word = re.search(r"(\w+)$", text[cursor:at])
        if word and (word.group(1).lower() in lex.abbreviations or len(word.group(1)) == 1):
            continue
        nxt = text[start + match.end() : start + match.end() + 1]
        if nxt.islower():
            continue
        found.append((cursor, start + match.end()))
        cursor = start + match.end()
    if cursor < end:
        found.append((cursor, end))
    return found


def _indirect_in(text: str, start: int, end: int, para: int, lex: Lexicon) -> list[Draft]:
    """At most a pair of reported clauses in one sentence, tried from the most specific form."""
    end = _trim(text, start, end)[1]
    while end > start and text[end - 1] in ".!?":
        end -= 1
    if any(ch in text[start:end] for ch in '“”"'):
        return []
    denied, end = _denial_noun(text, start, end, para, lex)
    for finder in (_reported_before_cue, _according_to, _cue_then_report):
        drafts = finder(text, start, end, para, lex)
        if drafts:
            break
    return [
        d
        for d in [*drafts, *denied]
        if len(WORD.findall(text[d.start : d.end])) >= MIN_INDIRECT_WORDS
    ]


def _denial_noun(
    text: str, start: int, end: int, para: int, lex: Lexicon
) -> tuple[list[Draft], int]:
    """ "… meskipun ada penolakan dari Pyongyang bahwa negara tersebut telah mengirim …": a
    denial reported with a noun; the sentence before its clause is left to the other finders."""
    tokens = list(WORD.finditer(text, start, end))
    for i, token in enumerate(tokens):
        if token.group().lower() not in lex.denial_nouns:
            continue
        j = i + 1 + (i + 1 < len(tokens) and tokens[i + 1].group().lower() in ("dari", "oleh"))
        that = next(
            (k for k in range(j, min(j + 6, len(tokens))) if tokens[k].group() == "bahwa"), 0
        )
        if j >= len(tokens) or not that or not is_capital(tokens[j].group()):
            continue
        mention = Mention(
            text[tokens[j].start() : tokens[that - 1].end()],
            tokens[j].start(),
            tokens[that - 1].end(),
        )
        cut = next(
            (t.start() for t in reversed(tokens[:i]) if t.group().lower() in lex.boundaries),
            token.start(),
        )
        c_start = _trim(text, tokens[that].end(), end)[0]
        context = text[start:c_start]
        return [Draft(c_start, end, "indirect", token.group(), mention, para, context=context)], cut
    return [], end


def _reported_before_cue(text: str, start: int, end: int, para: int, lex: Lexicon) -> list[Draft]:
    """ "…, kata seorang pejabat senior presiden kepada wartawan." / "…, ujarnya." """
    for comma in re.finditer(r",\s+", text[start:end]):
        pos = start + comma.end()
        word = WORD.match(text, pos, end)
        if word is None:
            continue
        found: tuple[str, Mention | None, int] | None = None
        if lex.is_after_cue(word.group()):
            found = cue_and_speaker(text, word, lex)
        elif lex.speaker_first:
            found = speaker_then_cue(text, pos, end, lex)
        if found is None:
            continue
        cue, mention, attr_end = found
        c_start, c_end = _trim(text, start, start + comma.start())
        if len(WORD.findall(text[attr_end:end])) >= MIN_INDIRECT_WORDS:
            c_end = end  # "A, kata X, B": the statement runs on both sides of its cue
        c_start = _skip_opener(text, c_start, c_end, lex)
        context = text[start:c_start] + " " + cue
        return [Draft(c_start, c_end, "indirect", cue, mention, para, context=context)]
    return []


def _skip_opener(text: str, start: int, end: int, lex: Lexicon) -> int:
    """ "Namun, …" -> "…": a connective before the clause is not part of what was said."""
    match = re.match(r"(\w+(?: \w+)?),\s+", text[start:end])
    if match and (match.group(1).lower() in lex.openers):
        return start + match.end()
    return start


def _according_to(text: str, start: int, end: int, para: int, lex: Lexicon) -> list[Draft]:
    """ "Menurut Kim, Korut telah mengirim …" / "…, menurut Kim." / "Menurutnya, …" """
    tokens = list(WORD.finditer(text, start, end))
    for i in range(len(tokens)):
        found = according(text, tokens, i, lex)
        if found is None:
            continue
        cue, mention = found
        cue_start = tokens[i].start() - len(cue) + len(tokens[i].group())
        after = mention.end if mention and not mention.suffix else tokens[i].end()
        comma = text.find(",", after, end)
        head = text[start:cue_start].strip()
        if not head or (head.endswith(",") and _opens_only(head, lex)):
            if comma < 0:
                return []
            c_start, c_end = _trim(text, comma + 1, end)
        elif head.endswith(","):
            c_start, c_end = _trim(text, start, start + text[start:cue_start].rfind(","))
        else:
            return []
        return [Draft(c_start, c_end, "indirect", cue, mention, para, context=text[start:c_start])]
    return []


def _opens_only(head: str, lex: Lexicon) -> bool:
    words = head.rstrip(",").strip().lower()
    return words in lex.openers


def _cue_then_report(text: str, start: int, end: int, para: int, lex: Lexicon) -> list[Draft]:
    """ "NSC mengatakan perkembangan tersebut …" / "… mengatakan pada hari Selasa bahwa …" """
    tokens = list(WORD.finditer(text, start, end))
    for i, token in enumerate(tokens):
        if not speech_verb(tokens, i, lex) or i == 0:
            continue
        subject = subject_before(text, start, token.start(), lex)
        if subject is None:
            continue
        c_start = _report_start(text, tokens, i, lex)
        if c_start is None:
            continue
        drafts = []
        for a, b in _split_added(text, c_start, end, lex):
            context = text[start:a]
            drafts.append(Draft(a, b, "indirect", token.group(), subject, para, context=context))
        return drafts
    return []


def _report_start(text: str, tokens: list[re.Match[str]], i: int, lex: Lexicon) -> int | None:
    """Where the reported clause begins: after "bahwa" when it comes soon, else after the cue."""
    for j in range(i + 1, min(len(tokens), i + 10)):
        low = tokens[j].group().lower()
        if low in lex.that and (low == "bahwa" or low == "that" or j == i + 1):
            return _trim(text, tokens[j].end(), len(text))[0]
    if i + 1 >= len(tokens):
        return None
    start = tokens[i].end()
    while start < len(text) and text[start] in " ,:":
        start += 1
    return start


def _split_added(text: str, start: int, end: int, lex: Lexicon) -> list[tuple[int, int]]:
    """ "…, dan menambahkan bahwa …" is a second reported clause of the same speaker."""
    matches = re.finditer(r",?\s+(?:dan|serta|and)\s+(\w+)\s+", text[start:end])
    match = next((m for m in matches if m.group(1).lower() in lex.before), None)
    if match is None:
        return [(start, end)]
    first_end = start + match.start()
    tokens = list(WORD.finditer(text, start + match.start(1), end))
    second = _report_start(text, tokens, 0, lex)
    if second is None or second >= end:
        return [(start, first_end)]
    return [(start, first_end), (second, end)]


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
