"""The calendar grammar publication dates are read with: month, weekday and zone words, patterns."""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
from datetime import timedelta, timezone
from importlib import resources
from typing import Any

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
