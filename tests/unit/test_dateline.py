"""Unit tests for reading an undated document's date line (kabar.clean.article)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kabar.clean.article import Defaults, dateline_published, prepare_article
from kabar.clean.dates import WIB
from kabar.model import RawDocument

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
DEFAULTS = Defaults(outlet=None, published=None, now=NOW, zone=UTC)


def document(text: str, title: str | None = None, published: datetime | None = None) -> RawDocument:
    return RawDocument(origin="t", fmt="txt", raw=text, text=text, title=title, published=published)


BODY = "A strong earthquake hit the province on Tuesday, officials said, and dozens were hurt."


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        # a date line under the title, as the ECB+ half of ECB+ prints them
        ("Five dead in Indonesia quake", f"Tuesday, July 2nd, 2013\n{BODY}", datetime(2013, 7, 2)),
        # a wire date line with a place
        ("Quake hits Aceh", f"INDONESIA, July 2, 2013\n{BODY}", datetime(2013, 7, 2)),
        # the title itself is the date line, with a time and a zone
        ("3 July 2013 Last updated at 13:38 GMT", BODY, datetime(2013, 7, 3, 13, 38)),
        # an Indonesian outlet's line, local time (WIB)
        (
            "Gempa di Aceh",
            f"Rabu, 18 Juni 2025 10:05 WIB\n{BODY}",
            datetime(2025, 6, 18, 3, 5),
        ),
    ],
)
def test_date_line_at_the_head_is_read(title: str, text: str, expected: datetime) -> None:
    assert dateline_published(document(text, title), DEFAULTS) == expected.replace(tzinfo=UTC)


def test_a_date_without_a_zone_is_in_the_run_zone() -> None:
    defaults = Defaults(outlet=None, published=None, now=NOW, zone=WIB)
    found = dateline_published(document(f"July 2, 2013\n{BODY}", "Quake"), defaults)
    assert found == datetime(2013, 7, 2, tzinfo=WIB)


@pytest.mark.parametrize(
    "text",
    [
        # a sentence that mentions a date is not a date line
        "On July 2, 2013 a strong earthquake struck the province of Aceh and killed at least "
        "twenty-four people, officials said.\n" + BODY,
        # a date line below the first lines is not the head's
        f"{BODY}\n{BODY}\n{BODY}\nJuly 2, 2013",
        # no year: no date
        f"Tuesday, July 2\n{BODY}",
        # after the run's time, or before 1900: not a publication date
        f"July 2, 2031\n{BODY}",
        f"July 2, 1850\n{BODY}",
    ],
)
def test_no_date_line(text: str) -> None:
    assert dateline_published(document(text, "Quake"), DEFAULTS) is None


def test_article_takes_date_line_only_when_the_input_gives_no_date() -> None:
    text = f"July 2, 2013\n{BODY}"
    undated = prepare_article(document(text, "Quake"), DEFAULTS)
    assert undated.published == datetime(2013, 7, 2, tzinfo=UTC)
    assert not undated.published_estimated
    given = datetime(2013, 7, 5, 9, tzinfo=UTC)
    assert prepare_article(document(text, "Quake", given), DEFAULTS).published == given
    # a date line wins over the run's stand-in date for undated input (`--published`)
    standin = Defaults(outlet=None, published=NOW - timedelta(days=1), now=NOW, zone=UTC)
    assert prepare_article(document(text, "Quake"), standin).published.year == 2013
    nothing = prepare_article(document(BODY, "Quake"), DEFAULTS)
    assert nothing.published == NOW
    assert nothing.published_estimated
