"""Give each outlet one canonical name, from a URL, a domain or a printed name."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

# Second-level labels under a country code that are registries, not outlets: "republika.co.id".
_REGISTRY_LABELS = frozenset(
    {"co", "or", "go", "ac", "web", "sch", "net", "com", "org", "my", "ne"}
)


@cache
def _names() -> dict[str, str]:
    text = resources.files("kabar.lang").joinpath("outlets.toml").read_text("utf-8")
    names: dict[str, str] = tomllib.loads(text)["names"]
    return names


def registered_domain(host: str) -> str:
    """ "oto.detik.com" -> "detik.com"; "news.republika.co.id" -> "republika.co.id"."""
    labels = host.lower().strip(".").removeprefix("www.").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _REGISTRY_LABELS:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def canonical_outlet(name: str | None, url: str | None = None) -> str | None:
    """The outlet's canonical name: the printed name wins when known, else the URL's domain."""
    names = _names()
    if name and name.strip():
        key = name.strip().lower()
        if key in names:
            return names[key]
        if "." in key and " " not in key:
            domain = registered_domain(key)
            return names.get(domain, domain)
    if url:
        host = urlsplit(url).hostname
        if host:
            domain = registered_domain(host)
            if domain in names or not (name and name.strip()):
                return names.get(domain, domain)
    return name.strip() if name and name.strip() else None
