"""Parse publication dates as Indonesian news outlets print them (printing them: dates_format)."""

from __future__ import annotations

import dataclasses
import functools
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from kabar.clean.dates_format import STYLES, format_published
from kabar.clean.dates_grammar import (
    _WHITESPACE,
    _XLSX_ESCAPE,
    WIB,
    WIT,
    WITA,
    _Grammar,
    _grammar,
    _key,
)

__all__ = [
    "STYLES",
    "WIB",
    "WIT",
    "WITA",
    "format_published",
    "parse_published",
]


@functools.cache
def _fixed_zone(minutes: int, name: str | None) -> timezone:
    if minutes == 0 and name in (None, "UTC", "Z", "GMT", "UT"):
        return UTC
    offset = timedelta(minutes=minutes)
    return timezone(offset, name) if name else timezone(offset)


@dataclasses.dataclass(frozen=True, slots=True)
class _Clock:
    hour: int
    minute: int
    second: int
    microsecond: int
    zone: timezone | None


def _clock(m: re.Match[str], p: str, grammar: _Grammar) -> _Clock | None:
    """The time captured under prefix `p`, or None when absent or impossible."""
    hour_text = m.group(f"{p}h")
    if hour_text is None:
        return None
    hour, minute = int(hour_text), int(m.group(f"{p}mi"))
    second = int(m.group(f"{p}s") or 0)
    fraction = m.group(f"{p}f")
    microsecond = int(fraction.ljust(6, "0")) if fraction else 0
    meridiem = m.group(f"{p}ap")
    if meridiem and 1 <= hour <= 12:
        hour = hour % 12 + (12 if meridiem.lower() == "p" else 0)
    if hour > 23 or minute > 59 or second > 60:
        return None
    second = min(second, 59)  # a leap second is not representable; keep the minute
    zone: timezone | None = None
    word = m.group(f"{p}zn")
    if word is not None:
        known = grammar.zones.get(_key(word))
        if known is None:
            return None
        minutes, name = known
        sign = m.group(f"{p}zs")
        if sign is not None:  # "GMT+7", "UTC+07:00": the explicit offset wins
            minutes = int(m.group(f"{p}zh")) * 60 + int(m.group(f"{p}zm") or 0)
            minutes, name = (-minutes if sign == "-" else minutes), ""
        zone = _zone(minutes, name or None)
        if zone is None:
            return None
    elif m.group(f"{p}os") is not None:
        minutes = int(m.group(f"{p}oh")) * 60 + int(m.group(f"{p}om"))
        zone = _zone(-minutes if m.group(f"{p}os") == "-" else minutes, None)
        if zone is None:
            return None
    return _Clock(hour, minute, second, microsecond, zone)


def _zone(minutes: int, name: str | None) -> timezone | None:
    if abs(minutes) >= 24 * 60:
        return None
    return _fixed_zone(minutes, name)


def _normalise(text: str, grammar: _Grammar) -> str:
    text = _XLSX_ESCAPE.sub(" ", text)
    text = _WHITESPACE.sub(" ", text).strip()
    match = grammar.noise.match(text)
    return text[match.end() :] if match else text


def _ymd(m: re.Match[str], grammar: _Grammar) -> tuple[int, int, int, str] | None:
    """(year, month, day, time-group prefix) of a date match; None for an unknown month."""
    if m.group("iy") is not None:
        return int(m.group("iy")), int(m.group("im")), int(m.group("id")), "i"
    if m.group("ny") is not None:
        return int(m.group("ny")), int(m.group("nm")), int(m.group("nd")), "n"
    if m.group("ty") is not None:
        month = grammar.month_by_name.get(_key(m.group("tmon")))
        return None if month is None else (int(m.group("ty")), month, int(m.group("td")), "t")
    month = grammar.month_by_name.get(_key(m.group("emon")))
    return None if month is None else (int(m.group("ey")), month, int(m.group("ed")), "e")


def _loose_clock(text: str, grammar: _Grammar, *, strict: bool) -> _Clock | None:
    """First plausible time in `text`; with `strict`, only one with ':' or a zone word."""
    for m in grammar.time.finditer(text):
        clock = _clock(m, "x", grammar)
        if clock is None:
            continue
        if strict and clock.zone is None and ":" not in m.group(0):
            continue
        return clock
    return None


def parse_published(
    text: str,
    *,
    default_tz: tzinfo = WIB,
    time_text: str | None = None,
) -> datetime | None:
    """Read a publication date from free text; None when the text holds no date.

    `text` is what a page, feed or CSV gives ("Diperbarui 18 Jun 2025, 16:00 WIB",
    "Kompas.com - 10/06/2025, 21:23 WIB", "2025-06-18T09:00:00+07:00", ...). `time_text` is a
    separate time column ("21:02") for sources that split date and time; a time inside `text`
    wins over it. The zone is the one printed (WIB, WITA, WIT, GMT, UTC, "+0700", "Z"), else
    the one printed in `time_text`, else `default_tz`. A date without a time is midnight.
    Numeric dates are read day first (18/06/2025), except year-first ISO forms. The weekday an
    outlet prints is ignored. Never raises on any string.
    """
    grammar = _grammar()
    cleaned = _normalise(text, grammar)
    for m in grammar.date.finditer(cleaned):
        ymd = _ymd(m, grammar)
        if ymd is None:
            continue
        year, month, day, prefix = ymd
        if not 1000 <= year <= 9998:
            continue  # no publication date; near the ends, UTC conversion would overflow
        clock = _clock(m, prefix, grammar)
        if clock is None and m.group(f"{prefix}h") is None:
            # No time right after the date: a separate column, else one printed before the
            # date ("16:00 WIB, 18 Juni 2025") or after it ("18 Juni 2025 ... pukul 16.00 WIB").
            if time_text is not None:
                clock = _loose_clock(_normalise(time_text, grammar), grammar, strict=False)
            if clock is None:
                clock = _loose_clock(cleaned[: m.start()], grammar, strict=True)
            if clock is None:
                clock = _loose_clock(cleaned[m.end() :], grammar, strict=True)
        elif clock is not None and clock.zone is None and time_text is not None:
            side = _loose_clock(_normalise(time_text, grammar), grammar, strict=False)
            if side is not None and side.zone is not None:
                clock = dataclasses.replace(clock, zone=side.zone)
        zone: tzinfo = default_tz
        if clock is not None and clock.zone is not None:
            zone = clock.zone
        try:
            if clock is None:
                return datetime(year, month, day, tzinfo=zone)
            return datetime(
                year,
                month,
                day,
                clock.hour,
                clock.minute,
                clock.second,
                clock.microsecond,
                tzinfo=zone,
            )
        except (ValueError, OverflowError):
            continue  # 31/02/2025 and the like: look further along the text
    return None
