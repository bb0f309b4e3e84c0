"""One language's calendar words and the date patterns built from them, most specific first."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from kabar.extract.numbers import load_lang_toml, number_words
from kabar.extract.numbers import words_pattern as _alt

_YEAR = r"(?:19|20)\d{2}"
_START = r"(?<![\w$€£¥/.,:-])"  # not glued to a word, a currency sign or another number
_END = r"(?![^\W_]|[.,:/]\d)"


@dataclass(frozen=True, slots=True)
class _Vocab:
    """One language's calendar words (calendar.toml and lang/<lang>/dates_relative.toml)."""

    months: dict[str, int]  # every month name, case-folded -> 1..12
    bare_months: frozenset[str]  # names that are a date on their own ("Juni", not "Jun")
    weekdays: dict[str, int]  # case-folded -> ISO weekday
    data: dict[str, Any]  # dates_relative.toml
    lang: str
    rules: tuple[tuple[str, re.Pattern[str]], ...]

    def words(self, section: str, name: str = "words") -> list[str]:
        return list(self.data.get(section, {}).get(name, []))


def _calendar_names(lang: str) -> tuple[dict[str, int], frozenset[str], dict[str, int]]:
    cal = load_lang_toml("id", "calendar.toml")
    native = "indonesian" if lang == "id" else "english"
    months: dict[str, int] = {}
    bare: set[str] = set()
    for month in cal["months"]:
        names = [month["indonesian"], month["indonesian_abbr"], month["english"]]
        names += [month["english_abbr"], *month["variants"]]
        months.update({name.lower(): month["number"] for name in names})
        full = [month[native], *(v for v in month["variants"] if len(v) > 4 and lang == "id")]
        bare.update(name.lower() for name in full)
    weekdays = {}
    for day in cal["weekdays"]:
        names = [day[native], *(day["variants"] if lang == "id" else [])]
        weekdays.update({name.lower(): day["iso"] for name in names})
    return months, frozenset(bare), weekdays


def _rules(
    months: dict[str, int], weekdays: dict[str, int], data: dict[str, Any], lang: str
) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The patterns, most specific first (a longer match wins; on a tie, the earlier rule)."""
    mon, wd = _alt(months), _alt(weekdays)
    tod = _alt(data["day_parts"]["words"])
    part = _alt(data["parts"]["words"])
    per = _alt(data["periods"])
    dirs = _alt(data["directions"]) or "(?!)"
    pre = _alt(data.get("prefix_directions", {})) or "(?!)"
    counted = _alt(data["counted_directions"])
    one = _alt(data["one_periods"]) or "(?!)"
    days = _alt(data["days"])
    numw = number_words(lang).word_pattern
    hari = re.escape(data["context"]["day_word"])
    year_words = _alt(data["context"]["year_words"])
    season = _alt(data["seasons"]["words"])
    dec = re.escape(data["context"]["decade_suffix"])
    dm = r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})"
    weekday = rf"(?:(?P<hari>{hari})\s+)?(?:(?P<pre>{pre})\s+)?(?P<wd>{wd})(?:\s+(?P<tod>{tod}))?"
    raw = [
        ("wd_bracket", rf"{weekday}\s*,?\s*\(\s*{dm}(?:[/.-](?P<y>\d{{4}}|\d{{2}}))?\s*\)"),
        ("bracket", r"\(\s*(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:[/](?P<y>\d{4}|\d{2}))?\s*\)"),
        ("numeric", rf"{_START}(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})/(?P<y>\d{{4}}){_END}"),
        ("iso", rf"{_START}(?P<y>{_YEAR})-(?P<m>\d{{2}})-(?P<d>\d{{2}}){_END}"),
        (
            "day_month",
            rf"(?:{weekday}\s*,?\s*)?{_START}(?P<d>\d{{1,2}})"
            rf"(?:\s*(?:[-–]|dan|hingga|sampai|and|to)\s*(?P<d2>\d{{1,2}}))?"
            rf"\s+(?P<mon>{mon})\.?(?:\s*,?\s*(?P<y>{_YEAR})|\s+(?P<dir>{dirs}))?{_END}",
        ),
        (
            "month_day",
            rf"(?:{weekday}\s*,?\s*)?(?P<mon>{mon})\.?\s+(?P<d>\d{{1,2}})"
            rf"(?:\s*,\s*(?P<y>{_YEAR}))?{_END}",
        ),
        (
            "month_year",
            rf"(?:(?P<part>{part})\s+)?(?:bulan\s+)?(?P<mon>{mon})\s+(?P<y>{_YEAR}){_END}",
        ),
        (
            "period",
            rf"(?:(?P<part>{part})\s+)?(?:(?P<pre>{pre})\s+)?(?P<per>{per})"
            rf"(?:\s+(?P<dir>{dirs}))?(?![^\W_])",
        ),
        ("season", rf"(?P<season>{season})\s+(?P<dir>{dirs})(?![^\W_])"),
        (
            "counted",
            rf"(?:(?P<n>{numw}|\d{{1,3}})\s+(?P<per>{per})|(?P<one>{one}))\s+(?P<dir>{counted}){_END}",
        ),
        (
            "year",
            rf"(?:(?P<part>{part})\s+)?(?:(?P<tahun>{year_words})\s+)?{_START}(?P<y>{_YEAR})"
            rf"(?P<dec>{dec})?(?:\s*[/–-]\s*(?P<y2>{_YEAR}|\d{{2}}))?{_END}",
        ),
        ("day", rf"(?P<w>{days})(?:\s+(?P<tod>{tod}))?(?![^\W_])"),
        (
            "weekday",
            rf"{weekday}(?:\s+(?P<per>{per})\s+(?P<pdir>{dirs})|\s+(?P<dir>{dirs}))?(?![^\W_])",
        ),
        (
            "month",
            rf"(?:(?P<part>{part})\s+)?(?:bulan\s+)?(?P<mon>{mon})"
            rf"(?:\s+(?:tahun|year)\s+(?P<ydir>{dirs})|\s+(?P<dir>{dirs}))?(?![^\W_])",
        ),
    ]
    return tuple((name, re.compile(rf"(?<![^\W_]){body}", re.IGNORECASE)) for name, body in raw)


@functools.cache
def _vocab(lang: str) -> _Vocab:
    months, bare, weekdays = _calendar_names(lang)
    data = load_lang_toml(lang, "dates_relative.toml")
    rules = _rules(months, weekdays, data, lang)
    return _Vocab(months, bare, weekdays, data, lang, rules)


@functools.cache
def _triggers(lang: str) -> re.Pattern[str]:
    """Words or digits every date mention contains: the rules only run near them."""
    vocab = _vocab(lang)
    data = vocab.data
    words = [*vocab.months, *vocab.weekdays, *data["periods"], *data["days"]]
    words += [*data["one_periods"], *data["seasons"]["words"]]
    return re.compile(rf"\d|(?<![^\W_])(?:{_alt(words)})", re.IGNORECASE)
