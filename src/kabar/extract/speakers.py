"""Who said it: speaker phrases by speech cues, titles stripped, names and pronouns resolved."""

from __future__ import annotations

import re

from kabar.extract.speech import WORD, Lexicon, Mention, is_capital, words_in

MIN_INLINE_WORDS = 4  # a shorter quoted phrase inside a sentence needs a cue right before it


def phrase_after(text: str, pos: int, lex: Lexicon, limit: int = 12) -> Mention | None:
    """The speaker phrase that follows a cue: "kata Wakil Penasihat … Kim Tae-hyo dalam …"."""
    spans: list[tuple[int, int]] = []
    cursor = pos = _past_possessed(text, pos, lex)
    for match in WORD.finditer(text, pos, min(len(text), pos + 200)):
        gap = text[cursor : match.start()]
        if spans and gap.strip() and gap.strip() not in (".", "-"):
            break
        word = match.group()
        low = word.lower()
        if spans and (low in lex.stops or _verb_like(low, lex) or low in lex.that):
            break
        verb = _verb_like(low, lex) and not is_capital(word)
        if not spans and (low in lex.stops or verb) and low not in lex.pronouns:
            return None  # "akunya menyoal lagu …": no speaker phrase follows
        spans.append(match.span())
        cursor = match.end()
        if low in lex.pronouns or len(spans) >= limit or "\n" in gap:
            break
        if match.end() < len(text) and text[match.end()] == "." and not _abbreviation(word, lex):
            break
    if not spans:
        return None
    start, end = spans[0][0], spans[-1][1]
    if text[end : end + 1] == "." and _abbreviation(text[spans[-1][0] : end], lex):
        end += 1
    mention = Mention(text[start:end], start, end)
    return _name_after_comma(text, mention, lex) or mention


def _past_possessed(text: str, pos: int, lex: Lexicon) -> int:
    """ "bunyi pernyataan PBVSI", "tulis akun @x": the speaker owns the noun after the cue."""
    match = re.match(r"\s*(\w+)\s+(?=[A-Z@])", text[pos : pos + 40])
    if match and match.group(1).lower() in lex.possessed:
        return pos + match.end()
    return pos


def _abbreviation(word: str, lex: Lexicon) -> bool:
    return word.lower() in lex.abbreviations or (len(word) == 1 and word.isupper())


def _name_after_comma(text: str, mention: Mention, lex: Lexicon) -> Mention | None:
    """ "kata Anggota Komisi IX DPR RI, Edy Wuryanto" names Edy Wuryanto, not the title."""
    if text[mention.end : mention.end + 2] != ", ":
        return None
    tokens = WORD.findall(mention.text)
    if not tokens or (tokens[0].lower() not in lex.titles and is_capital(tokens[0])):
        return None
    if tokens[0].lower() in lex.pronouns or tokens[0].lower() in lex.descriptions:
        return None
    names: list[tuple[int, int]] = []
    for match in WORD.finditer(text, mention.end + 2, min(len(text), mention.end + 80)):
        gap = text[(names[-1][1] if names else mention.end + 2) : match.start()]
        if gap.strip() or not is_capital(match.group()):
            break
        names.append(match.span())
    rest = text[names[-1][1] : names[-1][1] + 2] if names else ""
    if not names or not (rest[:1] in (",", ".", "") or rest == "\n" or rest[:1] == " "):
        return None
    return Mention(text[names[0][0] : names[-1][1]], names[0][0], names[-1][1])


def subject_before(text: str, start: int, cue: int, lex: Lexicon) -> Mention | None:
    """The subject of the clause whose verb starts at `cue`: "Para pejabat di Seoul mengatakan"."""
    region = _clause(text, start, cue, lex)
    if region is None:
        return None
    seg_start, seg_end = _segment(text, region[0], region[1], lex)
    spans = words_in(text, seg_start, seg_end)
    kept: list[tuple[int, int]] = []
    for i, (w_start, w_end) in enumerate(spans):
        low = text[w_start:w_end].lower()
        verb = _verb_like(low, lex) and not is_capital(text[w_start:w_end])
        if i and (low in lex.subject_stops or verb):
            break
        kept.append((w_start, w_end))
    while len(kept) > 1 and text[kept[0][0] : kept[0][1]].lower() in lex.openers:
        if is_capital(text[kept[1][0] : kept[1][1]]) and text[kept[0][1]] != ",":
            break  # "Lalu Hadrian Irfani" is a name, "Lalu, Kim" and "Lalu pihaknya" are not
        kept = kept[1:]
    if not kept or _verb_like(text[kept[0][0] : kept[0][1]].lower(), lex):
        # "Rusia belum … namun membela …, dengan mengatakan": the subject is the earlier clause's
        return subject_before(text, start, region[0] - 1, lex) if region[0] > start + 1 else None
    end = kept[-1][1]
    if text[end : end + 1] == ")":
        end += 1
    return Mention(text[kept[0][0] : end], kept[0][0], end)


def _clause(text: str, start: int, cue: int, lex: Lexicon) -> tuple[int, int] | None:
    """The stretch before a cue that belongs to its clause (after "setelah", "namun", …)."""
    spans = words_in(text, start, cue)
    if not spans:
        return None
    before = text[spans[-1][0] : spans[-1][1]].lower()
    if before in ("yang", "untuk", "akan", "dapat", "bisa", "ingin", "agar", "to", "who", "would"):
        return None
    for i in range(len(spans) - 1, -1, -1):
        low = text[spans[i][0] : spans[i][1]].lower()
        if low in lex.boundaries and i + 1 < len(spans) and _lower_start(text, spans, i + 1):
            rest = [text[a:b].lower() for a, b in spans[i + 1 :]]
            if all(word in lex.subject_stops for word in rest):
                continue  # "Lalu juga meminta": no subject after it, so it is the subject
            if not text[spans[i][1] : cue].strip(" ,"):
                return _clause(text, start, spans[i][0], lex) if i else None
            return spans[i][1], cue
    return start, cue


def _lower_start(text: str, spans: list[tuple[int, int]], i: int) -> bool:
    """A boundary word counts unless it joins names ("Kelautan dan Perikanan")."""
    prev = text[spans[i - 2][0] : spans[i - 2][1]] if i >= 2 else ""
    nxt = text[spans[i][0] : spans[i][1]]
    return not (is_capital(prev) and is_capital(nxt))


def _segment(text: str, start: int, end: int, lex: Lexicon) -> tuple[int, int]:
    """Of the comma-separated parts before a verb, the one that is its subject."""
    parts: list[tuple[int, int]] = []
    depth, cursor = 0, start
    for i in range(start, end):
        ch = text[i]
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth <= 0:
            parts.append((cursor, i))
            cursor = i + 1
    parts.append((cursor, end))
    parts = [(a, b) for a, b in parts if text[a:b].strip()]
    opened = [p for p in parts if not _opens(text[p[0] : p[1]], lex)]
    parts = opened or parts[-1:]
    if not parts:
        return start, end
    # "Rujit Kuswinoto, ahli forensik, mengungkapkan": the name, not the apposition after it
    if text[start:end].rstrip().endswith(",") and len(parts) > 1:
        first = text[parts[0][0] : parts[0][1]].split()
        if first[0].lower() in lex.titles and is_capital(text[parts[1][0] : parts[1][1]].strip()):
            return parts[1]  # "Ketua Panitia, Bryan Arsaha, mengatakan"
        return parts[0]
    return parts[-1]


def _opens(part: str, lex: Lexicon) -> bool:
    words = part.strip().lower().split()
    return bool(words) and (words[0] in lex.openers or " ".join(words[:2]) in lex.openers)


def _verb_like(low: str, lex: Lexicon) -> bool:
    if low in lex.before or low in lex.after:
        return True
    prefixed = bool(lex.verb_prefixes) and low.startswith(lex.verb_prefixes)
    return len(low) > 5 and prefixed and low not in lex.titles


def after_attribution(
    text: str, close: int, para_end: int, lex: Lexicon
) -> tuple[str, Mention | None, int] | None:
    """ "“…,” kata Kim." / "“…,” ujarnya." / English "“…,” Trump said." """
    match = re.compile(r"[ \t]*[,.]?[ \t]*").match(text, close, para_end)
    pos = match.end() if match else close
    word = WORD.match(text, pos, para_end)
    if word is None:
        return None
    if lex.is_after_cue(word.group()):
        return cue_and_speaker(text, word, lex)
    if lex.speaker_first:
        return speaker_then_cue(text, pos, para_end, lex)
    return None


def cue_and_speaker(
    text: str, word: re.Match[str], lex: Lexicon
) -> tuple[str, Mention | None, int] | None:
    cue = word.group()
    low = cue.lower()
    if low in lex.needs_possessed and _past_possessed(text, word.end(), lex) == word.end():
        return None
    if lex.suffix and low.endswith(lex.suffix) and low[: -len(lex.suffix)] in lex.after:
        return cue, Mention(cue, word.start(), word.end(), suffix=True), word.end()
    mention = phrase_after(text, word.end(), lex)
    suffixed = low in lex.after and bool(lex.suffix) and low.endswith(lex.suffix)
    if suffixed and (mention is None or not is_capital(mention.text)):  # "akunya", "katanya Kim"
        return cue, Mention(cue, word.start(), word.end(), suffix=True), word.end()
    if mention is None:
        return None
    if not (is_capital(mention.text) or speakerish(mention.text, lex)):
        return None
    return cue, mention, mention.end


def speakerish(phrase: str, lex: Lexicon) -> bool:
    first = phrase.split()[0].lower()
    return first in lex.pronouns or first in lex.descriptions or len(phrase.split()) >= 2


def speaker_then_cue(
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


def before_attribution(
    text: str, region: int, opening: int, lex: Lexicon, words: int
) -> tuple[str | None, Mention | None] | None:
    """ "Kim mengatakan, “…”" / "Kim: “…”" / "Tuduhan Seoul, kata pejabat itu, “…”"."""
    lead = text[region:opening]
    if lead.rstrip().endswith(":"):
        colon = region + lead.rstrip().rfind(":")
        found = _last_cue(text, region, colon, lex)
        if found is not None:
            return found
        return None, subject_before(text, region, colon, lex)
    return _last_cue(text, region, opening, lex, inline_words=words)


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
            result = cue_and_speaker(text, word, lex)
            if result is not None:
                return result[0], result[1]
        if speech_verb(tokens, i, lex):
            subject = subject_before(text, start, word.start(), lex)
            if subject is not None:
                return word.group(), subject
        found = according(text, tokens, i, lex)
        if found is not None:
            return found
    return None


def according(
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


def speech_verb(tokens: list[re.Match[str]], i: int, lex: Lexicon) -> bool:
    """A verb that reports speech here: not negated ("belum mengonfirmasi"), and "melaporkan"
    only before "bahwa" ("melaporkan Budi Arie ke polisi" reports no words)."""
    low = tokens[i].group().lower()
    if not (low in lex.before or _claim_cue(tokens, i, lex)):
        return False
    if i and tokens[i - 1].group().lower() in lex.negations:
        return False
    following = [t.group().lower() for t in tokens[i + 1 : i + 6]]
    if following and following[0] in lex.object_nouns:
        return False
    marks = lex.that | lex.clause_marks
    return low not in lex.needs_that or any(word in marks for word in following)


def _claim_cue(tokens: list[re.Match[str]], i: int, lex: Lexicon) -> bool:
    """ "menolak tuduhan …" speaks; "menolak rencana …" does not."""
    if tokens[i].group().lower() not in lex.needs_claim:
        return False
    following = [t.group().lower() for t in tokens[i + 1 : i + 3]]
    return any(word in lex.claim_nouns for word in following)
