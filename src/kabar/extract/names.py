"""Who a speaker mention means: the fullest name in the article, aliases, titles and pronouns."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from kabar.extract.names_text import (
    _CAMEL,
    _PARTICLES,
    _anaphor,
    _capital_runs,
    _contains,
    _cue_matches,
    _key,
    _opens_sentence,
    _spelled,
)
from kabar.extract.speech import WORD, Lexicon, Mention, is_capital, load_lexicon
from kabar.model import Entity

_PLACE_BEFORE = frozenset(("di", "ke", "dari", "negara", "kota", "kabupaten", "provinsi", "in"))


def speaker_key(name: str) -> str:
    """A speaker name normalised for comparison: no accents, case, punctuation or leading titles."""
    lexicon = load_lexicon("id")
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    tokens = re.findall(r"\w+", folded.replace("-", ""))
    while len(tokens) > 1 and tokens[0] in lexicon.titles:
        tokens = tokens[1:]
    return " ".join(tokens)


@dataclass(frozen=True, slots=True)
class Draft:
    """A quote before its speaker is resolved."""

    start: int
    end: int
    kind: str
    cue: str | None
    mention: Mention | None
    para: int
    follows: bool = False  # no speaker of its own: the one of the quote before (or after) it
    context: str = ""  # the words before the quote in its sentence, read for denials


@dataclass
class Names:
    """The names an article uses, to resolve short and pronoun mentions to the fullest form."""

    text: str
    lex: Lexicon
    entities: Sequence[Entity] = ()
    full: list[tuple[int, str]] = field(default_factory=list)  # (position, title-free name)
    spoken: list[tuple[int, str]] = field(default_factory=list)  # (position, resolved speaker)
    aliases: dict[str, str] = field(default_factory=dict)  # "NSC", "Ara" -> the full name
    runs: list[tuple[int, list[str]]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    cuts: dict[str, int | None] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        # what strip_titles asks of every name, counted once: words used as places ("ke
        # Rusia"), and how often each word and each pair of words stands in the text
        tokens = [(m.group(), m.start(), m.end()) for m in WORD.finditer(self.text)]
        self.places = {
            word
            for (low, _, end), (word, start, _) in itertools.pairwise(tokens)
            if low.lower() in _PLACE_BEFORE and not self.text[end:start].strip()
        }
        self.counts = Counter(word for word, _, _ in tokens)
        self.pairs = Counter(
            (a, b)
            for (a, _, end), (b, start, _) in itertools.pairwise(tokens)
            if self.text[end:start] == " "
        )
        raw = _capital_runs(self.text)
        self.seen = {word for _, words in raw for word in words}
        for start, words in raw:
            words = self.unglue(words)
            self.runs.append((start, words))
            name = self.strip_titles(words)
            if name:
                self.full.append((start, name))
            after = self.text[start + len(" ".join(words)) :][:30]
            alias = re.match(r" \((\w[\w ]{1,24})\)", after)
            if alias and len(words) > 1 and is_capital(alias.group(1)):
                self.aliases.setdefault(alias.group(1), name or _spelled(words, alias.group(1)))
        for entity in self.entities:
            # the tagger's people, as the alias step named them, count as names written in full
            person = self.strip_titles(self.unglue(entity.canonical.split()))
            if entity.kind == "PERSON" and len(person.split()) > 1:
                self.full.append((entity.start, person))
        self._nicknames()
        self.agents = self._agents()

    def _nicknames(self) -> None:
        """ "Muhammad Rais alias Rais Simson", "Maruarar Sirait atau akrab disapa Ara" (glued
        "disapaBro Ron" too), and "Bro Ron atau … nama lengkap Ronald Aristone Sinaga"."""
        named = r"\s*([A-Z][\w'-]*(?: [A-Z][\w'-]*)?)"
        for match in _cue_matches(self.lex.alias_cues, named, self.text):
            people = [n for pos, n in self.full if pos < match.start() and len(n.split()) > 1]
            nickname = " ".join(self.unglue(match.group(1).split()))
            if people and nickname and nickname != people[-1]:
                self.aliases.setdefault(nickname, people[-1])
        full = r"\s+([A-Z][\w'-]*(?: [A-Z][\w'.-]*){1,4})"
        for match in _cue_matches(self.lex.full_name_cues, full, self.text):
            before = [(pos, w) for pos, w in self.runs if pos < match.start()]
            name = self.strip_titles(self.unglue(match.group(1).split()))
            if before and len(name.split()) > 1:
                short = self.strip_titles(before[-1][1]) or " ".join(before[-1][1])
                self.aliases[short] = name  # the full name the article spells out wins
                self.full.append((match.start(1), name))

    def _agents(self) -> list[tuple[int, list[str]]]:
        """Names right after "oleh" or a passive speech verb: the next speaker ("… disampaikan
        oleh Imron (38). “…,” kata dia.")."""
        found = []
        for number, (start, words) in enumerate(self.runs):
            head = self.text[max(0, start - 40) : start]
            before = [w.lower() for w in WORD.findall(head)[-3:]]
            if not re.search(r"\w\s+$", head):
                continue  # "saat dikonfirmasi, Rabu": no agent after a comma
            if not self.strip_titles(words) and number + 1 < len(self.runs):
                # "oleh Direktur Jenderal Perhubungan Laut Kemenhub, Muhammad Masyhud"
                after = self.runs[number + 1]
                if self.text[start + len(" ".join(words)) : after[0]] == ", ":
                    words = after[1]
            if before and (
                before[-1] in self.lex.agent_cues
                or (before[-1] == "oleh" and self.lex.agent_cues & set(before[:-1]))
            ):
                found.append((start, words))
        return found

    def unglue(self, words: list[str]) -> list[str]:
        """Undo glued scraped words: "BicaraDensus" -> "Bicara Densus", "Yollatelah" -> "Yolla"."""
        out: list[str] = []
        cut: int | None = None
        for word in words:
            for part in _CAMEL.sub(" ", word).split():
                cut = self._cut(part)
                out.extend((part[:cut], part[cut:]) if cut else (part,))
        if cut:
            out.pop()  # "Yolla Yulianatelah": the glued "telah" ends the name
        return out

    def _cut(self, part: str) -> int | None:
        if part not in self.cuts:  # memoised: the same names come back in every run
            tries = range(2, len(part) - 2) if len(part) >= 7 and not part.isupper() else ()
            self.cuts[part] = next((k for k in tries if self._glued(part, k)), None)
        return self.cuts[part]

    def _glued(self, part: str, k: int) -> bool:
        head, tail = part[:k], part[k:]
        return tail.islower() and tail in self.lex.common and (head in self.seen or head.isupper())

    def strip_titles(self, words: list[str]) -> str:
        """ "Wakil Penasihat Keamanan Nasional Kim Tae-hyo" -> "Kim Tae-hyo" ("" if no name)."""
        keep: list[str] = []
        for word in reversed(words):
            if word in ("dan", "serta", "&") and keep:
                return ""  # "Badan Meteorologi Klimatologi dan Geofisika" names a body
            if self.lex.titleish(word) or not (is_capital(word) or word in _PARTICLES):
                break
            keep.insert(0, word)
        while keep and keep[0] in _PARTICLES:
            keep = keep[1:]
        while (len(keep) > 1 and keep[0] in self.places) or self._org_before(keep):
            keep = keep[1:]
        return " ".join(keep)

    def _org_before(self, keep: list[str]) -> bool:
        """ "Danantara Dony Oskaria": the first word stands apart elsewhere, and so does "Dony"."""
        if len(keep) < 3:
            return False
        together = self.pairs[(keep[0], keep[1])]
        return self.counts[keep[0]] > together and self.counts[keep[1]] > together

    def resolve(self, mention: Mention, at: int) -> str | None:
        """A full name, a description, or the person a pronoun means."""
        # "Badan Meteorologi … (BMKG)": the abbreviation after a name is not part of it
        words = self.unglue(WORD.findall(re.sub(r"\s*\([^()]*\)$", "", mention.text)))
        if mention.suffix or mention.text.lower() in self.lex.pronouns or _anaphor(words, self.lex):
            subject = None if mention.suffix else self.main_subject(mention, at)
            return subject or self.last(at)
        if not words or words[0].lower() in self.lex.descriptions:
            return mention.text.strip(" ,.") or None
        several = self._several(mention, at)
        if several is not None:
            return several
        entity = self._entity(mention, at)
        if entity is not None:
            return entity
        if not is_capital(words[0]):
            expanded = self.expand(words)  # "majelis hakim" written in full elsewhere
            while len(words) > 1 and not is_capital(words[0]) and self.lex.titleish(words[0]):
                words = words[1:]  # "hakim Purwanto" names Purwanto
            if expanded or not is_capital(words[0]):
                return expanded or mention.text.strip(" ,.")
        joined = " ".join(words)
        if joined in self.aliases:
            return self.aliases[joined]
        name = self.strip_titles(words)
        if not name:
            if words[0].lower() not in self.lex.titles:  # "Korea Utara", "Dewan Keamanan"
                return self.expand(words) or joined
            return self.holder(words, at) or self.expand(words) or self.person(at) or joined
        return self.fullest(name, at)

    def fullest(self, name: str, at: int) -> str:
        tokens = name.split()
        for source in (self.spoken, self.full):
            found = [
                (pos, full)
                for pos, full in source
                if len(full.split()) > len(tokens)
                and _contains(full.split(), tokens)
                and not any(ch.isdigit() for ch in full)  # "POCO F7" is a product of POCO
            ]
            before = [item for item in found if item[0] < at]
            pick = max(before)[1] if before else (min(found)[1] if found else None)
            if pick:
                return self.aliases.get(pick, pick)  # "Rais Simson" is Muhammad Rais's alias
        if len(tokens) == 1 and len(name) >= 3:  # "Wira" for "Wiradarma Harefa"
            nick = [n for _, n in self.full if len(n.split()) > 1 and n.startswith(name)]
            if nick:
                return nick[0]
        return name

    def holder(self, title: list[str], at: int) -> str | None:
        """ "kata Kasipenkum Kejagung" -> the name that follows that title elsewhere."""
        wanted = [w.lower() for w in title]
        found = []
        for start, words in self.runs:
            low = [w.lower() for w in words]
            for i in range(len(low) - len(wanted) + 1):
                if low[i : i + len(wanted)] == wanted:
                    name = self.strip_titles(words[i + len(wanted) :])
                    if name:
                        found.append((start >= at, abs(start - at), name))
        return min(found)[2] if found else None

    def expand(self, words: list[str]) -> str | None:
        """ "majelis hakim" -> "Majelis Hakim Pengadilan Tipikor Jakarta Pusat" when written so."""
        wanted = [w.lower() for w in words]
        for _, run in self.runs:
            if any(ch.isdigit() for word in run for ch in word):
                continue  # "POCO F7" is a product, not the written-out name of POCO
            if len(run) > len(wanted) and [w.lower() for w in run[: len(wanted)]] == wanted:
                name = self.strip_titles(run).split()
                body = run[: len(run) - len(name)] if len(name) > 1 else run
                return " ".join(body)  # the body without the member named after it
        return None

    def person(self, at: int) -> str | None:
        """The last speaker with a person's name: what a bare title ("Wamen ATR") points back to."""
        people = [
            n for pos, n in self.spoken if pos < at and not any(map(self.lex.titleish, n.split()))
        ]
        return people[-1] if people else None

    def last(self, at: int) -> str | None:
        """Who a pronoun at `at` means: someone just introduced as speaking ("disampaikan oleh
        Imron"), else the last speaker, else the last person opening a sentence."""
        earlier = [(pos, name) for pos, name in self.spoken if pos < at]
        since = earlier[-1][0] if earlier else -1
        agents = [self.strip_titles(w) for pos, w in self.agents if since < pos < at]
        if agents and agents[-1]:
            return self.fullest(agents[-1], at)
        if earlier:
            return earlier[-1][1]
        people = [(pos, n) for pos, n in self.full if pos < at and len(n.split()) > 1]
        opening = [n for pos, n in people if _opens_sentence(self.text, pos)]
        named = opening or [n for _, n in people]
        return named[-1] if named else None

    def main_subject(self, mention: Mention, at: int) -> str | None:
        """ "Korea Selatan memanggil … setelah mereka menuduh …": a pronoun after a clause
        boundary means the name that opens its sentence."""
        head = self.text[: mention.start]
        before = WORD.findall(head[-20:])
        if not before or before[-1].lower() not in self.lex.boundaries:
            return None
        sentence = max(head.rfind(". "), head.rfind("\n")) + 1
        runs = [(pos, w) for pos, w in self.runs if pos >= sentence and pos < mention.start]
        if not runs or self.text[sentence : runs[0][0]].strip(" ."):
            return None
        pos, words = runs[0]
        first = words[0].lower()
        if first in self.lex.common or first in self.lex.openers or first in self.lex.boundaries:
            return None  # "Namun, ia …", "Hal itu …": no name opens the sentence
        return self.resolve(Mention(" ".join(words), pos, pos + len(" ".join(words))), at)

    def said(self, at: int, speaker: str | None) -> None:
        if speaker:
            self.spoken.append((at, speaker))
            self.spoken.sort()

    def _several(self, mention: Mention, at: int) -> str | None:
        """ "Kim Tae-hyo dan Cho Tae-yul mengatakan": both people, each resolved, joined by "dan"
        (only when each side is a person, so "Kementerian Perumahan dan Kawasan" stays one)."""
        match = re.search(r" (dan|serta|and) ", mention.text)
        if match is None:
            return None
        parts = [
            Mention(mention.text[: match.start()], mention.start, mention.start + match.start()),
            Mention(mention.text[match.end() :], mention.start + match.end(), mention.end),
        ]
        for part in parts:
            tagged = [e for e in self.entities if e.start >= part.start and e.end <= part.end]
            named = self.strip_titles(self.unglue(WORD.findall(part.text))).split()
            if self.entities and not any(e.kind == "PERSON" for e in tagged):
                return None
            if not self.entities and len(named) < 2:
                return None
        found = [self.resolve(part, at) for part in parts]
        return f" {match.group(1)} ".join(f for f in found if f) if all(found) else None

    def _entity(self, mention: Mention, at: int) -> str | None:
        """The name an entity in the mention gives: a person's fullest name, an organisation in
        full (an abbreviation's long form), or the government a capital stands for."""
        inside = [e for e in self.entities if e.start >= mention.start and e.end <= mention.end]
        people = [e for e in inside if e.kind == "PERSON"]
        if people:
            person = max(people, key=lambda e: e.end - e.start)
            name = self.strip_titles(self.unglue(person.canonical.split()))
            return self.fullest(self.aliases.get(name, name), at) if name else None
        whole = mention.text.strip(" ,.")
        for e in inside:
            named = e.kind == "ORG" or (e.kind == "PLACE" and e.text == whole)
            if named and _key(e.text) not in _key(e.canonical):  # "NSC", "Korut", "Seoul"
                return e.canonical
        return None


def speakers_of(drafts: Sequence[Draft], names: Names) -> list[str | None]:
    """The resolved speaker of each draft quote, in order (drafts sorted by start)."""
    found: list[str | None] = []
    for number, draft in enumerate(drafts):
        speaker: str | None = None
        if draft.mention is not None:
            speaker = names.resolve(draft.mention, draft.start)
        elif draft.follows:
            speaker = _neighbour_speaker(found, drafts, number, names)
        names.said(draft.start, speaker)
        found.append(speaker)
    return found


def _neighbour_speaker(
    found: list[str | None], drafts: Sequence[Draft], number: int, names: Names
) -> str | None:
    """A quote with no cue continues the quote before it, or opens for the one right after."""
    draft = drafts[number]
    if number and drafts[number - 1].para >= draft.para - 2 and found[-1]:
        return found[-1]
    for later in drafts[number + 1 : number + 3]:
        if later.para <= draft.para + 1 and later.mention is not None and not later.mention.suffix:
            return names.resolve(later.mention, later.start)
    return found[-1] if found else names.last(draft.start)
