"""The tagger's network: token inputs (word, characters, case, gazetteer) and BiLSTM-CRF layers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np
import torch
from torch import nn

# A gazetteer maps a lower-cased token tuple to the kinds it was seen as.
Gazetteer = Mapping[tuple[str, ...], frozenset[str]]
GAZ_MAX_LEN = 6  # longest entity, in tokens, looked up in the gazetteer
GAZ_KINDS = ("PERSON", "ORG", "PLACE", "EVENT", "PRODUCT", "FOOD", "OTHER")
MAX_CHARS = 20  # characters of a token the character CNN sees
UNK = 1  # id 0 pads


class Vocabularies(Protocol):
    words: dict[str, int]
    chars: dict[str, int]
    gazetteer: Gazetteer


def gazetteer_marks(lowers: Sequence[str], gazetteer: Gazetteer) -> list[list[str]]:
    """Per token, marks like ``B-PERSON`` for the longest gazetteer entry starting at it."""
    marks: list[list[str]] = [[] for _ in lowers]
    n = len(lowers)
    for i in range(n if gazetteer else 0):
        for length in range(min(GAZ_MAX_LEN, n - i), 0, -1):
            kinds = gazetteer.get(tuple(lowers[i : i + length]))
            if not kinds:
                continue
            for kind in kinds:
                marks[i].append(f"B-{kind}")
                for j in range(i + 1, i + length):
                    marks[j].append(f"I-{kind}")
            break
    return marks


def gazetteer_longest(gazetteer: Gazetteer) -> dict[str, int]:
    """First token -> tokens in the longest gazetteer entry it starts (to skip vain lookups)."""
    longest: dict[str, int] = {}
    for entry in gazetteer:
        if entry:
            longest[entry[0]] = max(longest.get(entry[0], 0), len(entry))
    return longest


_GAZ_BIT = {kind: 1 << (2 * i) for i, kind in enumerate(GAZ_KINDS)}


def gazetteer_bits(
    tokens: Sequence[str], gazetteer: Gazetteer, longest: Mapping[str, int] | None = None
) -> list[int]:
    """The marks of each token as a bit set: bit 2*kind for B-, 2*kind+1 for I-.

    The sum over `gazetteer_marks` (a mark a token gets twice counts twice), without building
    the mark strings; `longest` (from `gazetteer_longest`) only saves lookups.
    """
    lowers = [t.lower() for t in tokens]
    n = len(lowers)
    bits = [0] * n
    for i in range(n if gazetteer else 0):
        top = min(GAZ_MAX_LEN, n - i)
        if longest is not None:
            top = min(top, longest.get(lowers[i], 0))
        for length in range(top, 0, -1):
            kinds = gazetteer.get(tuple(lowers[i : i + length]))
            if not kinds:
                continue
            for kind in kinds:
                bit = _GAZ_BIT[kind]
                bits[i] += bit
                for j in range(i + 1, i + length):
                    bits[j] += bit << 1
            break
    return bits


def case_id(token: str) -> int:
    """1 lower, 2 title, 3 upper, 4 mixed, 5 number, 6 punctuation (0 pads)."""
    if not any(c.isalpha() for c in token):
        return 5 if any(c.isdigit() for c in token) else 6
    if token.isupper():
        return 3
    if token[:1].isupper():
        return 2
    return 1 if token.islower() else 4


def token_tensors(
    tokens: Sequence[str], bits: Sequence[int], vocab: Vocabularies
) -> tuple[torch.Tensor, ...]:
    """Word ids, character ids, case ids and gazetteer bits of one sentence."""
    words = torch.tensor([vocab.words.get(t.lower(), UNK) for t in tokens])
    chars = torch.zeros(len(tokens), MAX_CHARS, dtype=torch.long)
    for i, tok in enumerate(tokens):
        ids = [vocab.chars.get(ch, UNK) for ch in tok[:MAX_CHARS]]
        chars[i, : len(ids)] = torch.tensor(ids)
    case = torch.tensor([case_id(t) for t in tokens])
    gaz = ((torch.tensor(bits).unsqueeze(1) >> torch.arange(2 * len(GAZ_KINDS))) & 1).float()
    return words, chars, case, gaz


def batch_inputs(
    sentences: Sequence[Sequence[str]],
    vocab: Vocabularies,
    longest: Mapping[str, int] | None = None,
) -> tuple[torch.Tensor, ...]:
    """Padded inputs of a batch for tagging, the characters once per distinct token.

    Word ids, the character ids of the distinct tokens (row 0 is the padding position's, all
    zero), each position's row among them, case ids, gazetteer bits and the mask. A token's
    character features depend on its own characters only, so the CNN needs each row once.
    `longest` is `gazetteer_longest` of the vocabulary's gazetteer, when at hand.
    """
    steps = max((len(s) for s in sentences), default=0)
    rows: dict[str, int] = {}
    blank = [0] * MAX_CHARS
    words, cases, chars = [0], [0], blank.copy()  # chars: flat, MAX_CHARS ids per row
    index: list[int] = []
    bits: list[int] = []
    for sentence in sentences:
        for tok in sentence:
            row = rows.get(tok)
            if row is None:
                row = rows[tok] = len(words)
                words.append(vocab.words.get(tok.lower(), UNK))
                cases.append(case_id(tok))
                ids = [vocab.chars.get(ch, UNK) for ch in tok[:MAX_CHARS]]
                chars.extend(ids)
                chars.extend(blank[len(ids) :])
            index.append(row)
        pad = [0] * (steps - len(sentence))
        index.extend(pad)
        bits.extend(gazetteer_bits(sentence, vocab.gazetteer, longest))
        bits.extend(pad)
    at = np.array(index, dtype=np.int64).reshape(len(sentences), steps)
    shifts = np.arange(2 * len(GAZ_KINDS))
    gaz = (np.array(bits, dtype=np.int64).reshape(at.shape)[..., None] >> shifts) & 1
    lengths = np.array([len(s) for s in sentences], dtype=np.int64)
    return (
        torch.from_numpy(np.array(words, dtype=np.int64)[at]),
        torch.from_numpy(np.array(chars, dtype=np.int64).reshape(-1, MAX_CHARS)),
        torch.from_numpy(at),
        torch.from_numpy(np.array(cases, dtype=np.int64)[at]),
        torch.from_numpy(gaz.astype(np.float32)),
        torch.from_numpy(np.arange(steps) < lengths[:, None]),
    )


def _transition_mask(tags: Sequence[str]) -> torch.Tensor:
    # IOB2: I-X only after B-X or I-X; the mask makes other moves impossible.
    mask = torch.zeros(len(tags), len(tags))
    for i, a in enumerate(tags):
        for j, b in enumerate(tags):
            if b.startswith("I-") and not (a != "O" and a[2:] == b[2:]):
                mask[i, j] = -1e4
    return mask


class Crf(nn.Module):
    """Linear-chain CRF over one tag set: log-likelihood for training, Viterbi for tagging."""

    mask: torch.Tensor
    smask: torch.Tensor

    def __init__(self, tags: Sequence[str]) -> None:
        super().__init__()
        n = len(tags)
        self.trans = nn.Parameter(torch.zeros(n, n))
        self.start = nn.Parameter(torch.zeros(n))
        self.end = nn.Parameter(torch.zeros(n))
        self.register_buffer("mask", _transition_mask(tags))
        starts = torch.tensor([-1e4 if t.startswith("I-") else 0.0 for t in tags])
        self.register_buffer("smask", starts)

    def nll(self, em: torch.Tensor, y: torch.Tensor, m: torch.Tensor) -> torch.Tensor:
        """Summed negative log-likelihood of gold tags y (batch, time) under emissions em."""
        tr = self.trans + self.mask
        first = em[:, 0].gather(1, y[:, :1]).squeeze(1)
        score = self.start[y[:, 0]] + self.smask[y[:, 0]] + first
        alpha = self.start + self.smask + em[:, 0]
        for t in range(1, em.shape[1]):
            on = m[:, t]
            step = tr[y[:, t - 1], y[:, t]] + em[:, t].gather(1, y[:, t : t + 1]).squeeze(1)
            score = score + on * step
            nxt = torch.logsumexp(alpha.unsqueeze(2) + tr.unsqueeze(0) + em[:, t].unsqueeze(1), 1)
            alpha = torch.where(on.unsqueeze(1), nxt, alpha)
        last = y.gather(1, (m.sum(1) - 1).unsqueeze(1)).squeeze(1)
        return (torch.logsumexp(alpha + self.end, 1) - score - self.end[last]).sum()

    def decode(self, em: torch.Tensor, m: torch.Tensor) -> list[list[int]]:
        """The best tag ids of each sentence (padding positions repeat the last tag)."""
        batch, steps, n = em.shape
        tr = self.trans + self.mask
        v = self.start + self.smask + em[:, 0]
        keep = torch.arange(n).expand(batch, n)
        back = []
        for t in range(1, steps):
            best, idx = (v.unsqueeze(2) + tr.unsqueeze(0)).max(1)
            on = m[:, t].unsqueeze(1)
            v = torch.where(on, best + em[:, t], v)
            back.append(torch.where(on, idx, keep))
        last = (v + self.end).argmax(1)
        path = [last]
        for idx in reversed(back):
            last = idx.gather(1, last.unsqueeze(1)).squeeze(1)
            path.append(last)
        ids: list[list[int]] = torch.stack(path[::-1], 1).tolist()
        return ids

    def viterbi(self, em: torch.Tensor, m: torch.Tensor) -> list[list[int]]:
        """`decode` for tagging, each row cut to its sentence (m: a prefix mask, none empty).

        In numpy, as torch's per-op overhead dominates these small steps; the same float32 sums
        and first-best ties give the same ids. Every row runs all steps and its path starts
        from its own last one, so steps past its end are never read and need no masking.
        """

        def host(x: torch.Tensor) -> np.ndarray:
            return x.detach().cpu().numpy()

        scores = host(em)
        batch, steps, n = scores.shape
        # Candidates laid out (row, to, from): numpy reduces the last axis fastest.
        tr_t = host(self.trans + self.mask).T.copy()
        v = np.empty((steps, batch, n), dtype=scores.dtype)
        v[0] = host(self.start + self.smask) + scores[:, 0]
        back = np.empty((steps, batch, n), dtype=np.int64)
        cand = np.empty((batch, n, n), dtype=scores.dtype)
        flat, at = cand.reshape(batch * n, n), np.arange(batch * n)
        for t in range(1, steps):
            np.add(v[t - 1][:, None, :], tr_t, out=cand)
            cand.argmax(2, out=back[t])
            np.add(flat[at, back[t].ravel()].reshape(batch, n), scores[:, t], out=v[t])
        rows = np.arange(batch)
        ends = host(m).sum(1) - 1
        back[np.arange(steps)[:, None] > ends] = np.arange(n)  # past the end: stay put
        last = (v[ends, rows] + host(self.end)).argmax(1)
        path = np.empty((steps, batch), dtype=np.int64)
        path[-1] = last
        for t in range(steps - 1, 0, -1):
            last = path[t - 1] = back[t, rows, last]
        return [row[: end + 1] for row, end in zip(path.T.tolist(), ends.tolist(), strict=True)]


class BiLstmCrf(nn.Module):
    """Word + character-CNN + case + gazetteer inputs, one BiLSTM, one CRF head per tag set."""

    def __init__(
        self, n_words: int, n_chars: int, heads: Mapping[str, Sequence[str]], hidden: int = 128
    ) -> None:
        super().__init__()
        self.wemb = nn.Embedding(n_words, 100, padding_idx=0)
        self.cemb = nn.Embedding(n_chars, 30, padding_idx=0)
        self.conv = nn.Conv1d(30, 50, 3, padding=1)
        self.case = nn.Embedding(8, 8, padding_idx=0)
        self.drop = nn.Dropout(0.5)
        n_in = 100 + 50 + 8 + 2 * len(GAZ_KINDS)
        self.lstm = nn.LSTM(n_in, hidden, batch_first=True, bidirectional=True)
        self.heads = nn.ModuleDict({d: nn.Linear(2 * hidden, len(t)) for d, t in heads.items()})
        self.crfs = nn.ModuleDict({d: Crf(t) for d, t in heads.items()})

    def nll(self, head: str, inputs: list[torch.Tensor], y: torch.Tensor) -> torch.Tensor:
        """Summed negative log-likelihood of a batch of one head (inputs: w, c, k, g, mask)."""
        w, c, k, g, m = inputs
        crf: Crf = self.crfs[head]  # type: ignore[assignment]
        return crf.nll(self.heads[head](self.encode(w, c, k, g)), y, m)

    def encode(
        self,
        w: torch.Tensor,
        c: torch.Tensor,
        k: torch.Tensor,
        g: torch.Tensor,
        rows: torch.Tensor | None = None,
    ) -> torch.Tensor:
        """Contextual token states (batch, time, 2 * hidden).

        c holds each position's character ids (batch, time, chars), or with `rows` (batch, time)
        those of distinct tokens (n, chars), the rows of which the positions pick.
        """
        if rows is None:
            b, t, n = c.shape
            ce = self.cemb(c.view(b * t, n)).transpose(1, 2)
            cf = torch.relu(self.conv(ce)).max(2).values.view(b, t, -1)
        else:
            ce = self.cemb(c).transpose(1, 2)
            cf = torch.relu(self.conv(ce)).max(2).values[rows]
        h, _ = self.lstm(self.drop(torch.cat([self.wemb(w), cf, self.case(k), g], -1)))
        out: torch.Tensor = self.drop(h)
        return out

    def decode(
        self,
        head: str,
        w: torch.Tensor,
        c: torch.Tensor,
        k: torch.Tensor,
        g: torch.Tensor,
        m: torch.Tensor,
    ) -> list[list[int]]:
        """Viterbi tag ids of one head."""
        crf: Crf = self.crfs[head]  # type: ignore[assignment]
        return crf.decode(self.heads[head](self.encode(w, c, k, g)), m)

    def tag(
        self,
        head: str,
        w: torch.Tensor,
        c: torch.Tensor,
        rows: torch.Tensor,
        k: torch.Tensor,
        g: torch.Tensor,
        m: torch.Tensor,
    ) -> list[list[int]]:
        """Viterbi tag ids of one head from `batch_inputs`, each row cut to its sentence."""
        crf: Crf = self.crfs[head]  # type: ignore[assignment]
        return crf.viterbi(self.heads[head](self.encode(w, c, k, g, rows)), m)
