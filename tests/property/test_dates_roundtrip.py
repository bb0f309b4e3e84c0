"""Property tests for kabar.clean.dates: every printed style parses back to the same instant."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from kabar.clean.dates import STYLES, WIB, WIT, WITA, format_published, parse_published

ZONES = st.sampled_from([WIB, WITA, WIT])

minute_datetimes = st.builds(
    lambda naive, zone: naive.replace(tzinfo=zone),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 12, 31, 23, 59)).map(
        lambda d: d.replace(second=0, microsecond=0)
    ),
    ZONES,
)


@given(dt=minute_datetimes, style=st.sampled_from(STYLES))
def test_format_then_parse_is_identity(dt: datetime, style: str) -> None:
    text = format_published(dt, style)
    parsed = parse_published(text)
    assert parsed is not None, text
    assert parsed == dt, text  # aware datetimes compare as instants
    assert parsed.utcoffset() == dt.utcoffset(), text


@given(dt=minute_datetimes, style=st.sampled_from(STYLES), default=ZONES)
def test_roundtrip_ignores_default_tz(dt: datetime, style: str, default: timezone) -> None:
    assert parse_published(format_published(dt, style), default_tz=default) == dt


@given(
    dt=st.datetimes(
        min_value=datetime(1990, 1, 2), max_value=datetime(2100, 12, 30), timezones=st.just(None)
    ),
    offset_minutes=st.integers(min_value=-14 * 60, max_value=14 * 60),
    style=st.sampled_from(["iso", "rfc2822", "english"]),
)
def test_standard_styles_keep_any_offset(dt: datetime, offset_minutes: int, style: str) -> None:
    aware = dt.replace(second=0, microsecond=0, tzinfo=timezone(timedelta(minutes=offset_minutes)))
    assert parse_published(format_published(aware, style)) == aware


@given(st.text())
def test_parse_never_raises(text: str) -> None:
    result = parse_published(text)
    assert result is None or result.utcoffset() is not None


@given(st.text(), st.text())
def test_parse_with_time_column_never_raises(text: str, time_text: str) -> None:
    result = parse_published(text, time_text=time_text)
    assert result is None or result.utcoffset() is not None


@given(
    prefix=st.text(alphabet=st.characters(blacklist_categories=["Nd"]), max_size=20),
    dt=minute_datetimes,
    style=st.sampled_from(STYLES),
)
def test_digit_free_prefix_does_not_change_the_date(prefix: str, dt: datetime, style: str) -> None:
    text = format_published(dt, style)
    # Glue the prefix on with a space so it cannot merge into a month or zone word.
    parsed = parse_published(prefix + " " + text)
    assert parsed == dt, prefix + " " + text
