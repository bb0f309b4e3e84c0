"""Training data for the shipped entity tagger: pooled sets, word vectors, re-casing, gazetteer."""

from __future__ import annotations

import gzip
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from threadpoolctl import threadpool_limits
from tqdm import tqdm

from kabar.evaluate.ner import DATASETS, NerDataset, read_split
from kabar.evaluate.scrape import BODY_COLUMNS, TITLE_COLUMNS, development_rows, first_of
from kabar.extract.ner import GAZETTEER_FILE, MODEL_FILE, iob_spans, tokenize
from kabar.extract.ner_features import Gazetteer, gazetteer_bits

SEED = 13
Tagged = tuple[list[str], list[str]]  # tokens, IOB2 tags


@dataclass(frozen=True)
class TrainConfig:
    """Every choice of a training run (the defaults are the shipped model's)."""

    datasets: tuple[str, ...] = tuple(DATASETS)
    lower_copies: bool = True  # add lower-cased copies of the cased sets
    truecase_nerp: bool = True  # add a re-cased copy of lower-cased NERP
    vector_min_count: int = 2
    epochs: int = 8  # the epoch best on NERP valid is kept (4 of 0-18 for the shipped model)
    lr: float = 2e-3
    batch: int = 32
    extra: dict[str, Any] = field(default_factory=dict)


def _key(tokens: Sequence[str]) -> str:
    return " ".join(tokens).lower()


def to_kabar(tags: Sequence[str], spec: NerDataset) -> list[str]:
    """A dataset's IOB tags in kabar kinds (types kabar lacks become O)."""
    out = []
    for tag in tags:
        prefix, _, kind = tag.partition("-")
        ours = spec.kinds.get(kind) if kind else None
        out.append(f"{prefix}-{ours}" if ours else "O")
    return out


def training_pool(benchmarks: Path, config: TrainConfig) -> dict[str, list[Tagged]]:
    """Train splits in their own tags, less sentences that are another set's valid or test text.

    The sets share source sentences (NERP, NER-UGM and idner-news-2k overlap), so a sentence in
    one set's training split can be another's test sentence; those are dropped.
    """
    held: dict[str, set[str]] = {}
    for name in DATASETS:
        held[name] = {
            _key(t) for split in ("valid", "test") for t, _ in read_split(benchmarks, name, split)
        }
    pool = {}
    for name in config.datasets:
        others = set().union(*(keys for other, keys in held.items() if other != name))
        pool[name] = [
            (list(tokens), list(tags))
            for tokens, tags in read_split(benchmarks, name, "train")
            if _key(tokens) not in others
        ]
    return pool


def scrape_sentences(benchmarks: Path) -> list[list[str]]:
    """Tokenised lines (title, paragraphs) of the development-period scrape."""
    out = []
    seen: set[str] = set()
    for _, row in development_rows(benchmarks):
        text = first_of(row, TITLE_COLUMNS) + "\n" + first_of(row, BODY_COLUMNS)
        for line in text.splitlines():
            if len(line) < 20 or line in seen:
                continue
            seen.add(line)  # outlets repeat boilerplate lines; count each once
            out.append([line[s:e] for s, e in tokenize(line)])
    return out


def word_vectors(
    sentences: Iterable[Sequence[str]], min_count: int, dims: int = 100
) -> tuple[list[str], np.ndarray]:
    """Lower-cased vocabulary and unit PPMI-SVD vectors from context words at -2..+2."""
    lowered = [[w.lower() for w in s] for s in sentences]
    counts = Counter(w for s in lowered for w in s)
    vocab = [w for w, c in counts.most_common(80_000) if c >= min_count]
    index = {w: i for i, w in enumerate(vocab)}
    n_ctx = 3000  # the most frequent words serve as contexts
    blocks = []
    for offset in (-2, -1, 1, 2):
        rows, cols = [], []
        for s in lowered:
            ids = [index.get(w, -1) for w in s]
            for i, wid in enumerate(ids):
                j = i + offset
                if wid >= 0 and 0 <= j < len(ids) and 0 <= ids[j] < n_ctx:
                    rows.append(wid)
                    cols.append(ids[j])
        data = np.ones(len(rows), dtype=np.float64)
        m = sparse.coo_matrix((data, (rows, cols)), shape=(len(vocab), n_ctx)).tocsr()
        blocks.append(_ppmi(m))
    matrix = sparse.hstack(blocks).tocsr()
    with threadpool_limits(1):
        vectors = TruncatedSVD(dims, random_state=SEED).fit_transform(matrix)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    return vocab, vectors


def _ppmi(m: sparse.csr_matrix) -> sparse.csr_matrix:
    total = m.sum()
    row = np.asarray(m.sum(axis=1)).ravel()
    col = np.asarray(m.sum(axis=0)).ravel() ** 0.75  # context smoothing (Levy et al. 2015)
    col = col / col.sum() * total
    coo = m.tocoo()
    pmi = np.log(coo.data * total / (row[coo.row] * col[coo.col]))
    keep = pmi > 0
    return sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=m.shape)


_LOWER_IN_NAMES = frozenset(
    [
        "dan",
        "di",
        "ke",
        "dari",
        "yang",
        "untuk",
        "dengan",
        "bin",
        "binti",
        "van",
        "der",
        "de",
        "la",
        "al",
        "of",
        "the",
    ]
)


def case_table(sentences: Iterable[Sequence[str]]) -> dict[str, str]:
    """lower -> its most common written form in cased text, sentence-initial tokens left out."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for s in sentences:
        for i in range(1, len(s)):
            if s[i - 1] not in '.!?"“':
                forms[s[i].lower()][s[i]] += 1
    return {w: c.most_common(1)[0][0] for w, c in forms.items()}


def truecase(tokens: Sequence[str], tags: Sequence[str], table: dict[str, str]) -> list[str]:
    """A lower-cased sentence written as news would write it (entity words capitalised)."""
    out = []
    for i, (tok, tag) in enumerate(zip(tokens, tags, strict=True)):
        form = table.get(tok, tok)
        if tag != "O" and form.islower() and tok not in _LOWER_IN_NAMES:
            form = tok[:1].upper() + tok[1:]
        if i == 0:
            form = form[:1].upper() + form[1:]
        out.append(form)
    return out


def build_gazetteer(sentences: Iterable[Tagged]) -> dict[tuple[str, ...], frozenset[str]]:
    """Lower-cased entity strings of labelled sentences -> the kinds they were tagged as."""
    kinds: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for tokens, tags in sentences:
        for start, end, kind in iob_spans(list(tags)):
            kinds[tuple(t.lower() for t in tokens[start:end])].add(kind)
    return {k: frozenset(v) for k, v in kinds.items()}


Row = tuple[str, list[str], list[str], list[int]]  # set, tokens, own tags, gazetteer bits


def training_rows(
    benchmarks: Path, config: TrainConfig
) -> tuple[list[Row], list[Row], list[str], np.ndarray, Gazetteer]:
    """Train rows (augmented, gazetteer jackknifed in halves), valid rows, vectors, gazetteer."""
    pool = training_pool(benchmarks, config)
    kabar = {n: [(t, to_kabar(y, DATASETS[n])) for t, y in rows] for n, rows in pool.items()}
    scrape = scrape_sentences(benchmarks)
    vocab, vectors = word_vectors(
        [*scrape, *(t for rows in pool.values() for t, _ in rows)], config.vector_min_count
    )
    table = case_table([*scrape, *(t for n in pool if DATASETS[n].cased for t, _ in pool[n])])
    # Each half's gazetteer comes from the other half, so the feature is as noisy as at use.
    halves = [
        build_gazetteer(s for rows in kabar.values() for n, s in enumerate(rows) if n % 2 != h)
        for h in (0, 1)
    ]
    full = build_gazetteer(s for rows in kabar.values() for s in rows)
    train_rows: list[Row] = []
    for name, rows in pool.items():
        for n, (tokens, tags) in enumerate(rows):
            gaz = halves[n % 2]
            copies = [tokens]
            if DATASETS[name].cased and config.lower_copies:
                copies.append([t.lower() for t in tokens])
            if not DATASETS[name].cased and config.truecase_nerp:
                copies.append(truecase(tokens, kabar[name][n][1], table))
            train_rows.extend((name, c, tags, gazetteer_bits(c, gaz)) for c in copies)
    valid_rows: list[Row] = [
        (name, list(t), list(y), gazetteer_bits(t, full))
        for name in pool
        for t, y in read_split(benchmarks, name, "valid")
    ]
    return train_rows, valid_rows, vocab, vectors, full


@dataclass
class _Vocab:
    words: dict[str, int]
    chars: dict[str, int]
    gazetteer: Gazetteer


def _batches(rows: list[Row], size: int, rng: np.random.Generator) -> list[list[Row]]:
    # One set per batch (one head); similar lengths together so padding stays small.
    out: list[list[Row]] = []
    for name in sorted({r[0] for r in rows}):
        mine = [rows[i] for i in rng.permutation([i for i, r in enumerate(rows) if r[0] == name])]
        for j in range(0, len(mine), 100 * size):
            chunk = sorted(mine[j : j + 100 * size], key=lambda r: len(r[1]))
            out.extend(chunk[i : i + size] for i in range(0, len(chunk), size))
    return [out[i] for i in rng.permutation(len(out))]


def _tensors(
    batch: list[Row], vocab: _Vocab, tags: dict[str, int], dev: torch.device
) -> list[torch.Tensor]:
    from kabar.extract.ner_features import token_tensors

    parts = [token_tensors(r[1], r[3], vocab) for r in batch]
    pad = torch.nn.utils.rnn.pad_sequence
    out = [pad([p[i] for p in parts], batch_first=True) for i in range(4)]
    out.append(pad([torch.tensor([tags.get(t, 0) for t in r[2]]) for r in batch], batch_first=True))
    out.append(pad([torch.ones(len(r[1]), dtype=torch.bool) for r in batch], batch_first=True))
    return [t.to(dev) for t in out]


def _valid_f1(
    net: Any, rows: list[Row], vocab: _Vocab, heads: dict[str, list[str]], dev: torch.device
) -> float:
    from kabar.evaluate.ner import score

    mine = [r for r in rows if r[0] == "nerp"]
    gold, pred = [], []
    with torch.inference_mode():
        for i in range(0, len(mine), 256):
            b = mine[i : i + 256]
            w, c, k, g, _, m = _tensors(b, vocab, {}, dev)
            for r, ids in zip(b, net.decode("nerp", w, c, k, g, m), strict=True):
                gold.append(r[2])
                pred.append([heads["nerp"][j] for j in ids[: len(r[1])]])
    return score(gold, pred)[0].f1


def train(
    benchmarks: Path, out: Path, *, progress: bool = True, config: TrainConfig | None = None
) -> dict[str, Any]:
    """Train the BiLSTM-CRF into `out` (CUDA when present); keep the epoch best on NERP valid."""
    from kabar.extract.ner_features import BiLstmCrf

    config = config or TrainConfig()
    started = time.perf_counter()
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_rows, valid_rows, words, vectors, gazetteer = training_rows(benchmarks, config)
    char_counts = Counter(ch for r in train_rows for t in r[1] for ch in t)
    chars = {ch: i + 2 for i, (ch, n) in enumerate(char_counts.most_common()) if n >= 5}
    vocab = _Vocab({w: i + 2 for i, w in enumerate(words)}, chars, gazetteer)
    heads = {
        n: ["O", *sorted({t for r in train_rows if r[0] == n for t in r[2]} - {"O"})]
        for n in config.datasets
    }
    net = BiLstmCrf(len(words) + 2, len(chars) + 2, heads).to(dev)
    net.wemb.weight.data[2:] = torch.from_numpy(vectors.astype(np.float32)).to(dev)
    opt = torch.optim.Adam(net.parameters(), lr=config.lr)
    best, log = -1.0, []
    out.mkdir(parents=True, exist_ok=True)
    for epoch in tqdm(range(config.epochs), desc="epochs", disable=not progress):
        net.train()
        for batch in _batches(train_rows, config.batch, rng):
            name = batch[0][0]
            w, c, k, g, y, m = _tensors(
                batch, vocab, {t: i for i, t in enumerate(heads[name])}, dev
            )
            w = w.masked_fill((torch.rand(w.shape, device=dev) < 0.05) & (w > 1), 1)  # word dropout
            loss = net.nll(name, [w, c, k, g, m], y) / len(batch)
            opt.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
        net.eval()
        f1 = _valid_f1(net, valid_rows, vocab, heads, dev)
        log.append({"epoch": epoch, "nerp_valid_f1": round(f1, 4)})
        if f1 > best:
            best = f1
            state = {
                k: v.half().cpu() if v.is_floating_point() else v.cpu()
                for k, v in net.state_dict().items()
            }
            blob = {"state": state, "heads": heads, "chars": chars, "vocab": words, "epoch": epoch}
            torch.save(blob, out / MODEL_FILE)
    with gzip.open(out / GAZETTEER_FILE, "wt", encoding="utf-8", compresslevel=9) as handle:
        for entry in sorted(gazetteer):
            handle.write("\t".join((",".join(sorted(gazetteer[entry])), *entry)) + "\n")
    return {
        "config": asdict(config),
        "train_rows": len(train_rows),
        "vocab": len(words),
        "epochs": log,
        "best_nerp_valid_f1": round(best, 4),
        "model_bytes": sum(p.stat().st_size for p in out.iterdir() if p.is_file()),
        "seconds": round(time.perf_counter() - started, 1),
    }
