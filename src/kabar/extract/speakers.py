"""Who said it: speaker phrases by speech cues, titles stripped, names and pronouns resolved."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from kabar.model import Entity

# A word keeps inner hyphens, apostrophes and dots ("Tae-hyo", "Jum'at", "Sp.P.D"); a full stop
# after a short capitalised word is kept when it is an abbreviation (see Lexicon.abbreviations).
WORD = re.compile(r"\w+(?:[-'’.]\w+)*", re.UNICODE)
_PLACE_BEFORE = frozenset(("di", "ke", "dari", "negara", "kota", "kabupaten", "provinsi", "in"))
_PARTICLES = frozenset(("bin", "binti", "van", "de", "der", "von", "al", "el", "da", "dos", "la"))


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


@lru_cache(maxsize=4)
def load_lexicon(lang: str = "id") -> Lexicon:
    """The speech lexicon of a language (Indonesian when the language has none)."""
    package = f"kabar.lang.{lang}" if lang in ("id", "en") else "kabar.lang.id"
    data = tomllib.loads(resources.files(package).joinpath("speech.toml").read_text("utf-8"))
    cues, denial, speakers = data["cues"], data["denial"], data["speakers"]

    def words(table: dict[str, object], key: str) -> frozenset[str]:
        return frozenset(str(item).lower() for item in table.get(key, []))  # type: ignore[attr-defined]

    return Lexicon(
        after=words(cues, "after"),
        before=words(cues, "before"),
        according=tuple(cues.get("according", [])),
        needs_claim=words(cues, "needs_claim"),
        claim_nouns=words(cues, "claim_nouns"),
        inline=words(cues, "inline"),
        that=words(cues, "that"),
        title_markers=words(cues, "title_markers"),
        abbreviations=words(cues, "abbreviations"),
        denial_cues=words(denial, "cues"),
        reject=words(denial, "reject"),
        denial_phrases=tuple(denial.get("phrases", [])),
        pronouns=words(speakers, "pronouns"),
        demonstratives=words(speakers, "demonstratives"),
        suffix=str(speakers.get("suffix", "")),
        stops=words(speakers, "stops"),
        openers=words(speakers, "openers"),
        subject_stops=words(speakers, "subject_stops"),
        boundaries=words(speakers, "boundaries"),
        titles=words(speakers, "titles"),
        descriptions=words(speakers, "description_heads"),
        common=frozenset(data.get("names", {}).get("common_words", "").split()),
        alias_cues=tuple(speakers.get("alias_cues", [])),
        also_names=frozenset(data.get("names", {}).get("also_names", [])),
        not_names=frozenset(data.get("names", {}).get("not_names", [])),
        verb_prefixes=tuple(speakers.get("verb_prefixes", [])),
        speaker_first=bool(speakers.get("speaker_first", False)),
    )


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


def phrase_after(text: str, pos: int, lex: Lexicon, limit: int = 12) -> Mention | None:
    """The speaker phrase that follows a cue: "kata Wakil Penasihat … Kim Tae-hyo dalam …"."""
    spans: list[tuple[int, int]] = []
    cursor = pos
    for match in WORD.finditer(text, pos, min(len(text), pos + 200)):
        gap = text[cursor : match.start()]
        if spans and gap.strip() and gap.strip() not in (".", "-"):
            break
        word = match.group()
        low = word.lower()
        if spans and (low in lex.stops or _verb_like(low, lex) or low in lex.that):
            break
        if not spans and low in lex.stops and low not in lex.pronouns:
            return None
        spans.append(match.span())
        cursor = match.end()
        if low in lex.pronouns or len(spans) >= limit or "\n" in gap:
            break
        if match.end() < len(text) and text[match.end()] == "." and not _abbreviation(word, lex):
            break
    if not spans:
        return None
    start, end = spans[0][0], spans[-1][1]
    if text[end : end + 1] == "." and _abbreviation(text[spans[-1][0] : end], lex):
        end += 1
    mention = Mention(text[start:end], start, end)
    return _name_after_comma(text, mention, lex) or mention


def _abbreviation(word: str, lex: Lexicon) -> bool:
    return word.lower() in lex.abbreviations or (len(word) == 1 and word.isupper())


def _name_after_comma(text: str, mention: Mention, lex: Lexicon) -> Mention | None:
    """ "kata Anggota Komisi IX DPR RI, Edy Wuryanto" names Edy Wuryanto, not the title."""
    if text[mention.end : mention.end + 2] != ", ":
        return None
    tokens = WORD.findall(mention.text)
    if not tokens or tokens[0].lower() not in lex.titles:
        return None
    names: list[tuple[int, int]] = []
    for match in WORD.finditer(text, mention.end + 2, min(len(text), mention.end + 80)):
        gap = text[(names[-1][1] if names else mention.end + 2) : match.start()]
        if gap.strip() or not is_capital(match.group()):
            break
        names.append(match.span())
    rest = text[names[-1][1] : names[-1][1] + 2] if names else ""
    if not names or not (rest[:1] in (",", ".", "") or rest == "\n" or rest[:1] == " "):
        return None
    return Mention(text[names[0][0] : names[-1][1]], names[0][0], names[-1][1])


def subject_before(text: str, start: int, cue: int, lex: Lexicon) -> Mention | None:
    """The subject of the clause whose verb starts at `cue`: "Para pejabat di Seoul mengatakan"."""
    region = _clause(text, start, cue, lex)
    if region is None:
        return None
    seg_start, seg_end = _segment(text, region[0], region[1], lex)
    spans = words_in(text, seg_start, seg_end)
    kept: list[tuple[int, int]] = []
    for i, (w_start, w_end) in enumerate(spans):
        low = text[w_start:w_end].lower()
        if i and (low in lex.subject_stops or _verb_like(low, lex)):
            break
        kept.append((w_start, w_end))
    while len(kept) > 1 and text[kept[0][0] : kept[0][1]].lower() in lex.openers:
        if is_capital(text[kept[1][0] : kept[1][1]]) and text[kept[0][1]] != ",":
            break  # "Lalu Hadrian Irfani" is a name, "Lalu, Kim" and "Lalu pihaknya" are not
        kept = kept[1:]
    if not kept or _verb_like(text[kept[0][0] : kept[0][1]].lower(), lex):
        # "Rusia belum … namun membela …, dengan mengatakan": the subject is the earlier clause's
        return subject_before(text, start, region[0] - 1, lex) if region[0] > start + 1 else None
    end = kept[-1][1]
    if text[end : end + 1] == ")":
        end += 1
    return Mention(text[kept[0][0] : end], kept[0][0], end)


def _clause(text: str, start: int, cue: int, lex: Lexicon) -> tuple[int, int] | None:
    """The stretch before a cue that belongs to its clause (after "setelah", "namun", …)."""
    spans = words_in(text, start, cue)
    if not spans:
        return None
    before = text[spans[-1][0] : spans[-1][1]].lower()
    if before in ("yang", "untuk", "akan", "dapat", "bisa", "ingin", "agar", "to", "who", "would"):
        return None
    for i in range(len(spans) - 1, -1, -1):
        low = text[spans[i][0] : spans[i][1]].lower()
        if low in lex.boundaries and i + 1 < len(spans) and _lower_start(text, spans, i + 1):
            if not text[spans[i][1] : cue].strip(" ,"):
                return _clause(text, start, spans[i][0], lex) if i else None
            return spans[i][1], cue
    return start, cue


def _lower_start(text: str, spans: list[tuple[int, int]], i: int) -> bool:
    """A boundary word counts unless it joins names ("Kelautan dan Perikanan")."""
    prev = text[spans[i - 2][0] : spans[i - 2][1]] if i >= 2 else ""
    nxt = text[spans[i][0] : spans[i][1]]
    return not (is_capital(prev) and is_capital(nxt))


def _segment(text: str, start: int, end: int, lex: Lexicon) -> tuple[int, int]:
    """Of the comma-separated parts before a verb, the one that is its subject."""
    parts: list[tuple[int, int]] = []
    depth, cursor = 0, start
    for i in range(start, end):
        ch = text[i]
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth <= 0:
            parts.append((cursor, i))
            cursor = i + 1
    parts.append((cursor, end))
    parts = [(a, b) for a, b in parts if text[a:b].strip()]
    opened = [p for p in parts if not _opens(text[p[0] : p[1]], lex)]
    parts = opened or parts[-1:]
    if not parts:
        return start, end
    # "Rujit Kuswinoto, ahli forensik, mengungkapkan": the name, not the apposition after it
    if text[start:end].rstrip().endswith(",") and len(parts) > 1:
        first = text[parts[0][0] : parts[0][1]].split()
        if first[0].lower() in lex.titles and is_capital(text[parts[1][0] : parts[1][1]].strip()):
            return parts[1]  # "Ketua Panitia, Bryan Arsaha, mengatakan"
        return parts[0]
    return parts[-1]


def _opens(part: str, lex: Lexicon) -> bool:
    words = part.strip().lower().split()
    return bool(words) and (words[0] in lex.openers or " ".join(words[:2]) in lex.openers)


def _verb_like(low: str, lex: Lexicon) -> bool:
    if low in lex.before or low in lex.after:
        return True
    prefixed = bool(lex.verb_prefixes) and low.startswith(lex.verb_prefixes)
    return len(low) > 5 and prefixed and low not in lex.titles


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

    def __post_init__(self) -> None:
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
        cues = "|".join(re.escape(cue) for cue in self.lex.alias_cues)
        for match in re.finditer(rf"\b(?:{cues})\s+(\w+(?: \w+)?)", self.text) if cues else ():
            people = [n for pos, n in self.full if pos < match.start() and len(n.split()) > 1]
            nickname = " ".join(w for w in match.group(1).split() if is_capital(w))
            if people and nickname:
                self.aliases.setdefault(nickname, people[-1])

    def unglue(self, words: list[str]) -> list[str]:
        """Undo glued scraped words: "BicaraDensus" -> "Bicara Densus", "Yollatelah" -> "Yolla"."""
        out: list[str] = []
        cut: int | None = None
        for word in words:
            for part in re.sub(r"(?<=[a-z])(?=[A-Z])", " ", word).split():
                cut = next((k for k in range(2, len(part) - 2) if self._glued(part, k)), None)
                out.extend((part[:cut], part[cut:]) if cut else (part,))
        if cut:
            out.pop()  # "Yolla Yulianatelah": the glued "telah" ends the name
        return out

    def _glued(self, part: str, k: int) -> bool:
        head, tail = part[:k], part[k:]
        return tail.islower() and tail in self.lex.common and (head in self.seen or head.isupper())

    def strip_titles(self, words: list[str]) -> str:
        """ "Wakil Penasihat Keamanan Nasional Kim Tae-hyo" -> "Kim Tae-hyo" ("" if no name)."""
        keep: list[str] = []
        for word in reversed(words):
            if self.lex.titleish(word) or not (is_capital(word) or word in _PARTICLES):
                break
            keep.insert(0, word)
        while keep and keep[0] in _PARTICLES:
            keep = keep[1:]
        while (len(keep) > 1 and _place(keep[0], self.text)) or self._org_before(keep):
            keep = keep[1:]
        return " ".join(keep)

    def _org_before(self, keep: list[str]) -> bool:
        """ "Danantara Dony Oskaria": the first word stands apart elsewhere, and so does "Dony"."""
        if len(keep) < 3:
            return False
        first, second = (re.escape(word) for word in keep[:2])
        apart = re.search(rf"\b{first}\b(?! {second})", self.text)
        alone = re.search(rf"(?<!{first} )\b{second}\b", self.text)
        return apart is not None and alone is not None

    def resolve(self, mention: Mention, at: int) -> str | None:
        """A full name, a description, or the person a pronoun means."""
        entity = self._entity(mention)
        if entity is not None:
            return entity
        words = self.unglue(WORD.findall(mention.text))
        if mention.suffix or mention.text.lower() in self.lex.pronouns or _anaphor(words, self.lex):
            return self.last(at)
        if not words or words[0].lower() in self.lex.descriptions:
            return mention.text.strip(" ,.") or None
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
                if len(full.split()) > len(tokens) and _contains(full.split(), tokens)
            ]
            before = [item for item in found if item[0] < at]
            pick = max(before)[1] if before else (min(found)[1] if found else None)
            if pick:
                return pick
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
            if len(run) > len(wanted) and [w.lower() for w in run[: len(wanted)]] == wanted:
                return " ".join(run)
        return None

    def person(self, at: int) -> str | None:
        """The last speaker with a person's name: what a bare title ("Wamen ATR") points back to."""
        people = [
            n for pos, n in self.spoken if pos < at and not any(map(self.lex.titleish, n.split()))
        ]
        return people[-1] if people else None

    def last(self, at: int) -> str | None:
        earlier = [name for pos, name in self.spoken if pos < at]
        if earlier:
            return earlier[-1]
        people = [name for pos, name in self.full if pos < at and len(name.split()) > 1]
        return people[-1] if people else None

    def said(self, at: int, speaker: str | None) -> None:
        if speaker:
            self.spoken.append((at, speaker))
            self.spoken.sort()

    def _entity(self, mention: Mention) -> str | None:
        inside = [
            e
            for e in self.entities
            if e.start >= mention.start and e.end <= mention.end and e.kind in ("PERSON", "ORG")
        ]
        if not inside:
            return None
        inside.sort(key=lambda e: (e.kind != "PERSON", -(e.end - e.start)))
        return inside[0].canonical


def _spelled(words: list[str], acronym: str) -> str:
    """The words an acronym spells: "Kepala Badan Gizi Nasional (BGN)" -> "Badan Gizi Nasional"."""
    for i in range(len(words)):
        if "".join(w[0] for w in words[i:] if is_capital(w)) == acronym:
            return " ".join(words[i:])
    return " ".join(words)


def _anaphor(words: list[str], lex: Lexicon) -> bool:
    """ "pejabat itu", "pria tersebut": a lower-case description pointing back."""
    return (
        len(words) >= 2
        and words[-1].lower() in lex.demonstratives
        and not is_capital(words[0])
        and words[0].lower() not in ("seorang", "para", "a", "an")
    )


def _contains(full: list[str], part: list[str]) -> bool:
    return any(full[i : i + len(part)] == part for i in range(len(full) - len(part) + 1))


def _place(word: str, text: str) -> bool:
    """True when a word is used as a place elsewhere ("ke Rusia"), so not a first name."""
    pattern = r"\b(?:" + "|".join(_PLACE_BEFORE) + r")\s+" + re.escape(word) + r"\b"
    return re.search(pattern, text) is not None


def _capital_runs(text: str) -> list[tuple[int, list[str]]]:
    """Runs of capitalised words (with name particles) and where each starts."""
    runs: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = last_end = 0
    for match in WORD.finditer(text):
        word = match.group()
        joined = not text[last_end : match.start()].strip() and current
        if (is_capital(word) or (joined and word in _PARTICLES)) and (joined or not current):
            if not current:
                start = match.start()
            current.append(word)
        else:
            if current:
                runs.append((start, current))
            current = [word] if is_capital(word) else []
            start = match.start()
        last_end = match.end()
    if current:
        runs.append((start, current))
    return runs
