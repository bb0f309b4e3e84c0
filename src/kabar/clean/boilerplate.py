"""Take boilerplate out of news bodies, recording every removal, dateline and attribution.

The rules are data (``kabar/lang/<code>/boilerplate.toml``); this module only applies them.
The "Baca juga" title heuristics are in ``kabar.clean.related``, the reassembly of step 3
in ``kabar.clean.lines``, and the record of claimed spans in ``kabar.clean.spans``.

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
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from kabar.clean.lines import JoinParams, assemble
from kabar.clean.related import RelatedParams, take_related
from kabar.clean.spans import Rule, Work, line_end
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
_HEADING_LINES = 10  # how many heading lines (a title, a table of contents) may top a dateline


@dataclass(frozen=True, slots=True)
class CleaningRules:
    """All compiled rules of one language, grouped by where they apply."""

    lang: str
    start: tuple[Rule, ...]
    anywhere: tuple[Rule, ...]
    end: tuple[Rule, ...]
    inline: tuple[Rule, ...]
    # Factories: ruff cannot see that these imported dataclasses are frozen (RUF009).
    related: RelatedParams = field(default_factory=RelatedParams)
    join: JoinParams = field(default_factory=JoinParams)
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


def clean_text(text: str, rules: CleaningRules | None = None) -> CleanedText:
    """Clean one body: remove boilerplate, datelines and source lines, and say what went."""
    rules = rules or load_rules()
    norm = normalise_text(text)
    work = Work(norm, bytearray(len(norm)))
    lowered = norm.lower()
    for rule in rules.anywhere:
        if not rule.may_match(lowered):
            continue
        if rule.action == "related":
            take_related(work, rule, rules.related)
        else:
            _take_matches(work, rule, rules.max_value_words)
    _take_trailers(work, rules)
    dateline = _take_datelines(work, rules.start)
    cleaned = assemble(work, rules.join)
    attributions = work.attributions + _read_citations(cleaned, rules)
    removals = tuple(
        Removal(f.rule.id, f.rule.reason, norm[f.start : f.end], f.start, f.end)
        for f in sorted(work.found, key=lambda f: f.start)
    )
    return CleanedText(cleaned, dateline, tuple(dict.fromkeys(attributions)), removals)


def _take_matches(work: Work, rule: Rule, max_value_words: int) -> None:
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


def _has_kept(work: Work, start: int, end: int) -> bool:
    text, mask = work.text, work.mask
    return any(not mask[i] and not text[i].isspace() for i in range(start, end))


def _line_above(work: Work, pos: int) -> tuple[int, int] | None:
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


def _take_trailers(work: Work, rules: CleaningRules) -> None:
    while (span := _line_above(work, len(work.text))) is not None:
        if not any(_take_trailer(work, rule, span, rules) for rule in rules.end):
            return


def _take_trailer(work: Work, rule: Rule, span: tuple[int, int], rules: CleaningRules) -> bool:
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


def _take_tags(work: Work, rule: Rule, last: tuple[int, int]) -> bool:
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


def _first_content(work: Work) -> int | None:
    pos = work.mask.find(0)
    while pos != -1 and pos < len(work.text) and work.text[pos].isspace():
        pos = work.mask.find(0, pos + 1)
    return None if pos == -1 or pos >= len(work.text) else pos


def _take_datelines(work: Work, rules: tuple[Rule, ...]) -> Dateline | None:
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
            pos = line_end(work.text, pos) + 1
            candidates = tuple(rule for rule in rules if rule.under_headings)
        if found is None:
            break
        dateline = dateline or (found if isinstance(found, Dateline) else None)
    return dateline


def _is_heading(work: Work, pos: int) -> bool:
    """A short line that does not end a sentence (a title, caption or contents entry)."""
    line = work.text[pos : line_end(work.text, pos)]
    return len(line.split()) <= 15 and not re.search(r"[.!?][\"”’')]*$", line)


def _take_start(work: Work, rules: tuple[Rule, ...], pos: int) -> Dateline | bool | None:
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
