"""Signals never fail on arbitrary text: one odd article must not stop the clusterer."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from kabar.cluster.signals import extract_signals, significant_numbers
from kabar.cluster.vectors import OnlineTfidf
from kabar.model import Article

VECTORIZER = OnlineTfidf(2**18)


@given(st.text())
def test_significant_numbers_never_raise(text: str) -> None:
    for number in significant_numbers(text):
        assert int(number.replace(".", "").replace(",", "")) >= 0


def test_other_numerals_are_not_figures() -> None:
    assert significant_numbers("suhu 60⁰ dan ٣٠٠ orang, 1.500 tentara") == {"1.500"}


@settings(max_examples=50, deadline=None)
@given(st.text(), st.text())
def test_signals_of_any_article(title: str, text: str) -> None:
    article = Article(
        id="a",
        content_hash="h",
        title=title,
        text=text,
        lang="id",
        published=datetime(2025, 6, 18, tzinfo=UTC),
    )
    signals = extract_signals(article, VECTORIZER)
    assert len(signals.terms[0]) == len(signals.terms[1])
