"""Find the numbers a text counts or measures with: value, unit, counted noun, approximation."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from importlib import resources
from typing import Any

from kabar.extract.dates import date_spans
from kabar.extract.numbers import NumberWords, key, lookup, number_words, parse_number
from kabar.extract.numbers import words_pattern as _alt
from kabar.model import Quantity

__all__ = ["find_quantities"]

_WORD = re.compile(r"\s+([^\W\d_][\w-]*)")
_WORDS_BEFORE = re.compile(r"[^\W\d_][\w-]*")
_PREVIOUS = re.compile(r"([^\W_][\w.-]*)\W*$")
_PHONE = re.compile(r"(?:\+62|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,5}\b")
_SCORE_BEFORE = re.compile(r"(?<![\d.,])\d{1,3}[-–]$")
_LIST_ITEM = re.compile(r"\.(?=\s|[^\W\d_])")
_LIST_START = re.compile(r"(?:^|[\n:;.])\s*$")
_RANGE = re.compile(r"\s*(?:hingga|sampai|s\.d\.?|s/d|atau|to|and|dan)\s*$", re.IGNORECASE)
_JOIN = re.compile(r"\s*(?:dan|and)?\s*$", re.IGNORECASE)
# Indonesian verbs and adjectives are no counted noun ("1.500 tentara sudah dikerahkan"):
# me-/di-/ber-/ter- words with a verb suffix, and meN- words.
_VERB = re.compile(r"^(?:me|di|ber|ter|per)\w{2,}(?:kan|i|an|nya)$|^(?:meng|meny|mem|men)\w+$")
_AFFIXED = re.compile(r"^(?:me|di|ber|ter|se)\w{3,}$")


@dataclass(frozen=True, slots=True)
class _Grammar:
    words: NumberWords
    pattern: re.Pattern[str]
    extra: re.Pattern[str]  # collective and one-unit words: "keduanya", "sebulan"
    approximate: re.Pattern[str]  # a cue word right before the number
    lists: dict[str, frozenset[str]]  # name_words, capital_ok, article_words, classifiers, ...


def _words_set(items: Any) -> frozenset[str]:
    return frozenset(key(w).lower() for w in items)


@functools.cache
def _grammar(lang: str) -> _Grammar:
    words = number_words(lang)
    raw = words.raw
    number = rf"{words.digits.pattern}|{words.word_pattern}"
    pattern = (
        r"(?<![\w/$€£¥₩.,:])(?<![^\W_][-–])"
        rf"(?:(?P<cur>{_alt(raw['currency_prefixes'])})\s?|(?P<upre>{_alt(raw['unit_prefixes'])})\s?)?"
        rf"(?P<num>{number})(?:\s?[-–]\s?(?P<num2>{words.digits.pattern}))?"
        r"(?P<an>-an)?"
        rf"(?P<mult>(?:\s*(?:{_alt(words.multipliers)})(?![^\W_]))*)"
        rf"(?:\s*(?P<unit>{_alt([*raw['currency_words'], *raw['units']])}))?"
        r"(?![^\W_]|[.,:/]\d)"
    )
    extra = [*raw["collective"], *raw["collective_before_noun"], *raw["one_units"]] or ["(?!)"]
    cues = raw["cues"]
    lists = {name: _words_set(cues[name]) for name in cues if isinstance(cues[name], list)}
    lists["stopwords"] = _stopwords(lang)
    lists["ages"] = _words_set(raw["ages"]["before"])
    return _Grammar(
        words=words,
        pattern=re.compile(pattern, re.IGNORECASE),
        extra=re.compile(rf"(?<![^\W_])(?:{_alt(extra)})(?![^\W_])", re.IGNORECASE),
        approximate=re.compile(rf"(?<![^\W_])(?:{_alt(cues['approximate'])})\s*$", re.IGNORECASE),
        lists=lists,
    )


def _stopwords(lang: str) -> frozenset[str]:
    listed = number_words(lang).raw["cues"].get("stopwords")
    if listed is not None:  # a language without a stopwords.txt lists them in numbers.toml
        return _words_set(listed)
    text = resources.files("kabar.lang.id").joinpath("stopwords.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _sentence_start(text: str, at: int) -> bool:
    head = text[max(at - 4, 0) : at].rstrip()
    return not head or head[-1] in '.!?\n"“:'


def _is_name(text: str, start: int, g: _Grammar) -> bool:
    """Whether the number belongs to a name, law, address or rank ("Pasal 2", "Liga 1")."""
    offset = max(start - 40, 0)
    m = _PREVIOUS.search(text, offset, start)
    if not m or text[m.end(1) : start].strip():  # punctuation between: "(1972)", "Jakarta, 5"
        return False
    word = m.group(1)
    if word.lower() in g.lists["name_words"] or word.lower().rstrip(".") in g.lists["name_words"]:
        # "4 jam 30 menit": after a number the word is a unit, not the start of a name
        return not re.search(r"\d\s*$", text[offset : m.start(1)])
    if not word[0].isupper() or word.lower() in g.lists["capital_ok"]:
        return False
    return not _sentence_start(text, m.start(1))  # a capital mid-sentence marks a name


def _plain(word: str, g: _Grammar) -> bool:
    """A word that may name what is counted: no function word, verb or name."""
    lower = word.lower()
    if len(word) < 2 or lower in g.lists["stopwords"] or lower in g.lists["not_nouns"]:
        return False
    if _VERB.match(lower):
        return False
    return not (word[0].isupper() and not word.isupper())


def _noun_after(text: str, end: int, g: _Grammar) -> str | None:
    """The counted noun after the number, with a classifier or one modifier as written:
    "tentara", "unit rumah", "wali murid"."""
    m = _WORD.match(text, end)
    if not m or not _plain(m.group(1), g):
        return None
    word = m.group(1)
    nxt = _WORD.match(text, m.end())
    if nxt and nxt.group(1).islower() and _plain(nxt.group(1), g):
        second = nxt.group(1)
        modifier = word.lower() in g.lists["classifiers"] or not _AFFIXED.match(second)
        if modifier and _unit_word(second, g) is None:
            return f"{word} {second}"
    return word


def _noun_before(text: str, start: int, g: _Grammar) -> str | None:
    """The measured noun before a money, percent or measure: "harga Rp 108 juta" -> "harga"."""
    head = text[max(start - 60, 0) : start]
    cue = g.approximate.search(head)
    if cue:
        head = head[: cue.start()]
    words = _WORDS_BEFORE.findall(head.split("\n")[-1].split(",")[-1].split(".")[-1])
    while words and words[-1].lower() in g.lists["noun_before_skip"]:
        words.pop()
    run: list[str] = []
    while words and len(run) < 3 and words[-1].islower() and _plain(words[-1], g):
        run.insert(0, words.pop())
    return " ".join(run) or None


def _unit_word(word: str | None, g: _Grammar) -> str | None:
    if not word:
        return None
    raw = g.words.raw
    unit = lookup(raw["currency_words"], word) or lookup(raw["units"], word)
    return str(unit) if unit else None


def _skip(m: re.Match[str], text: str, g: _Grammar) -> bool:
    """Numbers that are no quantity: names, phone numbers, scores, "satu" as "a", bare years."""
    num, start = m["num"], m.start()
    if m["cur"] or m["upre"]:
        return False
    if _is_name(text, start, g) or _PHONE.match(text, start):
        return True
    bare = num.isdigit() and not (m["unit"] or m["mult"].strip())
    if bare and len(num) <= 3 and _is_score_or_item(text, m):
        return True
    if not num[0].isdigit() and text[m.end() : m.end() + 1] == "-":
        return True  # "Dua-duanya"
    if num.isdigit() and len(num) == 4 and 1900 <= int(num) <= 2099 and not m["unit"]:
        return not m["mult"].strip()  # a year: kabar.extract.dates reads it
    if m["mult"].strip() or m["unit"] or key(num).lower() not in g.lists["article_words"]:
        return False
    # "satu" is "a"/"one of" unless something countable follows it.
    previous = _WORDS_BEFORE.findall(text[max(start - 12, 0) : start])
    return (previous and previous[-1].lower() == "salah") or not _noun_after(text, m.end(), g)


def _is_score_or_item(text: str, m: re.Match[str]) -> bool:
    """ "menang 2-1" (a score), "1. Mantan Dirut" (a list item)."""
    if m["num2"] and m["num2"].isdigit() and len(m["num2"]) <= 3:
        return True
    if _SCORE_BEFORE.search(text, max(m.start() - 8, 0), m.start()):
        return True
    head = text[max(m.start() - 20, 0) : m.start()]
    return bool(_LIST_ITEM.match(text, m.end())) and bool(_LIST_START.search(head))


def _approximate(text: str, m: re.Match[str], g: _Grammar) -> bool:
    if m["an"] or m["num2"] or key(m["num"]).lower().split()[0] in g.words.approximate_words:
        return True
    return bool(g.approximate.search(text, max(m.start() - 30, 0), m.start()))


def _age(text: str, m: re.Match[str], g: _Grammar) -> bool:
    """ "berusia 45", "Budi (31)": a bare number that is an age in years."""
    if not m["num"].isdigit() or m["unit"] or m["mult"].strip() or int(m["num"]) > 120:
        return False
    before = _WORDS_BEFORE.findall(text[max(m.start() - 20, 0) : m.start()])
    if before and before[-1].lower() in g.lists["ages"]:
        return True
    bracketed = text[m.start() - 1 : m.start()] == "(" and text[m.end() : m.end() + 1] == ")"
    return bracketed and bool(before) and before[-1][0].isupper()


def _quantity(m: re.Match[str], text: str, g: _Grammar, lang: str) -> tuple[Quantity, Decimal]:
    raw = g.words.raw
    scale = Decimal(1)
    for word in m["mult"].split():
        scale *= g.words.multipliers[word.lower()]
    value = Decimal(repr(parse_number(m["num"], lang))) * scale
    unit = lookup(raw["currency_prefixes"], m["cur"]) if m["cur"] else None
    unit = unit or (lookup(raw["unit_prefixes"], m["upre"]) if m["upre"] else None)
    unit = unit or _unit_word(m["unit"], g) or ("year" if _age(text, m, g) else None)
    if unit:
        noun = _noun_after(text, m.end(), g) or _noun_before(text, m.start(), g)
    else:
        noun = _noun_after(text, m.end(), g)
    quantity = Quantity(m.group(), m.start(), m.end(), float(value), unit, noun)
    return replace(quantity, approximate=_approximate(text, m, g)), scale


def _extras(text: str, g: _Grammar) -> list[Quantity]:
    """ "keduanya", "kedua tim" (before a noun: both), "sebulan" (one month)."""
    raw, found = g.words.raw, []
    for m in g.extra.finditer(text):
        word = key(m.group()).lower()
        if word in raw["one_units"]:
            found.append(Quantity(m.group(), m.start(), m.end(), 1.0, raw["one_units"][word]))
        elif word in raw["collective"]:
            found.append(Quantity(m.group(), m.start(), m.end(), float(raw["collective"][word])))
        else:
            previous = _WORDS_BEFORE.findall(text[max(m.start() - 20, 0) : m.start()])
            noun = _noun_after(text, m.end(), g)
            after_noun = (
                previous and _plain(previous[-1], g) and not _sentence_start(text, m.start())
            )
            if noun and not after_noun:
                value = float(raw["collective_before_noun"][word])
                found.append(Quantity(m.group(), m.start(), m.end(), value, None, noun))
    return found


def _scan(text: str, lang: str) -> list[tuple[Quantity, Decimal]]:
    """Each quantity, and the scale words' factor of its own (for ranges)."""
    g = _grammar(lang)
    dates = date_spans(text, lang)
    found: list[tuple[Quantity, Decimal]] = []
    for m in g.pattern.finditer(text):
        if _inside(m.start(), m.end(), dates) or _skip(m, text, g):
            continue
        try:
            found.append(_quantity(m, text, g, lang))
        except (ValueError, KeyError):
            continue
    for extra in _extras(text, g):
        taken = [(q.start, q.end) for q, _ in found]
        if not _inside(extra.start, extra.end, [*dates, *taken]):
            found.append((extra, Decimal(1)))
    found.sort(key=lambda item: item[0].start)
    return found


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)


def _ranges(text: str, found: list[tuple[Quantity, Decimal]]) -> list[Quantity]:
    """ "4,6 hingga 5,4 persen", "Rp1 atau 2 miliar": the first number takes the second's unit,
    noun and scale when it has none of its own."""
    out = [q for q, _ in found]
    for i in range(len(found) - 1):
        (first, first_scale), (second, second_scale) = found[i], found[i + 1]
        if first.noun or not _RANGE.fullmatch(text[first.end : second.start]):
            continue
        if first.unit and first.unit != second.unit:
            continue
        scale = second_scale if first_scale == 1 else Decimal(1)
        value = float(Decimal(repr(first.value)) * scale)
        out[i] = replace(first, value=value, unit=second.unit, noun=second.noun)
    return out


def _compounds(text: str, quantities: list[Quantity], lang: str) -> list[Quantity]:
    """ "4 jam 30 menit": one duration in the smaller unit (270 minutes)."""
    compound = number_words(lang).raw["compound"]
    out: list[Quantity] = []
    for q in quantities:
        last = out[-1] if out else None
        if last and last.unit in compound and _JOIN.fullmatch(text[last.end : q.start]):
            smaller, factor = compound[last.unit]
            if q.unit == smaller:
                value = last.value * factor + q.value
                out[-1] = replace(
                    last, text=text[last.start : q.end], end=q.end, value=value, unit=smaller
                )
                continue
        out.append(q)
    return out


def find_quantities(text: str, lang: str = "id") -> tuple[Quantity, ...]:
    """Every quantity in `text`, sorted by start (see docs/annotating-analysis.md)."""
    return tuple(_compounds(text, _ranges(text, _scan(text, lang)), lang))
