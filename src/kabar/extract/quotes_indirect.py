"""Indirect quotes: reported speech ("X mengatakan bahwa …", "…, kata X") in unquoted sentences."""

from __future__ import annotations

import re

from kabar.extract.names import Draft
from kabar.extract.quotes_direct import Span, _trim
from kabar.extract.speakers import (
    according,
    cue_and_speaker,
    speaker_then_cue,
    speech_verb,
    subject_before,
)
from kabar.extract.speech import WORD, Lexicon, Mention, is_capital

MIN_INDIRECT_WORDS = 3


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
