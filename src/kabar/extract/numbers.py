"""Read and write numbers as a language prints them: "12.000", "1,5 juta", "dua belas ribu"."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import kabar.lang

__all__ = ["NumberWords", "format_number", "load_lang_toml", "number_words", "parse_number"]

_LANG_DIR = Path(kabar.lang.__file__).resolve().parent


def load_lang_toml(lang: str, name: str) -> dict[str, Any]:
    """One data file of kabar/lang/<lang>/ (read by path: a language folder needs no __init__)."""
    path = _LANG_DIR / lang / name
    if not path.is_file():
        raise ValueError(f"no {name} for language {lang!r} (looked in {path})")
    with path.open("rb") as handle:
        return tomllib.load(handle)


def words_pattern(words: list[str] | tuple[str, ...] | Any) -> str:
    """Regex alternation of `words`, longest first, spaces matching any whitespace.

    Entries with a capital letter or of two characters or fewer match case-sensitively
    (`MW`, `RM`, `m`, `g`): in lower case they are ordinary words or other units.
    """
    unique = sorted({w.strip() for w in words if w.strip()}, key=lambda w: (-len(w), w))
    parts = []
    for word in unique:
        body = r"\s+".join(re.escape(piece) for piece in word.split())
        sensitive = word != word.lower() or (len(word) <= 2 and word.isalpha())
        parts.append(f"(?-i:{body})" if sensitive else body)
    return "|".join(parts)


def key(word: str) -> str:
    """Lookup key of a matched word: whitespace collapsed (case kept; see `lookup`)."""
    return " ".join(word.split())


def lookup(table: dict[str, Any], word: str) -> Any:
    """The entry for a matched word: exact spelling first, then case-folded."""
    word = key(word)
    if word in table:
        return table[word]
    return table.get(word.lower())


@dataclass(frozen=True, slots=True)
class NumberWords:
    """One language's number vocabulary, from lang/<lang>/numbers.toml."""

    thousands: str
    decimal: str
    units: dict[str, Decimal]  # satu -> 1, sepuluh -> 10, seratus -> 100
    small_multipliers: dict[str, Decimal]  # belas, puluh, ratus
    multipliers: dict[str, Decimal]  # ribu, juta, miliar, triliun
    approximate_words: dict[str, Decimal]  # ribuan -> 1000
    raw: dict[str, Any]  # the whole file, for the quantity finder's lists
    digits: re.Pattern[str]  # one number in digits, this language's separators

    @property
    def word_pattern(self) -> str:
        """A run of number words: "dua belas ribu", "puluhan ribu", "seratus dua puluh"."""
        first = words_pattern([*self.units, *self.approximate_words])
        rest = words_pattern(
            [*self.units, *self.small_multipliers, *self.multipliers, *self.approximate_words]
        )
        return rf"(?:{first})(?:(?:\s+|-)(?:{rest})(?![^\W_]))*"


def _decimals(table: dict[str, Any]) -> dict[str, Decimal]:
    return {name.lower(): Decimal(str(value)) for name, value in table.items()}


@functools.cache
def number_words(lang: str = "id") -> NumberWords:
    """The number vocabulary of `lang` (cached)."""
    data = load_lang_toml(lang, "numbers.toml")
    thousands, decimal = data["format"]["thousands"], data["format"]["decimal"]
    t, d = re.escape(thousands), re.escape(decimal)
    digits = re.compile(rf"\d{{1,3}}(?:{t}\d{{3}})+(?:{d}\d+)?|\d+(?:{d}\d+)?")
    return NumberWords(
        thousands=thousands,
        decimal=decimal,
        units=_decimals(data["words"]["units"]),
        small_multipliers=_decimals(data["words"]["small_multipliers"]),
        multipliers=_decimals(data["multipliers"]),
        approximate_words=_decimals(data["approximate_words"]),
        raw=data,
        digits=digits,
    )


def _parse_digits(token: str, words: NumberWords) -> Decimal:
    if not words.digits.fullmatch(token):
        raise ValueError(f"not a number: {token!r}")
    plain = token.replace(words.thousands, "").replace(words.decimal, ".")
    return Decimal(plain)


def _parse_words(tokens: list[str], words: NumberWords) -> Decimal:
    """Number words in the usual order: a group below a thousand, then its scale word."""
    total, group, last = Decimal(0), Decimal(0), Decimal(0)
    for token in tokens:
        if token in words.units:
            value = words.units[token]
            if value < 10:
                last += value
            else:  # sepuluh, seratus, twenty: a finished part of the group
                group, last = group + last + value, Decimal(0)
        elif token in words.approximate_words:
            group, last = group + last + words.approximate_words[token], Decimal(0)
        elif token in words.small_multipliers:
            factor = words.small_multipliers[token]
            # "belas" adds ten to the digit before it; "puluh" and "ratus" multiply it.
            added = (last or 1) + factor if token == "belas" else (last or 1) * factor
            group, last = group + added, Decimal(0)
        elif token in words.multipliers:
            total += (group + last or 1) * words.multipliers[token]
            group, last = Decimal(0), Decimal(0)
        else:
            raise ValueError(f"not a number word: {token!r}")
    return total + group + last


def parse_number(text: str, lang: str = "id") -> float:
    """The value of a number as printed: "12.000", "1,5 juta", "dua belas ribu", "ribuan".

    Digits may be followed by scale words ("11,8 triliun"); number words follow the language's
    order. Raises ValueError for anything else (units and currency signs are not read here).
    """
    words = number_words(lang)
    text = text.strip()
    sign = Decimal(1)
    if text[:1] in "-−":
        sign, text = Decimal(-1), text[1:].strip()
    tokens = [t.lower() for t in re.split(r"[\s-]+", text) if t]
    if not tokens:
        raise ValueError("empty number")
    try:
        if tokens[0][0].isdigit():
            value = _parse_digits(tokens[0], words)
            for token in tokens[1:]:
                if token not in words.multipliers:
                    raise ValueError(f"not a scale word: {token!r}")
                value *= words.multipliers[token]
        else:
            value = _parse_words(tokens, words)
    except InvalidOperation as error:
        raise ValueError(f"not a number: {text!r}") from error
    return float(sign * value)


def format_number(value: float, lang: str = "id") -> str:
    """Print `value` in the language's style ("12.000", "1,5"); parse_number reads it back exactly.

    Uses the shortest decimal that is the same float, so no digits are invented or lost.
    """
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"cannot print {value!r}")
    words = number_words(lang)
    plain = format(abs(Decimal(repr(float(value)))), "f")
    whole, _, fraction = plain.partition(".")
    fraction = fraction.rstrip("0")
    groups = []
    while len(whole) > 3:
        whole, tail = whole[:-3], whole[-3:]
        groups.append(tail)
    groups.append(whole)
    printed = words.thousands.join(reversed(groups))
    if fraction:
        printed += words.decimal + fraction
    return ("-" if value < 0 else "") + printed
