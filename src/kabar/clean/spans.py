"""Keep the ledger of which spans of the normalised text which boilerplate rule has claimed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kabar.model import Attribution

__all__ = ["Found", "Rule", "Work", "line_end"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled rule from boilerplate.toml."""

    id: str
    reason: str
    where: str
    action: str
    pattern: re.Pattern[str]
    kind: str | None = None
    after: re.Pattern[str] | None = None
    needles: tuple[str, ...] = ()  # one must occur in the lower-cased body, or the rule is skipped
    under_headings: bool = False  # a start rule that may match below short heading lines

    def may_match(self, lowered: str) -> bool:
        return not self.needles or any(needle in lowered for needle in self.needles)


@dataclass(frozen=True, slots=True)
class Found:
    start: int
    end: int
    rule: Rule
    sep: str  # what replaces the span when it sits inside a line: "", " " or "\n"


@dataclass(slots=True)
class Work:
    """The normalised text and what has been claimed of it so far."""

    text: str
    mask: bytearray
    found: list[Found] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        return start < end and self.mask.find(1, start, end) == -1

    def take(self, start: int, end: int, rule: Rule, sep: str = " ") -> None:
        inside_line = (
            start > 0
            and self.text[start - 1] != "\n"
            and end < len(self.text)
            and self.text[end] != "\n"
        )
        self.mask[start:end] = b"\x01" * (end - start)
        self.found.append(Found(start, end, rule, sep if inside_line else ""))


def line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end == -1 else end
