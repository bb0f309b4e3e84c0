"""Parse publication dates as Indonesian news outlets print them (and print them back)."""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import format_datetime
from importlib import resources
from typing import Any

__all__ = [
    "STYLES",
    "WIB",
    "WIT",
    "WITA",
    "format_published",
    "parse_published",
]

WIB = timezone(timedelta(hours=7), "WIB")
"""Western Indonesia Time (Jakarta, Sumatra, Java, West and Central Kalimantan), UTC+7."""
WITA = timezone(timedelta(hours=8), "WITA")
"""Central Indonesia Time (Bali, Nusa Tenggara, Sulawesi, East Kalimantan), UTC+8."""
WIT = timezone(timedelta(hours=9), "WIT")
"""Eastern Indonesia Time (Maluku, Papua), UTC+9."""

_CALENDAR_PACKAGE = "kabar.lang.id"
_CALENDAR_FILE = "calendar.toml"

# A word ends where no letter or digit follows. Not \b: scraped text glues "_x0000_" or "_"
# onto words ("WIB_x0000_"), and \b sees no boundary between "B" and "_".
_WORD_END = r"(?![^\W_])"
_WORD_START = r"(?<![^\W_])"

# Excel's escape for control characters (pandas writes "_x0000_" for a NUL byte).
_XLSX_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")
_WHITESPACE = re.compile(r"\s+")


@dataclasses.dataclass(frozen=True, slots=True)
class _Month:
    number: int
    indonesian: str
    indonesian_abbr: str
    english: str
    english_abbr: str
    names: tuple[str, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class _Weekday:
    iso: int
    indonesian: str
    english: str
    english_abbr: str
    names: tuple[str, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class _Grammar:
    months: tuple[_Month, ...]
    weekdays: tuple[_Weekday, ...]
    month_by_name: dict[str, int]
    zones: dict[str, tuple[int, str]]  # key -> (minutes east of UTC, printed name)
    noise: re.Pattern[str]
    date: re.Pattern[str]
    time: re.Pattern[str]


def _words(names: list[str] | tuple[str, ...]) -> str:
    """Regex alternation of `names`, longest first, spaces matching any whitespace."""
    unique = sorted({n.strip() for n in names if n.strip()}, key=lambda n: (-len(n), n))
    return "|".join(r"\s+".join(re.escape(part) for part in n.split()) for n in unique)


def _key(word: str) -> str:
    """Lookup key for a month or zone word: case-folded, whitespace collapsed.

    Case-folded rather than lower-cased because re.IGNORECASE also matches characters such as
    "ſ" (long s) or "K" (Kelvin sign), whose lower() is not the ASCII letter.
    """
    return " ".join(word.split()).casefold()


def _time_pattern(p: str, zones: str) -> str:
    """Clock time with optional seconds, fraction, AM/PM and zone; groups prefixed with `p`."""
    return (
        rf"(?P<{p}h>\d{{1,2}})[:.](?P<{p}mi>\d{{2}})"
        rf"(?:[:.](?P<{p}s>\d{{2}})(?:[.,](?P<{p}f>\d{{1,6}})\d*)?)?(?!\d)"
        rf"(?:\s*(?P<{p}ap>[ap])\.?\s?m\.?{_WORD_END})?"
        r"(?:\s*\(?\s*(?:"
        rf"(?P<{p}zn>{zones}){_WORD_END}"
        rf"(?:\s*(?P<{p}zs>[+-])\s*(?P<{p}zh>\d{{1,2}})(?::?(?P<{p}zm>\d{{2}}))?(?!\d))?"
        rf"|(?P<{p}os>[+-])(?P<{p}oh>\d{{2}}):?(?P<{p}om>\d{{2}})(?!\d)"
        r"))?"
    )


def _load_calendar() -> dict[str, Any]:
    data = resources.files(_CALENDAR_PACKAGE).joinpath(_CALENDAR_FILE).read_bytes()
    return tomllib.loads(data.decode("utf-8"))


@functools.cache
def _grammar() -> _Grammar:
    raw = _load_calendar()
    months: list[_Month] = []
    for entry in raw["months"]:
        names = (
            entry["indonesian"],
            entry["indonesian_abbr"],
            entry["english"],
            entry["english_abbr"],
            *entry.get("variants", []),
        )
        months.append(
            _Month(
                number=int(entry["number"]),
                indonesian=str(entry["indonesian"]),
                indonesian_abbr=str(entry["indonesian_abbr"]),
                english=str(entry["english"]),
                english_abbr=str(entry["english_abbr"]),
                names=tuple(str(n) for n in names),
            )
        )
    months.sort(key=lambda m: m.number)
    weekdays: list[_Weekday] = []
    for entry in raw["weekdays"]:
        names = (
            entry["indonesian"],
            entry["english"],
            entry["english_abbr"],
            *entry.get("variants", []),
        )
        weekdays.append(
            _Weekday(
                iso=int(entry["iso"]),
                indonesian=str(entry["indonesian"]),
                english=str(entry["english"]),
                english_abbr=str(entry["english_abbr"]),
                names=tuple(str(n) for n in names),
            )
        )
    weekdays.sort(key=lambda w: w.iso)

    month_by_name = {_key(name): m.number for m in months for name in m.names}
    zones = {_key(word): (int(minutes), str(word)) for word, minutes in raw["zones"].items()}
    month_words = _words(list(month_by_name))
    zone_words = _words(list(raw["zones"]))

    # Between a date and its time: ",", "|", "-", "/" in any mix, or just spaces, and
    # optionally "pukul" / "pkl." / "jam" / "at".
    sep = r"\s*(?:[,|/\-–—@]\s*)*(?:(?:pukul|pkl|jam|at)\.?\s*)?"
    date = re.compile(
        "|".join(
            (
                # ISO 8601 and year-first numeric dates: 2025-06-18, 2025-06-18T09:00:00Z.
                r"(?<!\d)(?P<iy>\d{4})(?P<isep>[-/.])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})"
                rf"(?!\d)(?:(?:T|{sep}){_time_pattern('i', zone_words)})?",
                # Day-first numeric dates: 18/06/2025, 18-06-2025, 18.06.2025.
                r"(?<!\d)(?P<nd>\d{1,2})(?P<nsep>[-/.])(?P<nm>\d{1,2})(?P=nsep)(?P<ny>\d{4})"
                rf"(?!\d)(?:{sep}{_time_pattern('n', zone_words)})?",
                # Day, month name, year: 18 Juni 2025, 18 Jun 2025, 18-Jun-2025.
                r"(?<!\d)(?P<td>\d{1,2})(?:st|nd|rd|th)?\s*[-/.]?\s*"
                rf"(?P<tmon>{month_words}){_WORD_END}\.?\s*[-/.,]?\s*(?P<ty>\d{{4}})(?!\d)"
                rf"(?:{sep}{_time_pattern('t', zone_words)})?",
                # Month name, day, year (English): June 18, 2025 4:00 PM.
                rf"{_WORD_START}(?P<emon>{month_words}){_WORD_END}\.?\s*(?P<ed>\d{{1,2}})"
                r"(?:st|nd|rd|th)?(?!\d)\s*,?\s*(?P<ey>\d{4})(?!\d)"
                rf"(?:{sep}{_time_pattern('e', zone_words)})?",
            )
        ),
        re.IGNORECASE,
    )
    time = re.compile(
        rf"(?<![\d.:])(?:(?:pukul|pkl|jam|at)\.?\s*)?{_time_pattern('x', zone_words)}",
        re.IGNORECASE,
    )
    prefixes = _words([str(p) for p in raw["noise"]["prefixes"]])
    noise = re.compile(
        rf"^(?:[\s\W_]*(?:{prefixes}){_WORD_END}(?:\s*[:,\-–—|.]+)?)+[\s\W_]*",
        re.IGNORECASE,
    )
    return _Grammar(
        months=tuple(months),
        weekdays=tuple(weekdays),
        month_by_name=month_by_name,
        zones=zones,
        noise=noise,
        date=date,
        time=time,
    )


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


def _indonesian_local(dt: datetime) -> tuple[datetime, str]:
    """`dt` in its own zone when that is WIB, WITA or WIT by offset, else converted to WIB."""
    offset = dt.utcoffset()
    if offset is None:
        raise ValueError("format_published needs an aware datetime")
    for zone in (WIB, WITA, WIT):
        if offset == zone.utcoffset(None):
            return dt, str(zone.tzname(None))
    return dt.astimezone(WIB), "WIB"


def _english_zone(dt: datetime) -> str:
    offset = dt.utcoffset()
    if offset is None:
        raise ValueError("format_published needs an aware datetime")
    for zone in (WIB, WITA, WIT):
        if offset == zone.utcoffset(None):
            return str(zone.tzname(None))
    total = int(offset.total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total), 60)
    return f"GMT{sign}{hours:02d}:{minutes:02d}"


def _format_indonesian(dt: datetime, style: str) -> str:
    grammar = _grammar()
    local, zone = _indonesian_local(dt)
    month = grammar.months[local.month - 1]
    day_name = grammar.weekdays[local.isoweekday() - 1].indonesian
    d, y = local.day, local.year
    hm = f"{local.hour:02d}:{local.minute:02d}"
    full, abbr = month.indonesian, month.indonesian_abbr
    if style == "liputan6":
        return f"Diperbarui {d:02d} {abbr} {y}, {hm} {zone}"
    if style == "detik":
        return f"{day_name}, {d:02d} {abbr} {y} {hm} {zone}"
    if style == "kompas":
        return f"Kompas.com - {d:02d}/{local.month:02d}/{y}, {hm} {zone}"
    if style == "okezone":
        return f", Jurnalis-{day_name}, {d} {full} {y} |{hm} {zone}"
    if style == "tempo":
        return f"{d} {full} {y} | {local.hour:02d}.{local.minute:02d} {zone}"
    if style == "tribun":
        return f"Tayang: {day_name}, {d} {full} {y} {hm} {zone}"
    if style == "sindonews":
        return f"{day_name}, {d:02d} {full} {y} - {hm} {zone}"
    if style == "posmetro":
        return f"{day_name}, {d} {full} {y}-  {hm} {zone}"
    if style == "republika":
        return f"{day_name}   {d:02d} {abbr} {y}  {hm} {zone}"
    raise AssertionError(style)  # pragma: no cover - guarded by STYLES


_INDONESIAN_STYLES = (
    "liputan6",
    "detik",
    "kompas",
    "okezone",
    "tempo",
    "tribun",
    "sindonews",
    "posmetro",
    "republika",
)

STYLES: tuple[str, ...] = (*_INDONESIAN_STYLES, "iso", "rfc2822", "english")
"""Style names format_published accepts."""


def format_published(dt: datetime, style: str) -> str:
    """Print an aware datetime the way one outlet (or standard) prints publication dates.

    Outlet styles ("liputan6": "Diperbarui 18 Jun 2025, 16:00 WIB", "detik", "kompas",
    "okezone", "tempo", "tribun", "sindonews", "posmetro", "republika") print minutes only, in
    the datetime's own zone when it is WIB, WITA or WIT, else converted to WIB. "iso" and
    "rfc2822" keep seconds and the exact offset; "english" prints "June 18, 2025 4:00 PM WIB".
    Raises ValueError for a naive datetime or an unknown style.
    """
    if style not in STYLES:
        raise ValueError(f"unknown date style {style!r}; expected one of {', '.join(STYLES)}")
    if dt.utcoffset() is None:
        raise ValueError("format_published needs an aware datetime")
    if style in _INDONESIAN_STYLES:
        return _format_indonesian(dt, style)
    if style == "iso":
        return dt.isoformat()
    if style == "rfc2822":
        return format_datetime(dt)
    month = _grammar().months[dt.month - 1].english
    hour12 = dt.hour % 12 or 12
    meridiem = "AM" if dt.hour < 12 else "PM"
    return f"{month} {dt.day}, {dt.year} {hour12}:{dt.minute:02d} {meridiem} {_english_zone(dt)}"
