"""Take boilerplate out of news bodies, recording every removal, dateline and attribution.

The rules are data (``kabar/lang/<code>/boilerplate.toml``); this module only applies them.

How ``clean_text`` works, and what the offsets mean:

1. ``normalise_text`` makes the *normalised text*: line breaks become ``\\n``; invisible
   characters (zero-width spaces, soft hyphens, direction marks, BOM) are dropped; every other
   whitespace run inside a line (NBSP included) becomes one space; lines are trimmed; three or
   more line breaks become two; the ends are trimmed.
2. Rules find spans of the normalised text to remove. Every ``Removal.start``/``Removal.end`` is
   an offset into the normalised text, so ``normalise_text(raw)[r.start:r.end] == r.text``.
   Spans never overlap; the first rule to claim text keeps it. Order: the rules that apply
   anywhere (in file order), then trailers peeled off from the end, then the opening (bylines
   and datelines, also under a few short heading lines).
3. The kept text is reassembled: empty lines are dropped (paragraphs are separated by one
   ``\\n``), and lines the scraper split inside a sentence are joined again (a line that does not
   end a sentence, followed by one that starts in lower case, with closing punctuation, or is a
   short fragment after a long unfinished line). Only whitespace changes in this step, so the
   cleaned text equals the normalised text minus the removals, up to whitespace.
4. Attribution phrases inside sentences ("dikutip dari Antara") are read from the cleaned text
   and recorded without being removed.

Cleaning is idempotent: ``clean_text(clean_text(x).text).text == clean_text(x).text``.
"""

from __future__ import annotations

import functools
import itertools
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from kabar.errors import KabarError
from kabar.model import Attribution, CleanedText, Dateline, Removal

__all__ = ["CleaningRules", "Rule", "clean_text", "load_rules", "normalise_text"]

_ACTIONS = {
    "start": frozenset({"dateline", "remove"}),
    "anywhere": frozenset({"remove", "attribute", "related"}),
    "end": frozenset({"remove", "attribute", "tags"}),
    "inline": frozenset({"record"}),
}
_FRAGMENT = re.compile(r"<<([A-Z_]+)>>")
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029\x85]")
_SPACE_RUN = re.compile(r"[^\S\n]+")
_BLANK_RUN = re.compile(r"\n{3,}")
_SENTENCE_END = re.compile(r"[.!?…:;][\"”’')\]]*$")
_ENUMERATOR = re.compile(r"\(\w{1,3}\)")  # "(1)", "(a)", "(iv)" open a list item
_LIST_ITEM = re.compile(r"(?:[-•*–]\s|\d{1,2}[.)]\s|[A-Za-z][.)]\s)")
# Where a scraper glued two texts together: "KorutKorea", "Kemenangan!\"Dia", "DOGETak".
_GLUE = re.compile(r"(?<=[a-z0-9?!.…\"”’')+])(?=[\"“]?[A-Z])|(?<=[A-Z])(?=[A-Z][a-z]{2,})")
_FIRST_STOP = re.compile(r"[.!?…][\"”’')\]]*(?=\s|[A-Z\"“]|$)")
_HEADING_LINES = 10  # how many heading lines (a title, a table of contents) may top a dateline
_OPENERS = "\"“‘'(["
_CLOSERS = ",.;:!?)]}”’%"


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled rule from boilerplate.toml."""

    id: str
    reason: str
    where: str
    action: str
    pattern: re.Pattern[str]
    kind: str | None = None
    after: re.Pattern[str] | None = None
    needles: tuple[str, ...] = ()  # one must occur in the lower-cased body, or the rule is skipped
    under_headings: bool = False  # a start rule that may match below short heading lines

    def may_match(self, lowered: str) -> bool:
        return not self.needles or any(needle in lowered for needle in self.needles)


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


@dataclass(frozen=True, slots=True)
class JoinParams:
    """When two lines are one sentence split by the scraper."""

    max_fragment_words: int = 4
    min_sentence_words: int = 5


@dataclass(frozen=True, slots=True)
class CleaningRules:
    """All compiled rules of one language, grouped by where they apply."""

    lang: str
    start: tuple[Rule, ...]
    anywhere: tuple[Rule, ...]
    end: tuple[Rule, ...]
    inline: tuple[Rule, ...]
    related: RelatedParams = RelatedParams()
    join: JoinParams = JoinParams()
    max_value_words: int = 8


def load_rules(lang: str = "id") -> CleaningRules:
    """Read and compile ``kabar/lang/<lang>/boilerplate.toml`` (cached per language)."""
    if not re.fullmatch(r"[a-z]{2,3}", lang):
        raise KabarError(f"boilerplate rules: bad language code {lang!r} (want e.g. 'id')")
    return _load_rules(lang)


@functools.cache
def _load_rules(lang: str) -> CleaningRules:
    source = resources.files(f"kabar.lang.{lang}").joinpath("boilerplate.toml")
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    fragments: dict[str, str] = data.get("fragments", {})
    rules = [_compile_rule(entry, fragments) for entry in data.get("rule", [])]
    return CleaningRules(
        lang=lang,
        start=tuple(r for r in rules if r.where == "start"),
        anywhere=tuple(r for r in rules if r.where == "anywhere"),
        end=tuple(r for r in rules if r.where == "end"),
        inline=tuple(r for r in rules if r.where == "inline"),
        related=_related_params(data.get("related", {})),
        join=JoinParams(**data.get("join", {})),
        max_value_words=int(data.get("attribution", {}).get("max_value_words", 8)),
    )


def _related_params(table: dict[str, Any]) -> RelatedParams:
    openers = frozenset(table.pop("sentence_openers", ()))
    return RelatedParams(**table, sentence_openers=openers)


def _compile_rule(entry: dict[str, Any], fragments: dict[str, str]) -> Rule:
    rule_id = str(entry.get("id", "?"))
    where, action = entry.get("where"), entry.get("action")
    if where not in _ACTIONS or action not in _ACTIONS[where]:
        raise KabarError(f"boilerplate rule {rule_id}: bad where/action {where!r}/{action!r}")
    if action in {"attribute", "record"} and not entry.get("kind"):
        raise KabarError(f"boilerplate rule {rule_id}: action {action!r} needs a kind")
    after = entry.get("after")
    return Rule(
        id=rule_id,
        reason=str(entry.get("reason", rule_id)),
        where=where,
        action=action,
        pattern=_compile(rule_id, entry.get("pattern", ""), fragments),
        kind=entry.get("kind"),
        after=_compile(rule_id, after, fragments) if after else None,
        needles=tuple(str(n).lower() for n in entry.get("needles", ())),
        under_headings=bool(entry.get("under_headings", False)),
    )


def _compile(rule_id: str, pattern: str, fragments: dict[str, str]) -> re.Pattern[str]:
    def expand(match: re.Match[str]) -> str:
        if match.group(1) not in fragments:
            raise KabarError(f"boilerplate rule {rule_id}: unknown fragment {match.group(0)}")
        return fragments[match.group(1)]

    try:
        return re.compile(_FRAGMENT.sub(expand, pattern), re.MULTILINE)
    except re.error as exc:
        raise KabarError(f"boilerplate rule {rule_id}: bad pattern ({exc})") from exc


def normalise_text(text: str) -> str:
    """Whitespace-normalise a body; the offsets of every Removal refer to this text."""
    text = _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", text))
    text = "\n".join(line.strip() for line in _SPACE_RUN.sub(" ", text).split("\n"))
    return _BLANK_RUN.sub("\n\n", text).strip()


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    rule: Rule
    sep: str  # what replaces the span when it sits inside a line: "", " " or "\n"


@dataclass(slots=True)
class _Work:
    """The normalised text and what has been claimed of it so far."""

    text: str
    mask: bytearray
    found: list[_Found] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        return start < end and self.mask.find(1, start, end) == -1

    def take(self, start: int, end: int, rule: Rule, sep: str = " ") -> None:
        inside_line = (
            start > 0
            and self.text[start - 1] != "\n"
            and end < len(self.text)
            and self.text[end] != "\n"
        )
        self.mask[start:end] = b"\x01" * (end - start)
        self.found.append(_Found(start, end, rule, sep if inside_line else ""))


def clean_text(text: str, rules: CleaningRules | None = None) -> CleanedText:
    """Clean one body: remove boilerplate, datelines and source lines, and say what went."""
    rules = rules or load_rules()
    norm = normalise_text(text)
    work = _Work(norm, bytearray(len(norm)))
    lowered = norm.lower()
    for rule in rules.anywhere:
        if not rule.may_match(lowered):
            continue
        if rule.action == "related":
            _take_related(work, rule, rules.related)
        else:
            _take_matches(work, rule, rules.max_value_words)
    _take_trailers(work, rules)
    dateline = _take_datelines(work, rules.start)
    cleaned = _assemble(work, rules.join)
    attributions = work.attributions + _read_citations(cleaned, rules)
    removals = tuple(
        Removal(f.rule.id, f.rule.reason, norm[f.start : f.end], f.start, f.end)
        for f in sorted(work.found, key=lambda f: f.start)
    )
    return CleanedText(cleaned, dateline, tuple(dict.fromkeys(attributions)), removals)


def _take_matches(work: _Work, rule: Rule, max_value_words: int) -> None:
    for match in rule.pattern.finditer(work.text):
        start, end = match.span()
        if not work.free(start, end):
            continue
        if rule.action == "attribute":
            found = _attributions(match, rule, max_value_words)
            if not found:
                continue
            work.attributions.extend(found)
        work.take(start, end, rule)


def _attributions(match: re.Match[str], rule: Rule, max_words: int) -> list[Attribution]:
    """The values a source line names; none when one looks like a sentence, not a name."""
    values = [" ".join(v.split()).rstrip(".,;:") for v in match.group("value").split("\n")]
    if not all(values) or any(len(v.split()) > max_words for v in values):
        return []
    return [Attribution(rule.kind or "", v, " ".join(match.group().split())) for v in values]


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end == -1 else end


def _take_related(work: _Work, rule: Rule, params: RelatedParams) -> None:
    text = work.text
    for match in rule.pattern.finditer(text):
        start, marker_end = match.span()
        line_end = _line_end(text, marker_end)
        taken = work.mask.find(1, marker_end, line_end)
        line_end = line_end if taken == -1 else taken
        if text[marker_end:line_end].strip():
            end = _glue_cut(text, marker_end, line_end, params)
        else:
            loose = ":" in match.group()
            end = _title_lines(work, line_end, params, loose)
        if work.free(start, end):
            work.take(start, end, rule, sep="\n")


def _title_lines(work: _Work, pos: int, params: RelatedParams, loose: bool) -> int:
    """End of the related-article titles listed on the lines after a bare marker."""
    text, end = work.text, pos
    # After "Baca juga:" comes one title; a bare "Baca Juga" heads a list of them.
    for count in range(1 if loose else params.max_title_lines):
        if end >= len(text) or text[end] != "\n":
            break
        line_start = end + 1
        line_end = _line_end(text, line_start)
        line = text[line_start:line_end]
        if not work.free(line_start, line_end) or not _is_title(line, params, count, loose):
            break
        after = text[line_end + 1 : line_end + 2]
        if after.islower() or (after and after in _CLOSERS):
            break  # the line runs on into a sentence: split text, not a title
        end = _glue_cut(text, line_start, line_end, params)
        if end < line_end:
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
    if line[0].islower() or line[0] in _OPENERS + "-•*" or _LIST_ITEM.match(line):
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
    return any(lower) and _SENTENCE_END.search(text.rstrip()) is not None


def _is_sentence_tail(tail: str, params: RelatedParams) -> bool:
    """Enough words, and at least one sentence that ends."""
    words = tail.split()
    ends = _SENTENCE_END.search(tail.rstrip()) or _FIRST_STOP.search(tail)
    return len(words) >= params.min_glued_words and ends is not None


def _has_kept(work: _Work, start: int, end: int) -> bool:
    text, mask = work.text, work.mask
    return any(not mask[i] and not text[i].isspace() for i in range(start, end))


def _line_above(work: _Work, pos: int) -> tuple[int, int] | None:
    """The kept part of the nearest line ending before ``pos`` that still has kept text.

    None when that line's kept text is broken up by a removal inside it.
    """
    text, mask = work.text, work.mask
    while pos > 0:
        start = text.rfind("\n", 0, pos) + 1
        if _has_kept(work, start, pos):
            kept = [i for i in range(start, pos) if not mask[i] and not text[i].isspace()]
            first, last = kept[0], kept[-1] + 1
            return (first, last) if work.free(first, last) else None
        pos = start - 1
    return None


def _take_trailers(work: _Work, rules: CleaningRules) -> None:
    while (span := _line_above(work, len(work.text))) is not None:
        if not any(_take_trailer(work, rule, span, rules) for rule in rules.end):
            return


def _take_trailer(work: _Work, rule: Rule, span: tuple[int, int], rules: CleaningRules) -> bool:
    if rule.action == "tags":
        return _take_tags(work, rule, span)
    match = rule.pattern.fullmatch(work.text, *span)
    if match is None:
        return False
    if rule.action == "attribute":
        found = _attributions(match, rule, rules.max_value_words)
        if not found:
            return False
        work.attributions.extend(found)
    work.take(*span, rule)
    return True


def _take_tags(work: _Work, rule: Rule, last: tuple[int, int]) -> bool:
    """Remove a run of tag lines at the end when the line above the run is a trailer line."""
    run: list[tuple[int, int]] = []
    span: tuple[int, int] | None = last
    while span is not None and rule.pattern.fullmatch(work.text, *span):
        run.append(span)
        span = _line_above(work, span[0] - 1)
    if not run or span is None or rule.after is None:
        return False
    if not rule.after.fullmatch(work.text, *span):
        return False
    for start, end in run:
        work.take(start, end, rule)
    return True


def _first_content(work: _Work) -> int | None:
    pos = work.mask.find(0)
    while pos != -1 and pos < len(work.text) and work.text[pos].isspace():
        pos = work.mask.find(0, pos + 1)
    return None if pos == -1 or pos >= len(work.text) else pos


def _take_datelines(work: _Work, rules: tuple[Rule, ...]) -> Dateline | None:
    """Remove what the body opens with (bylines, datelines); return the first dateline.

    The dateline may sit under a few short heading lines (a title, a caption, a table of
    contents); those lines are kept.
    """
    dateline: Dateline | None = None
    for _ in range(4):
        found = None
        pos = _first_content(work)
        candidates = rules
        for _line in range(_HEADING_LINES + 1):
            if pos is None or pos >= len(work.text):
                break
            found = _take_start(work, candidates, pos)
            if found is not None or dateline is not None or not _is_heading(work, pos):
                break
            pos = _line_end(work.text, pos) + 1
            candidates = tuple(rule for rule in rules if rule.under_headings)
        if found is None:
            break
        dateline = dateline or (found if isinstance(found, Dateline) else None)
    return dateline


def _is_heading(work: _Work, pos: int) -> bool:
    """A short line that does not end a sentence (a title, caption or contents entry)."""
    line = work.text[pos : _line_end(work.text, pos)]
    return len(line.split()) <= 15 and not re.search(r"[.!?][\"”’')]*$", line)


def _take_start(work: _Work, rules: tuple[Rule, ...], pos: int) -> Dateline | bool | None:
    for rule in rules:
        match = rule.pattern.match(work.text, pos)
        if match is None or not work.free(pos, match.end()):
            continue
        work.take(pos, match.end(), rule)
        if rule.action != "dateline":
            return True
        groups = match.groupdict()
        place, outlet = groups.get("place"), groups.get("outlet")
        return Dateline(_place_name(place), outlet, " ".join(match.group().split()))
    return None


def _place_name(place: str | None) -> str | None:
    if not place:
        return None
    words = place.split()
    return " ".join(
        w.capitalize() if w.isalpha() and w.isupper() and len(w) > 2 else w for w in words
    )


def _assemble(work: _Work, params: JoinParams) -> str:
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
    if line[0] in _CLOSERS:
        return ""
    if _SENTENCE_END.search(prev):
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
        if nxt[0].islower() or nxt[0] in _CLOSERS:
            return " "
        if not _is_fragment(nxt, params) or _SENTENCE_END.search(nxt):
            return None
    return None


def _is_fragment(line: str, params: JoinParams) -> bool:
    short = len(line.split()) <= params.max_fragment_words
    return short and not _LIST_ITEM.match(line) and not line.endswith(":")


def _read_citations(text: str, rules: CleaningRules) -> list[Attribution]:
    found = []
    lowered = text.lower()
    for rule in rules.inline:
        if not rule.may_match(lowered):
            continue
        for match in rule.pattern.finditer(text):
            value = match.group("value").rstrip(".,;:")
            if value:
                found.append(Attribution(rule.kind or "", value, match.group().rstrip(".,;:")))
    return found
