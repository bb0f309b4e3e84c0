"""One language's speech lexicon (lang/<code>/speech.toml) and the word primitives quotes use."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

# A word keeps inner hyphens, apostrophes and dots ("Tae-hyo", "Jum'at", "Sp.P.D"); a full stop
# after a short capitalised word is kept when it is an abbreviation (see Lexicon.abbreviations).
WORD = re.compile(r"\w+(?:[-'’.]\w+)*", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One language's speech knowledge, read from lang/<code>/speech.toml."""

    after: frozenset[str]
    before: frozenset[str]
    according: tuple[str, ...]
    needs_claim: frozenset[str]
    claim_nouns: frozenset[str]
    inline: frozenset[str]
    that: frozenset[str]
    title_markers: frozenset[str]
    abbreviations: frozenset[str]
    denial_cues: frozenset[str]
    reject: frozenset[str]
    denial_phrases: tuple[str, ...]
    pronouns: frozenset[str]
    demonstratives: frozenset[str]
    suffix: str
    stops: frozenset[str]
    openers: frozenset[str]
    subject_stops: frozenset[str]
    boundaries: frozenset[str]
    titles: frozenset[str]
    descriptions: frozenset[str]
    common: frozenset[str]
    not_names: frozenset[str] = frozenset()  # places and bodies between a title and a name
    also_names: frozenset[str] = frozenset()  # common words that are names too: Lalu, Putri
    alias_cues: tuple[str, ...] = ()  # "akrab disapa Ara": Ara names the person before
    verb_prefixes: tuple[str, ...] = ()  # "me", "ber", "di", "ter": a word like this is a verb
    possessed: frozenset[str] = frozenset()  # "bunyi pernyataan X": nouns X owns after a cue
    full_name_cues: tuple[str, ...] = ()  # "Bro Ron atau … nama lengkap Ronald Aristone Sinaga"
    agent_cues: frozenset[str] = frozenset()  # "disampaikan oleh Imron": who speaks next
    needs_that: frozenset[str] = frozenset()  # "melaporkan" reports speech only before "bahwa"
    needs_possessed: frozenset[str] = frozenset()  # "bunyi" speaks only as "bunyi pernyataan X"
    object_nouns: frozenset[str] = frozenset()  # "meminta bantuan": an act, not speech
    clause_marks: frozenset[str] = frozenset()  # "telah", "akan": a clause, not an object
    negations: frozenset[str] = frozenset()  # "belum mengonfirmasi": nothing was said
    denial_nouns: frozenset[str] = frozenset()  # "penolakan dari X bahwa …"
    legal_terms: frozenset[str] = frozenset()  # "penghinaan dan/atau fitnah": a charge, no denial
    speaker_first: bool = False  # English: "…," Trump said (speaker before an after-cue)

    def is_after_cue(self, word: str) -> bool:
        low = word.lower()
        return low in self.after or (
            bool(self.suffix)
            and low.endswith(self.suffix)
            and low[: -len(self.suffix)] in self.after
        )

    def titleish(self, word: str) -> bool:
        """True for a word of a title or an institution, not of a person's name."""
        low = word.lower().rstrip(".")
        if low in self.titles or low in self.not_names:
            return True
        if low in self.common and low not in self.also_names:
            return True
        letters = word.replace(".", "").replace("-", "")
        return len(letters) > 1 and letters.isupper()


# Lexicon fields read as lower-case word sets under the same key: (section, field names)
_WORD_SETS = (
    (
        "cues",
        "after before needs_claim claim_nouns inline that title_markers abbreviations needs_that"
        " clause_marks object_nouns needs_possessed negations",
    ),
    (
        "speakers",
        "pronouns demonstratives stops openers subject_stops boundaries titles possessed"
        " agent_cues",
    ),
)


@lru_cache(maxsize=4)
def load_lexicon(lang: str = "id") -> Lexicon:
    """The speech lexicon of a language (Indonesian when the language has none)."""
    package = f"kabar.lang.{lang}" if lang in ("id", "en") else "kabar.lang.id"
    data = tomllib.loads(resources.files(package).joinpath("speech.toml").read_text("utf-8"))
    cues, denial, speakers = data["cues"], data["denial"], data["speakers"]

    def words(table: dict[str, object], key: str) -> frozenset[str]:
        return frozenset(str(item).lower() for item in table.get(key, []))  # type: ignore[attr-defined]

    names = data.get("names", {})
    fields: dict[str, Any] = {
        key: words(data[section], key) for section, keys in _WORD_SETS for key in keys.split()
    }
    return Lexicon(
        **fields,
        according=tuple(cues.get("according", [])),
        denial_cues=words(denial, "cues"),
        reject=words(denial, "reject"),
        denial_phrases=tuple(denial.get("phrases", [])),
        denial_nouns=words(denial, "nouns"),
        legal_terms=words(denial, "legal_terms"),
        suffix=str(speakers.get("suffix", "")),
        descriptions=words(speakers, "description_heads"),
        common=frozenset(names.get("common_words", "").split()),
        also_names=frozenset(names.get("also_names", [])),
        not_names=frozenset(names.get("not_names", [])),
        alias_cues=tuple(speakers.get("alias_cues", [])),
        full_name_cues=tuple(speakers.get("full_name_cues", [])),
        verb_prefixes=tuple(speakers.get("verb_prefixes", [])),
        speaker_first=bool(speakers.get("speaker_first", False)),
    )


@dataclass(frozen=True, slots=True)
class Mention:
    """The words that name a speaker at a quote, with their offsets."""

    text: str
    start: int
    end: int
    suffix: bool = False  # "ujarnya": the speaker is the -nya of the cue word


def words_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in WORD.finditer(text, start, end)]


def is_capital(word: str) -> bool:
    return word[:1].isupper()
