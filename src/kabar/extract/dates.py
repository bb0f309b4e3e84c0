"""Find the days, weeks, months and years a text mentions, resolved against its publication date."""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from kabar.extract.numbers import key, load_lang_toml, lookup, number_words, parse_number
from kabar.extract.numbers import words_pattern as _alt
from kabar.model import DateRef

__all__ = ["date_spans", "find_dates"]

_YEAR = r"(?:19|20)\d{2}"
_START = r"(?<![\w$€£¥/.,:-])"  # not glued to a word, a currency sign or another number
_END = r"(?![^\W_]|[.,:/]\d)"
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_WORD = re.compile(r"[^\W_][\w'’-]*")


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


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    value: str | None
    relative: bool
    granularity: str


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


# -- resolving -------------------------------------------------------------------------------


def _valid(year: int, month: int, day: int) -> date | None:
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return date(year, month, day)


def _nearest_day(pub: date, month: int, day: int, direction: int) -> date | None:
    """The day/month in the year that puts it nearest `pub` (after or before it when told)."""
    options = [d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := _valid(y, month, day))]
    if direction > 0:
        options = [d for d in options if d >= pub] or options
    elif direction < 0:
        options = [d for d in options if d <= pub] or options
    return min(options, key=lambda d: abs((d - pub).days)) if options else None


def _nearest_month(pub: date, month: int, direction: int) -> tuple[int, int]:
    options = [(y, month) for y in (pub.year - 1, pub.year, pub.year + 1)]
    here = pub.year * 12 + pub.month
    if direction > 0:
        options = [o for o in options if o[0] * 12 + o[1] >= here]
    elif direction < 0:
        options = [o for o in options if o[0] * 12 + o[1] <= here]
    return min(options, key=lambda o: abs(o[0] * 12 + o[1] - here))


def _shift(pub: date, unit: str, count: int) -> tuple[str, str]:
    """(value, granularity) of the period `count` units from the publication date's own."""
    if unit == "day":
        return (pub + timedelta(days=count)).isoformat(), "day"
    if unit == "week":
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=count)
        return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}", "week"
    if unit == "month":
        index = pub.year * 12 + pub.month - 1 + count
        return f"{index // 12:04d}-{index % 12 + 1:02d}", "month"
    return f"{pub.year + count:04d}", "year"


def _weekday(pub: date, iso: int, direction: int, strict: bool) -> date:
    """The nearest such weekday on or before `pub` (after it when `direction` > 0)."""
    if direction > 0:
        ahead = (iso - pub.isoweekday()) % 7 or (7 if strict else 0)
        return pub + timedelta(days=ahead)
    back = (pub.isoweekday() - iso) % 7 or (7 if strict else 0)
    return pub - timedelta(days=back)


def _future(text: str, start: int, vocab: _Vocab) -> bool:
    """Whether the sentence before `start` points at the future ("akan digelar pada Sabtu")."""
    begin = max(start - 80, 0)
    for m in _SENTENCE_END.finditer(text, begin, start):
        begin = m.end()
    before = " " + " ".join(text[begin:start].lower().split()) + " "
    return any(f" {cue} " in before for cue in vocab.data["context"]["future_before"])


def _year(text: str) -> int:
    value = int(text)
    return value + 2000 if value < 100 else value


def _direction(vocab: _Vocab, word: str | None) -> int:
    if not word:
        return 0
    found = lookup(vocab.data["directions"], word)
    return (
        int(found)
        if found is not None
        else int(lookup(vocab.data.get("prefix_directions", {}), word) or 0)
    )


# -- one handler per rule: (match, published day, text, vocab) -> value or None ---------------

_Handler = Callable[[re.Match[str], date, str, "_Vocab"], _Found | None]


def _found(m: re.Match[str], value: str | None, relative: bool, granularity: str) -> _Found | None:
    return _Found(m.start(), m.end(), value, relative, granularity) if value else None


def _on_daymonth(m: re.Match[str], pub: date, text: str, vocab: _Vocab) -> _Found | None:
    groups = m.groupdict()
    month = int(groups["m"]) if groups.get("m") else vocab.months[groups["mon"].lower()]
    if groups.get("wd") and not groups["wd"][0].isupper():
        return None
    day = int(groups["d"])
    if groups.get("y"):
        first = _valid(_year(groups["y"]), month, day)
    else:
        first = _nearest_day(pub, month, day, _direction(vocab, groups.get("dir")))
    if first is None:
        return None
    if groups.get("d2") and (last := _valid(first.year, month, int(groups["d2"]))) and last > first:
        return _found(m, f"{first.isoformat()}/{last.isoformat()}", not groups.get("y"), "day")
    return _found(m, first.isoformat(), not groups.get("y"), "day")


def _on_month_year(m: re.Match[str], pub: date, text: str, vocab: _Vocab) -> _Found | None:
    if not m["mon"][0].isupper():
        return None
    return _found(m, f"{int(m['y']):04d}-{vocab.months[m['mon'].lower()]:02d}", False, "month")


def _on_period(m: re.Match[str], pub: date, text: str, vocab: _Vocab) -> _Found | None:
    if not (m["dir"] or m["pre"]):
        return None  # "tahun" alone is no date
    unit = lookup(vocab.data["periods"], m["per"])
    value, granularity = _shift(pub, unit, _direction(vocab, m["dir"] or m["pre"]))
    return _found(m, value, True, granularity)


def _on_counted(m: re.Match[str], pub: date, text: str, vocab: _Vocab) -> _Found | None:
    if m["one"]:
        unit, count = lookup(vocab.data["one_periods"], m["one"]), 1.0
    else:
        unit = lookup(vocab.data["periods"], m["per"])
        count = parse_number(m["n"], vocab.lang)
    if count != int(count) or count > 5000:
        return None
    sign = int(lookup(vocab.data["counted_directions"], m["dir"]))
    value, granularity = _shift(pub, unit, sign * int(count))
    return _found(m, value, True, granularity)


def _on_year(m: re.Match[str], pub: date, text: str, vocab: _Vocab) -> _Found | None:
    if not (m["part"] or m["tahun"]) and not _year_context(text, m.start(), m.end(), vocab):
        return None
    year = int(m["y"])
    if m["dec"]:
        return _found(m, f"{year:04d}/{year // 10 * 10 + 9:04d}", False, "year")
    if m["y2"]:
        last = _year(m["y2"]) if len(m["y2"]) == 4 else year // 100 * 100 + int(m["y2"])
        if last > year:
            return _found(m, f"{year:04d}/{last:04d}", False, "year")
    return _found(m, f"{year:04d}", False, "year")


def _year_context(text: str, start: int, end: int, vocab: _Vocab) -> bool:
    """A bare year is a date (also in names: "Piala Dunia 2026") unless a unit or a counted
    noun follows it ("2000 meter")."""
    after = _WORD.match(text[end : end + 30].lstrip())
    return not (after and after.group().lower() in _count_words(vocab.lang))


@functools.cache
def _count_words(lang: str) -> frozenset[str]:
    raw = number_words(lang).raw
    words = [
        *raw["units"],
        *raw["currency_words"],
        *raw["multipliers"],
        *raw["cues"]["classifiers"],
    ]
    return frozenset(w.lower().split()[0] for w in [*words, "orang", "people"])


def _on_season(m: re.Match[str], pub: date, text: str, vocab: _Vocab) -> _Found | None:
    """ "musim ini" (the season now, or the one just ended between seasons), "musim depan"."""
    seasons = vocab.data["seasons"]
    first = pub.year if pub.month >= seasons["start_month"] else pub.year - 1
    direction = _direction(vocab, m["dir"])
    if pub.month in seasons["off_months"] and direction < 0:
        direction = 0
    first += direction
    return _found(m, f"{first:04d}/{first + 1:04d}", True, "year")


def _on_day(m: re.Match[str], pub: date, text: str, vocab: _Vocab) -> _Found | None:
    offset = int(lookup(vocab.data["days"], m["w"]))
    return _found(m, (pub + timedelta(days=offset)).isoformat(), True, "day")


def _on_weekday(m: re.Match[str], pub: date, text: str, vocab: _Vocab) -> _Found | None:
    if not m["wd"][0].isupper():
        return None
    iso = vocab.weekdays[m["wd"].lower()]
    if m["per"]:  # "Senin pekan lalu": that weekday of the named week
        week = _shift(pub, lookup(vocab.data["periods"], m["per"]), _direction(vocab, m["pdir"]))
        monday = date.fromisoformat(week[0].split("/")[0])
        return _found(m, (monday + timedelta(days=iso - 1)).isoformat(), True, "day")
    word = m["dir"] or m["pre"]
    direction = _direction(vocab, word) if word else (1 if _future(text, m.start(), vocab) else -1)
    if word and direction == 0:  # "Jumat ini": that day of the publication week
        return _found(m, (pub + timedelta(days=iso - pub.isoweekday())).isoformat(), True, "day")
    day = _weekday(pub, iso, direction, strict=bool(word) and direction != 0)
    return _found(m, day.isoformat(), True, "day")


def _on_month(m: re.Match[str], pub: date, text: str, vocab: _Vocab) -> _Found | None:
    name = m["mon"]
    if not name[0].isupper() or key(name).lower() not in vocab.bare_months:
        return None
    if not (m["part"] or m["dir"] or _month_context(text, m.start(), m.end(), vocab)):
        return None
    month = vocab.months[name.lower()]
    if m["ydir"]:  # "Juni tahun lalu"
        return _found(
            m, f"{pub.year + _direction(vocab, m['ydir']):04d}-{month:02d}", True, "month"
        )
    direction = _direction(vocab, m["dir"]) if m["dir"] else 0
    year, month = _nearest_month(pub, month, direction)
    return _found(m, f"{year:04d}-{month:02d}", True, "month")


def _month_context(text: str, start: int, end: int, vocab: _Vocab) -> bool:
    """A bare month name is a date unless it sits in a name ("Mei Ling", "Ratu Juni")."""
    before = _WORD.findall(text[max(start - 30, 0) : start])
    after = _WORD.match(text[end : end + 30].lstrip())
    if before and before[-1].lower() in vocab.data["context"]["month_before"]:
        return True
    if vocab.lang == "en":
        return False  # "May" is also a verb: English months need a word that makes them dates
    head = text[max(start - 4, 0) : start].rstrip()
    sentence_start = not head or head[-1] in '.!?\n"“('
    if before and before[-1][0].isupper() and not sentence_start:
        return False
    return not (after and after.group()[0].isupper() and after.group().lower() not in vocab.months)


_HANDLERS: dict[str, _Handler] = {
    "wd_bracket": _on_daymonth,
    "bracket": _on_daymonth,
    "numeric": _on_daymonth,
    "iso": _on_daymonth,
    "day_month": _on_daymonth,
    "month_day": _on_daymonth,
    "month_year": _on_month_year,
    "period": _on_period,
    "counted": _on_counted,
    "season": _on_season,
    "year": _on_year,
    "day": _on_day,
    "weekday": _on_weekday,
    "month": _on_month,
}


@functools.cache
def _triggers(lang: str) -> re.Pattern[str]:
    """Words or digits every date mention contains: the rules only run near them."""
    vocab = _vocab(lang)
    data = vocab.data
    words = [*vocab.months, *vocab.weekdays, *data["periods"], *data["days"]]
    words += [*data["one_periods"], *data["seasons"]["words"]]
    return re.compile(rf"\d|(?<![^\W_])(?:{_alt(words)})", re.IGNORECASE)


def _windows(text: str, lang: str) -> list[tuple[int, int]]:
    """Stretches of `text` around trigger words, merged; a mention never reaches further."""
    windows: list[tuple[int, int]] = []
    for m in _triggers(lang).finditer(text):
        start, end = max(m.start() - _REACH, 0), m.end() + _REACH
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


_REACH = 80  # characters a mention may run before or after its trigger word


@functools.lru_cache(maxsize=16)
def _matches(text: str, lang: str) -> tuple[tuple[int, str, re.Match[str]], ...]:
    """Every rule's matches (publication-independent; cached: the quantity finder asks too)."""
    vocab = _vocab(lang)
    found: list[tuple[int, str, re.Match[str]]] = []
    for start, end in _windows(text, lang):
        for priority, (name, pattern) in enumerate(vocab.rules):
            found.extend((priority, name, m) for m in pattern.finditer(text, start, end))
    return tuple(found)


def _candidates(text: str, pub: date, vocab: _Vocab) -> list[tuple[int, int, _Found]]:
    found = []
    for priority, name, m in _matches(text, vocab.lang):
        item = _HANDLERS[name](m, pub, text, vocab)
        if item is not None:
            found.append((-(item.end - item.start), priority, item))
    return found


def _select(text: str, pub: date, vocab: _Vocab) -> list[_Found]:
    """Longest matches first, no overlaps; a lone "kemarin"/"lalu" right after a date is its
    modifier ("Senin (16/6) kemarin"), not a second date."""
    taken: list[_Found] = []
    for _, _, item in sorted(_candidates(text, pub, vocab), key=lambda c: (c[0], c[1], c[2].start)):
        if any(item.start < t.end and t.start < item.end for t in taken):
            continue
        taken.append(item)
    taken.sort(key=lambda t: t.start)
    past = {w.lower() for w in vocab.data["context"]["past_after"]}
    kept: list[_Found] = []
    for item in taken:
        words = key(text[item.start : item.end]).lower()
        if kept and words in past and not text[kept[-1].end : item.start].strip():
            continue
        kept.append(item)
    return kept


def find_dates(text: str, published: datetime, lang: str = "id") -> tuple[DateRef, ...]:
    """Every date mention in `text`, sorted by start, with its value resolved against `published`.

    Values are an ISO date, a month ("2025-06"), a year ("2022") or an interval ("A/B");
    `relative` is true when the publication date was needed to fix the value.
    """
    vocab = _vocab(lang)
    pub = published.date()
    return tuple(
        DateRef(text[f.start : f.end], f.start, f.end, f.value, f.relative, f.granularity)
        for f in _select(text, pub, vocab)
    )


def date_spans(text: str, lang: str = "id") -> list[tuple[int, int]]:
    """Where `text` mentions dates (what the quantity finder must leave alone)."""
    anchor = datetime(2000, 6, 15)
    return [(d.start, d.end) for d in find_dates(text, anchor, lang)]
