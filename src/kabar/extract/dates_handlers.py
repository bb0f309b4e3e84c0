"""Resolve one date-pattern match against the publication day: one handler per rule."""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from kabar.extract.dates_vocab import _Vocab
from kabar.extract.numbers import key, lookup, number_words, parse_number

_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_WORD = re.compile(r"[^\W_][\w'’-]*")


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    value: str | None
    relative: bool
    granularity: str


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
