"""Print publication dates the way Indonesian outlets (or standards) print them."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime

from kabar.clean.dates_grammar import WIB, WIT, WITA, _grammar

__all__ = ["STYLES", "format_published"]


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
