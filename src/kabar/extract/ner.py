"""Named entities in Indonesian text: the tokeniser and the shipped BiLSTM-CRF tagger."""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path

import torch

from kabar.extract.ner_features import BiLstmCrf, Gazetteer, batch_inputs, gazetteer_longest

MODELS = Path(__file__).parent / "models"
MODEL_FILE = "ner_bilstm.pt"
CLUSTERS_FILE = "ner_clusters.tsv.gz"
GAZETTEER_FILE = "ner_gazetteer.tsv.gz"

# Words keep inner hyphens and apostrophes ("Tae-hyo", "Jum'at") and digit groups ("Rp11,8",
# "12.000"); every other non-space character is a token of its own (quotes, brackets, dots).
_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*(?:[.,]\d+)*|[^\w\s]", re.UNICODE)
_SENTENCE_END = frozenset(".!?")
_MAX_SENTENCE = 200  # tokens; very long runs (lists, tables) are cut so tagging stays linear


def tokenize(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of the tokens of a text."""
    return [m.span() for m in _TOKEN.finditer(text)]


def _sentences(text: str, spans: list[tuple[int, int]]) -> list[list[int]]:
    """Token indexes grouped into sentences: after . ! ? before a capital or a line break."""
    groups: list[list[int]] = []
    current: list[int] = []
    for i, (start, end) in enumerate(spans):
        current.append(i)
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        gap = text[end : nxt[0]] if nxt else ""
        boundary = "\n" in gap or (
            text[start:end] in _SENTENCE_END
            and nxt is not None
            and (text[nxt[0]].isupper() or text[nxt[0]] in "\"“'(")
        )
        if boundary or len(current) >= _MAX_SENTENCE:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def iob_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(first token, end token, kind) of the entities of an IOB2 row (a stray I- opens one)."""
    out: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        inside = prefix == "I" and label == kind and start >= 0
        if start >= 0 and not inside:
            out.append((start, i, kind))
            start, kind = -1, ""
        if prefix in ("B", "I") and not inside:
            start, kind = i, label
    return out


# The NERP head knows all five of its types; they are read as kabar kinds.
KABAR_HEAD = "nerp"
HEAD_KINDS = {"PPL": "PERSON", "PLC": "PLACE", "IND": "ORG", "EVT": "EVENT", "FNB": "FOOD"}
_BATCH = 64  # sentences per forward pass


class EntityTagger:
    """A BiLSTM-CRF with one output head per training set, and the gazetteer it was fed."""

    def __init__(self, model_dir: Path) -> None:
        path = model_dir / MODEL_FILE
        if not path.is_file():
            raise FileNotFoundError(f"{path} not found: train one with `kabar train ner`")
        # One intra-op thread: ingest runs one tagger per worker process, one per core, and a
        # process that has started an OpenMP pool can deadlock in children it forks later.
        torch.set_num_threads(1)
        blob = torch.load(path, map_location="cpu", weights_only=True)
        self.heads: dict[str, list[str]] = blob["heads"]
        self.net = BiLstmCrf(len(blob["vocab"]) + 2, len(blob["chars"]) + 2, self.heads)
        self.net.load_state_dict({k: v.float() for k, v in blob["state"].items()})
        self.net.eval()
        self.words = {w: i + 2 for i, w in enumerate(blob["vocab"])}
        self.chars: dict[str, int] = blob["chars"]
        self.gazetteer = read_gazetteer(model_dir / GAZETTEER_FILE)
        self.gazetteer_longest = gazetteer_longest(self.gazetteer)

    def tag_head(self, sentences: list[list[str]], head: str) -> list[list[str]]:
        """IOB2 tags in one training set's own tag set (for scoring on that set)."""
        out: list[list[str]] = [[] for _ in sentences]
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: len(sentences[i]))
        names = self.heads[head]
        with torch.inference_mode():
            for b in range(0, len(order), _BATCH):
                chunk = order[b : b + _BATCH]
                inputs = batch_inputs([sentences[i] for i in chunk], self, self.gazetteer_longest)
                for i, row in zip(chunk, self.net.tag(head, *inputs), strict=True):
                    out[i] = [names[j] for j in row]
        return out

    def tag_tokens(self, sentences: list[list[str]]) -> list[list[str]]:
        """IOB2 tags in kabar kinds for pre-tokenised sentences."""
        rows = self.tag_head(sentences, KABAR_HEAD)
        return [[t if t == "O" else f"{t[:2]}{HEAD_KINDS[t[2:]]}" for t in row] for row in rows]

    def tag(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, kind) character spans of the entities in a text, in order."""
        spans = tokenize(text)
        groups = _sentences(text, spans)
        rows = self.tag_tokens([[text[spans[i][0] : spans[i][1]] for i in g] for g in groups])
        found = []
        for group, tags in zip(groups, rows, strict=True):
            for first, end, kind in iob_spans(tags):
                found.append((spans[group[first]][0], spans[group[end - 1]][1], kind))
        return sorted(found)


def read_clusters(path: Path) -> dict[str, tuple[str, ...]]:
    """word -> cluster ids, one line per word: word, then the ids, tab-separated."""
    table: dict[str, tuple[str, ...]] = {}
    if not path.is_file():
        return table
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            word, *ids = line.rstrip("\n").split("\t")
            table[word] = tuple(ids)
    return table


def read_gazetteer(path: Path) -> Gazetteer:
    """Lower-cased token tuple -> kinds, one line per entry: kinds (comma-separated), tokens."""
    table: dict[tuple[str, ...], frozenset[str]] = {}
    if not path.is_file():
        return table
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            kinds, *tokens = line.rstrip("\n").split("\t")
            table[tuple(tokens)] = frozenset(kinds.split(","))
    return table


@lru_cache(maxsize=4)
def load_tagger(model_dir: Path | None = None) -> EntityTagger:
    """The tagger in `model_dir` (default: the shipped one), loaded once per process."""
    return EntityTagger(model_dir or MODELS)
