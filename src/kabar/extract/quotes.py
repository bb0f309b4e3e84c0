"""Quotes in a cleaned text: direct and indirect speech, who said it, and whether it denies."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kabar.extract.speakers import (
    WORD,
    Lexicon,
    Mention,
    Names,
    is_capital,
    load_lexicon,
    phrase_after,
    speaker_key,
    subject_before,
)
from kabar.model import Entity, Quote

__all__ = ["find_quotes", "speaker_key"]

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
MIN_CONTINUATION_WORDS = 3  # a sentence-opening quote this long with no cue is speech, not a term
MIN_INLINE_WORDS = 4  # a shorter quoted phrase inside a sentence needs a cue right before it
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


@dataclass(frozen=True, slots=True)
class Draft:
    """A quote before its speaker is resolved."""

    start: int
    end: int
    kind: str
    cue: str | None
    mention: Mention | None
    para: int
    follows: bool = False  # no speaker of its own: the one of the quote before (or after) it
    context: str = ""  # the words before the quote in its sentence, read for denials


def find_quotes(text: str, entities: Sequence[Entity] = (), lang: str = "id") -> tuple[Quote, ...]:
    """Every quote in a cleaned text (paragraphs split by "\\n"), sorted by start."""
    lex = load_lexicon(lang)
    original = text
    text = text.replace("''", ' "').replace("``", ' "')  # typewriter quotes, same length
    paragraphs = _paragraphs(text)
    spans = _quoted_spans(text, paragraphs, lex)
    drafts = _direct(text, spans, paragraphs, lex)
    drafts += _indirect(text, paragraphs, drafts, spans, lex)
    text = original
    drafts.sort(key=lambda d: d.start)
    return _resolve(text, drafts, Names(text, lex, entities), lex)


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
        after = _after_attribution(text, span, para_end, lex) if span.closed else None
        before = _before_attribution(text, sent, region, span, lex, words)
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


def _after_attribution(
    text: str, span: Span, para_end: int, lex: Lexicon
) -> tuple[str, Mention | None, int] | None:
    """ "“…,” kata Kim." / "“…,” ujarnya." / English "“…,” Trump said." """
    match = re.compile(r"[ \t]*[,.]?[ \t]*").match(text, span.close, para_end)
    pos = match.end() if match else span.close
    word = WORD.match(text, pos, para_end)
    if word is None:
        return None
    if lex.is_after_cue(word.group()):
        return _cue_and_speaker(text, word, lex)
    if lex.speaker_first:
        return _speaker_then_cue(text, pos, para_end, lex)
    return None


def _cue_and_speaker(
    text: str, word: re.Match[str], lex: Lexicon
) -> tuple[str, Mention | None, int] | None:
    cue = word.group()
    low = cue.lower()
    if lex.suffix and low.endswith(lex.suffix) and low[: -len(lex.suffix)] in lex.after:
        return cue, Mention(cue, word.start(), word.end(), suffix=True), word.end()
    mention = phrase_after(text, word.end(), lex)
    if mention is None:
        if low in lex.after and lex.suffix and low.endswith(lex.suffix):
            return cue, Mention(cue, word.start(), word.end(), suffix=True), word.end()
        return None
    if not (is_capital(mention.text) or _speakerish(mention.text, lex)):
        return None
    return cue, mention, mention.end


def _speakerish(phrase: str, lex: Lexicon) -> bool:
    first = phrase.split()[0].lower()
    return first in lex.pronouns or first in lex.descriptions or len(phrase.split()) >= 2


def _speaker_then_cue(
    text: str, pos: int, para_end: int, lex: Lexicon
) -> tuple[str, Mention | None, int] | None:
    words = list(WORD.finditer(text, pos, min(para_end, pos + 120)))
    for i, word in enumerate(words[:8]):
        if text[words[0].start() : word.start()].count(",") or "." in text[pos : word.start()]:
            return None
        if i and lex.is_after_cue(word.group()):
            while i > 1 and words[0].group().lower() in lex.openers:
                words = words[1:]
                i -= 1
            mention = Mention(
                text[words[0].start() : words[i - 1].end()], words[0].start(), words[i - 1].end()
            )
            return word.group(), mention, word.end()
    return None


def _before_attribution(
    text: str, sent: int, region: int, span: Span, lex: Lexicon, words: int
) -> tuple[str | None, Mention | None] | None:
    """ "Kim mengatakan, “…”" / "Kim: “…”" / "Tuduhan Seoul, kata pejabat itu, “…”"."""
    lead = text[region : span.open]
    if lead.rstrip().endswith(":"):
        colon = region + lead.rstrip().rfind(":")
        found = _last_cue(text, region, colon, lex)
        if found is not None:
            return found
        return None, subject_before(text, region, colon, lex)
    found = _last_cue(text, region, span.open, lex, inline_words=words)
    return found


def _last_cue(
    text: str, start: int, end: int, lex: Lexicon, inline_words: int = 99
) -> tuple[str | None, Mention | None] | None:
    tokens = list(WORD.finditer(text, start, end))
    for i in range(len(tokens) - 1, -1, -1):
        word = tokens[i]
        low = word.group().lower()
        gap = len(tokens) - i - 1
        close_enough = gap <= 12 and (inline_words >= MIN_INLINE_WORDS or gap <= 3)
        if not close_enough and not (tokens and tokens[-1].group().lower() in lex.inline):
            continue
        if lex.is_after_cue(low) and i and text[tokens[i - 1].end() : word.start()].strip() == ",":
            result = _cue_and_speaker(text, word, lex)
            if result is not None:
                return result[0], result[1]
        if low in lex.before or _claim_cue(tokens, i, lex):
            subject = subject_before(text, start, word.start(), lex)
            if subject is not None:
                return word.group(), subject
        according = _according(text, tokens, i, lex)
        if according is not None:
            return according
    return None


def _according(
    text: str, tokens: list[re.Match[str]], i: int, lex: Lexicon
) -> tuple[str, Mention | None] | None:
    word = tokens[i]
    low = word.group().lower()
    for phrase in lex.according:
        parts = phrase.split()
        if low == parts[-1] and i + 1 >= len(parts):
            first = tokens[i - len(parts) + 1]
            if text[first.start() : word.end()].lower() == phrase:
                return text[first.start() : word.end()], phrase_after(text, word.end(), lex)
    if lex.suffix and low.endswith(lex.suffix) and low[: -len(lex.suffix)] in lex.according:
        return word.group(), Mention(word.group(), word.start(), word.end(), suffix=True)
    return None


def _claim_cue(tokens: list[re.Match[str]], i: int, lex: Lexicon) -> bool:
    """ "menolak tuduhan …" speaks; "menolak rencana …" does not."""
    if tokens[i].group().lower() not in lex.needs_claim:
        return False
    following = [t.group().lower() for t in tokens[i + 1 : i + 3]]
    return any(word in lex.claim_nouns for word in following)


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
    for finder in (_reported_before_cue, _according_to, _cue_then_report):
        drafts = finder(text, start, end, para, lex)
        if drafts:
            return [
                d for d in drafts if len(WORD.findall(text[d.start : d.end])) >= MIN_INDIRECT_WORDS
            ]
    return []


def _reported_before_cue(text: str, start: int, end: int, para: int, lex: Lexicon) -> list[Draft]:
    """ "…, kata seorang pejabat senior presiden kepada wartawan." / "…, ujarnya." """
    for comma in re.finditer(r",\s+", text[start:end]):
        pos = start + comma.end()
        word = WORD.match(text, pos, end)
        if word is None:
            continue
        found: tuple[str, Mention | None, int] | None = None
        if lex.is_after_cue(word.group()):
            found = _cue_and_speaker(text, word, lex)
        elif lex.speaker_first:
            found = _speaker_then_cue(text, pos, end, lex)
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
        found = _according(text, tokens, i, lex)
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
        low = token.group().lower()
        if not (low in lex.before or _claim_cue(tokens, i, lex)) or i == 0:
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
    quotes: list[Quote] = []
    for number, draft in enumerate(drafts):
        mention = draft.mention
        speaker: str | None = None
        if mention is not None:
            speaker = names.resolve(mention, draft.start)
        elif draft.follows:
            speaker = _neighbour_speaker(quotes, drafts, number, names)
        names.said(draft.start, speaker)
        quotes.append(
            Quote(
                content=text[draft.start : draft.end],
                start=draft.start,
                end=draft.end,
                kind=draft.kind,
                cue=draft.cue,
                speaker=speaker,
                speaker_mention=mention.text if mention else None,
                denial=_denial(text, draft, lex),
                speaker_start=mention.start if mention else None,
                speaker_end=mention.end if mention else None,
            )
        )
    return tuple(quotes)


def _neighbour_speaker(
    quotes: list[Quote], drafts: list[Draft], number: int, names: Names
) -> str | None:
    """A quote with no cue continues the quote before it, or opens for the one right after."""
    draft = drafts[number]
    if number and drafts[number - 1].para >= draft.para - 2 and quotes[-1].speaker:
        return quotes[-1].speaker
    for later in drafts[number + 1 : number + 3]:
        if later.para <= draft.para + 1 and later.mention is not None and not later.mention.suffix:
            return names.resolve(later.mention, later.start)
    return quotes[-1].speaker if quotes else names.last(draft.start)


def _denial(text: str, draft: Draft, lex: Lexicon) -> bool:
    cue = (draft.cue or "").lower()
    if cue in lex.denial_cues:
        return True
    context = draft.context.lower()
    if cue in lex.reject or any(word in context.split() for word in lex.reject):
        return True
    words = f" {text[draft.start : draft.end].lower()} "
    return any(re.search(rf"\b{re.escape(p)}\b", words) for p in lex.denial_phrases) or any(
        word in context.split() for word in lex.denial_cues
    )
