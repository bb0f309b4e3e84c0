"""Outlet names: one canonical name per outlet, whatever form the input gives."""

from __future__ import annotations

import pytest

from kabar.clean.outlets import canonical_outlet, registered_domain


@pytest.mark.parametrize(
    ("name", "url", "expected"),
    [
        ("liputan6.com", None, "Liputan6"),
        ("Liputan6.com", None, "Liputan6"),
        ("oto.detik.com", None, "detikcom"),
        ("Tribunnews", "https://aceh.tribunnews.com/2025/06/10/x", "Tribunnews"),
        (None, "https://news.republika.co.id/berita/x", "Republika"),
        (None, "https://www.example-news.co.id/a/b", "example-news.co.id"),
        ("ANTARA", None, "ANTARA"),
        ("Wikinews (en)", None, "Wikinews (en)"),
        ("  ", None, None),
        (None, None, None),
    ],
)
def test_canonical_outlet(name: str | None, url: str | None, expected: str | None) -> None:
    assert canonical_outlet(name, url) == expected


def test_registered_domain_keeps_country_registries() -> None:
    assert registered_domain("news.republika.co.id") == "republika.co.id"
    assert registered_domain("www.bbc.co.uk") == "bbc.co.uk"
    assert registered_domain("sport.detik.com") == "detik.com"
