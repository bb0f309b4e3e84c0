"""Give every entity its canonical name: alias tables, a gazetteer, abbreviations, later mentions.

The knowledge is data in ``kabar/lang/aliases/*.toml``; this module only applies it.
Conventions: a country's canonical is its Indonesian name ("Korea Utara" for Korut, North Korea,
DPRK); an organisation's is its full Indonesian name where there is one ("Perserikatan
Bangsa-Bangsa" for PBB, UN); a person's is the fullest name the article gives, without titles.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from kabar.errors import KabarError
from kabar.model import Entity

if TYPE_CHECKING:
    from kabar.extract.abbreviations import Abbreviation

_DATA = "kabar.lang.aliases"
_WORD = re.compile(r"[^\W_]+")
# What may separate the words of one name: spaces, or one hyphen, apostrophe, dot, slash or comma
# ("Bangsa-Bangsa", "Côte d'Ivoire", "ATR/BPN", "Meteorologi, Klimatologi"); never a line break.
_JOIN = re.compile(r"[ \t\u00a0]*[-‐‑–'’./,]?[ \t\u00a0]*")
_WORD_BEFORE = re.compile(r"([^\W_][\w'-]*)[ \t\u00a0]+\Z")
# The next word, past spaces and a bracketed aside such as a date: "Selasa (22/10) berjanji".
_WORD_AFTER = re.compile(r"[ \t\u00a0]+(?:\([^()\n]{0,40}\)[ \t\u00a0]+)?([^\W_][\w'-]*)")
_MONEY_AFTER = re.compile(r"\$|[ \t]?\d")  # "US$ 5", "NIS 3.048": a currency, not a name
_AGE_AFTER = re.compile(r"[ \t]?\(\d{1,3}\)")  # "AS (35)": someone's initials and age
_EDGE_PUNCTUATION = " ,;:!?\"'“”‘’"


def canonical_key(name: str) -> str:
    """The form names are compared in: lower case, accents folded, words joined by one space."""
    return " ".join(_WORD.findall(_fold(name)))


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _spaced(text: str) -> str:
    """Spacing normalised; quotes, commas and unmatched brackets caught at the edges dropped."""
    spaced = " ".join(text.split())
    out = spaced.strip(_EDGE_PUNCTUATION)
    if out.startswith("(") and out.endswith(")"):
        out = out[1:-1]
    if out.endswith(")") and out.count("(") < out.count(")"):
        out = out[:-1]
    if out.startswith("(") and out.count("(") > out.count(")"):
        out = out[1:]
    return out.strip(_EDGE_PUNCTUATION) or spaced


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """What a known name stands for."""

    canonical: str
    kind: str  # PLACE or ORG
    role: str  # country, region, capital, seat, demonym, org
    stands_for: str | None = None  # a capital or seat: the government it names when it acts


@dataclass(frozen=True, slots=True)
class _Name:
    """One gazetteer name: what it resolves to (None for a blocker) and its case rules."""

    entry: AliasEntry | None
    exact: tuple[str | None, ...]  # per word, the spelling an acronym word must have; else None
    commas: bool  # whether the name has a comma ("Badan Meteorologi, Klimatologi, ...")

    def accepts(self, words: Sequence[str], commas: bool) -> bool:
        if commas and not self.commas:
            return False  # "Afrika-Amerika, Latin" is a list, not "Amerika Latin"
        if self.entry is None:
            return True
        if not (words[0][0].isupper() or words[0][0].isdigit()):
            return False  # proper names are capitalised: "as" is not AS, "antara" not ANTARA
        return all(want is None or want == got for want, got in zip(self.exact, words, strict=True))


@dataclass(frozen=True)
class _ActorRules:
    """When a capital or seat stands for its government: see [actor] in rules.toml."""

    max_skip: int
    verb_prefixes: tuple[str, ...]
    actor_before: frozenset[str]
    through: frozenset[str]
    place_before: frozenset[str]
    skip: frozenset[str]
    coordination: frozenset[str]
    verbs: frozenset[str]
    not_verbs: frozenset[str]

    def is_verb(self, word: str) -> bool:
        if word in self.verbs:
            return True
        return word.startswith(self.verb_prefixes) and len(word) > 4 and word not in self.not_verbs


@dataclass
class AliasTable:
    """Every known name by its canonical_key, and the gazetteer built from the same names."""

    entries: dict[str, AliasEntry] = field(default_factory=dict)
    names: dict[tuple[str, ...], _Name] = field(default_factory=dict)
    longest: dict[str, int] = field(default_factory=dict)  # first word -> most words of a name
    titles: frozenset[tuple[str, ...]] = frozenset()  # person titles, as key words
    currency: frozenset[str] = frozenset()  # acronyms that are also currency prefixes
    initials_before: frozenset[str] = frozenset()  # words before someone's initials
    before_abbreviation: frozenset[str] = frozenset()  # "anemia defisiensi besi atau (ADB)"
    org_heads: frozenset[str] = frozenset()  # "Dewan", "Council": a long form names a body
    actor: _ActorRules | None = None

    def lookup(self, name: str) -> AliasEntry | None:
        """The entry a name is an alias of: case-, accent- and spacing-insensitive."""
        return self.entries.get(canonical_key(name))

    def canonical(self, name: str) -> str | None:
        """ "korut" -> "Korea Utara"; "North Korea" -> "Korea Utara"; unknown -> None."""
        entry = self.lookup(name)
        return entry.canonical if entry else None

    def add(self, names: Iterable[str], entry: AliasEntry, gazetteer: bool = True) -> None:
        for name in names:
            key = canonical_key(name)
            known = self.entries.setdefault(key, entry)
            if known.canonical != entry.canonical:
                raise KabarError(
                    f"alias {name!r} names both {known.canonical!r} and {entry.canonical!r}"
                )
            if gazetteer:
                self._add_name(name, entry)

    def _add_name(self, name: str, entry: AliasEntry | None) -> None:
        words = _WORD.findall(name)
        keys = tuple(_fold(word) for word in words)
        exact = tuple(w if w.isupper() and entry is not None else None for w in words)
        self.names.setdefault(keys, _Name(entry, exact, "," in name))
        self.longest[keys[0]] = max(self.longest.get(keys[0], 0), len(keys))

    def match(
        self, text: str, spans: Sequence[tuple[int, int]], keys: Sequence[str], i: int
    ) -> tuple[int, _Name | None]:
        """The longest name starting at word i: (how many words, the name), or (1, None)."""
        most = self.longest.get(keys[i])
        if most is None:
            return 1, None
        gaps: list[bool] = []  # whether each gap inside the reach holds a comma
        while len(gaps) + 1 < most and i + len(gaps) + 1 < len(keys):
            gap = (spans[i + len(gaps)][1], spans[i + len(gaps) + 1][0])
            if not _JOIN.fullmatch(text, *gap):
                break
            gaps.append("," in text[gap[0] : gap[1]])
        for size in range(len(gaps) + 1, 0, -1):
            name = self.names.get(tuple(keys[i : i + size]))
            words = [text[s:e] for s, e in spans[i : i + size]]
            if name and name.accepts(words, any(gaps[: size - 1])):
                return size, name
        return 1, None

    def initials_or_money(self, text: str, start: int, end: int) -> bool:
        """An acronym written as money ("US$", "NIS 3.048") or as someone's initials ("tersangka
        MK", "AS (35)"): Indonesian news names suspects and victims by their initials."""
        written = text[start:end]
        if not written.isupper():
            return False
        after = text[end : end + 6]
        if (written in self.currency and _MONEY_AFTER.match(after)) or _AGE_AFTER.match(after):
            return True
        before = _word_before(text, start)
        return before is not None and before[0] in self.initials_before


def _read(filename: str) -> dict[str, Any]:
    return tomllib.loads(resources.files(_DATA).joinpath(filename).read_text("utf-8"))


def _all(item: dict[str, Any], name: str = "name", aliases: str = "aliases") -> list[str]:
    return [item[name], *item.get(aliases, [])] if name in item else []


@cache
def load_aliases() -> AliasTable:
    """The alias table from countries.toml, organisations.toml and rules.toml (read once)."""
    countries, orgs, rules = (
        _read(f) for f in ("countries.toml", "organisations.toml", "rules.toml")
    )
    table = AliasTable()
    never = set(rules["actor"]["never"])
    for c in countries["country"]:
        table.add(_all(c), AliasEntry(c["name"], "PLACE", "country"))
        table.add(c.get("demonyms", []), AliasEntry(c["name"], "PLACE", "demonym"), gazetteer=False)
        government = None if c.get("capital") in never else c.get("stands_for", c["name"])
        capital = _all(c, "capital", "capital_aliases")
        table.add(
            capital, AliasEntry(capital[0] if capital else "", "PLACE", "capital", government)
        )
        for seat in c.get("seats", []):
            table.add(_all(seat), AliasEntry(seat["name"], "PLACE", "seat", government))
    for r in countries.get("region", []):
        table.add(_all(r), AliasEntry(r["name"], "PLACE", "region"))
    for o in orgs["org"]:
        table.add(_all(o), AliasEntry(o["name"], o.get("kind", "ORG"), "org"))
    excluded = {tuple(canonical_key(n).split()) for n in rules["gazetteer"]["exclude"]}
    table.names = {k: v for k, v in table.names.items() if k not in excluded}
    for word in rules["gazetteer"]["language_words"]:
        for language in rules["gazetteer"]["languages"]:
            table._add_name(f"{word} {language}", None)
    table.currency = frozenset(rules["gazetteer"]["currency"])
    table.initials_before = frozenset(rules["gazetteer"]["initials_before"])
    table.before_abbreviation = frozenset(rules["abbreviation"]["skip_before"])
    table.org_heads = frozenset(w.lower() for w in rules["abbreviation"]["org_heads"])
    table.titles = frozenset(tuple(canonical_key(t).split()) for t in rules["person"]["titles"])
    a = rules["actor"]
    lists = {
        k: frozenset(v) for k, v in a.items() if k not in {"max_skip", "verb_prefixes", "never"}
    }
    table.actor = _ActorRules(a["max_skip"], tuple(a["verb_prefixes"]), **lists)
    return table


def _words(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    spans, keys = [], []
    for m in _WORD.finditer(text):
        spans.append(m.span())
        keys.append(_fold(m.group()))
    return spans, keys


def find_known(text: str) -> list[Entity]:
    """Known names in a text (longest match, whole words), as entities with source "gazetteer".

    Names must start with a capital; words written all in capitals in the table (AS, MA, PAN)
    match only so written. Capitals stay cities here: resolve() decides when they act.
    """
    table = load_aliases()
    spans, keys = _words(text)
    found: list[Entity] = []
    i = 0
    while i < len(keys):
        size, name = table.match(text, spans, keys, i)
        start, end = spans[i][0], spans[i + size - 1][1]
        entry = name.entry if name is not None else None
        if entry is not None and not table.initials_or_money(text, start, end):
            found.append(
                Entity(text[start:end], start, end, entry.kind, entry.canonical, "gazetteer")
            )
        i += size
    return found


def _word_before(text: str, pos: int) -> tuple[str, int] | None:
    m = _WORD_BEFORE.search(text, max(0, pos - 40), pos)
    return (m.group(1).lower(), m.start()) if m else None


def _acts(text: str, start: int, end: int, rules: _ActorRules) -> bool:
    """Whether the capital or seat at text[start:end] acts (the rule is in rules.toml [actor])."""
    before = _word_before(text, start)
    if before is not None:
        word, at = before
        if word in rules.actor_before:
            return True
        if word in rules.through:
            earlier = _word_before(text, at)
            if earlier is not None and earlier[0] in rules.actor_before:
                return True
        if word in rules.place_before:
            return False
    pos = end
    for _ in range(rules.max_skip + 1):
        m = _WORD_AFTER.match(text, pos)
        if m is None:
            return False
        word = m.group(1).lower()
        if rules.is_verb(word):
            return True
        if word in rules.coordination:  # "Pyongyang dan Moskow terus membangun"
            m = _WORD_AFTER.match(text, m.end())
            if m is None or not m.group(1)[0].isupper():
                return False
        elif word not in rules.skip:
            return False
        pos = m.end()
    return False


def _person_name(text: str, table: AliasTable) -> str:
    """A name without leading titles: "Presiden Rusia Vladimir Putin" -> "Vladimir Putin"."""
    spans, keys = _words(text)
    i = 0
    while i < len(keys) - 1:
        sizes = range(min(4, len(keys) - 1 - i), 0, -1)  # a name keeps at least one word
        size = next((n for n in sizes if tuple(keys[i : i + n]) in table.titles), 0)
        if not size:
            break
        i += size
        if i < len(keys) - 1:  # the country or body the title belongs to goes with it
            taken, name = table.match(text, spans, keys, i)
            if name is not None and name.entry is not None and i + taken < len(keys):
                i += taken
    return _spaced(text[spans[i][0] :]) if keys else _spaced(text)


def _resolve_person(name: str, full: dict[str, str]) -> str:
    """A later mention ("Kim") -> the one full name containing it, or itself if none or several."""
    key = canonical_key(name)
    if key in full:
        return full[key]
    words = key.split()
    n = len(words)
    hits = [k for k in full if any(k.split()[i : i + n] == words for i in range(len(k.split())))]
    return full[hits[0]] if len(hits) == 1 else name


def _overlaps(entity: Entity, others: Sequence[Entity]) -> bool:
    return any(entity.start < o.end and o.start < entity.end for o in others)


def _from_definitions(
    text: str, defs: Sequence[Abbreviation], known: Sequence[Entity]
) -> list[Entity]:
    """Entities for defined abbreviations and their long forms, when the long form is a name:
    already an entity, or an organisation's name ("Dewan Keamanan Nasional (NSC)")."""
    heads = load_aliases().org_heads
    added: list[Entity] = []
    for d in defs:
        kinds = [e.kind for e in known if e.start < d.end and d.start < e.end]
        words = _WORD.findall(d.long)
        named = words[0][0].isupper() and words[-1][0].isupper()
        if not kinds and not (named and heads & {_fold(words[0]), _fold(words[-1])}):
            continue
        kind = kinds[0] if kinds else "ORG"
        spans = [(d.start, d.end)]
        pattern = rf"(?<![\w-]){re.escape(d.abbr)}(?![\w-])"
        spans += [m.span() for m in re.finditer(pattern, text)]
        for start, end in spans:
            entity = Entity(text[start:end], start, end, kind, d.long, "abbreviation")
            if not _overlaps(entity, [*known, *added]):
                added.append(entity)
    return added


def resolve(text: str, entities: Sequence[Entity]) -> tuple[Entity, ...]:
    """The entities with `canonical` filled, plus known names the model missed, in offset order.

    In order: an abbreviation the text defines; a person's later mention resolved to the one full
    name that contains it; the alias table (a capital that acts stands for its government); else
    the text with its spacing normalised. Added where no model entity overlaps them: names the
    text defines with an abbreviation ("Ikatan Dokter Indonesia (IDI)"), then gazetteer matches.
    """
    table = load_aliases()
    merged = sorted(entities, key=lambda e: (e.start, e.end))
    from kabar.extract.abbreviations import learn_abbreviations  # it reads this table

    defs = learn_abbreviations(text)
    merged += _from_definitions(text, defs, merged)  # a defined name beats a gazetteer match in it
    merged += [g for g in find_known(text) if not _overlaps(g, merged)]
    learned: dict[str, str] = {}
    for d in defs:
        learned.setdefault(canonical_key(d.abbr), table.canonical(d.long) or _spaced(d.long))
    full: dict[str, str] = {}
    for e in merged:
        if e.kind == "PERSON":
            name = _person_name(e.text, table)
            if len(canonical_key(name).split()) >= 2:
                full.setdefault(canonical_key(name), name)
    resolved = [replace(e, canonical=_canonical(text, e, table, learned, full)) for e in merged]
    return tuple(sorted(resolved, key=lambda e: (e.start, e.end, e.kind, e.canonical)))


def _canonical(
    text: str, e: Entity, table: AliasTable, learned: dict[str, str], full: dict[str, str]
) -> str:
    key = canonical_key(e.text)
    if key in learned:
        return learned[key]
    if e.kind == "PERSON":
        return _resolve_person(_person_name(e.text, table), full)
    entry = table.entries.get(key)
    if entry is None:
        return _spaced(e.text)
    if entry.stands_for and table.actor and _acts(text, e.start, e.end, table.actor):
        return entry.stands_for
    return entry.canonical
