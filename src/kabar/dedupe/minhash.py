"""Near-duplicate bodies (wire copies, re-posts, updated versions) by MinHash LSH."""

from __future__ import annotations

import functools
import io

import numpy as np
import numpy.typing as npt
import regex
from datasketch import LeanMinHash, MinHash, MinHashLSH

_WORD = regex.compile(r"[\p{L}\p{N}]+")
_FORMAT = 1  # version of the to_bytes layout; bump it when the layout changes
_SCHEME = "affine32"  # datasketch's default permutation scheme (since 2.0): uint32 hash values
Signature = npt.NDArray[np.uint32]


def shingles(text: str, k: int = 5) -> set[str]:
    """Word k-shingles of the normalised text: lower-case, punctuation gone, spaces collapsed.

    A text of fewer than k words gives one shingle of all its words, so a short body still
    matches its exact copy; a text with no words gives the empty set.
    """
    if k < 1:
        raise ValueError(f"k={k!r}: a shingle needs at least one word")
    words = _WORD.findall(text.lower())
    size = min(k, len(words))
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)} if words else set()


@functools.cache
def _blank_sketch(num_perm: int, seed: int) -> MinHash:
    """The permutations of (num_perm, seed), drawn once per process; sketches copy them."""
    return MinHash(num_perm=num_perm, seed=seed, scheme=_SCHEME)


def text_signature(text: str, num_perm: int = 128, seed: int = 1, k: int = 5) -> Signature | None:
    """The MinHash signature of a text's word k-shingles (None for a text with no words).

    A pure function, so worker processes can sign articles while the main process clusters;
    the index then takes the signature instead of hashing the text again.
    """
    found = shingles(text, k)
    if not found:
        return None
    sketch = _blank_sketch(num_perm, seed).copy()
    sketch.update_batch([shingle.encode("utf-8") for shingle in found])
    return np.asarray(sketch.hashvalues, dtype=np.uint32)


class NearDuplicateIndex:
    """The originals seen so far, and for a new text the earliest original it copies.

    The defaults were measured with ``benchmarks/near_duplicates.py`` on the development files of
    the June 2025 scrape (1,000 originals with 7,000 synthetic copies; 5,748 real articles with
    hand-read samples of their close pairs and of the pairs MinHash links):

    - ``threshold=0.45``: real copies are edited far more than synthetic ones (Tribun sites swap
      the lede and title, MNC sites reword sentences, live reports grow), so higher thresholds
      miss many: hand-read real copies linked at k=5 are 23/28 at 0.4, 20/28 at 0.45, 17/28 at
      0.5 and 10/28 at 0.6. Below 0.45 rewrites of the same event start to pass as copies
      (hand-read links that are rewrites: 5 at 0.4, 1 at 0.45). Synthetic copies: recall 0.983,
      and one false find in 1,484 negatives (two game-answer pages of one template).
    - ``k=5`` word shingles: k=3 at 0.5 scores about the same (real 22/28, precision 0.815
      against 0.808), but templates full of numbers look more alike in 3-word runs (two
      regional-budget pages: Jaccard 0.49 at k=3, 0.25 at k=5) and k=3 at 0.45 links nine
      rewrites where k=5 links one.
    - Different events told in one template (daily prayer times, coin prices, game answers)
      reach a Jaccard of 0.45 to 0.75, so no threshold keeps them apart from edited copies.
      The estimate's standard deviation is about 0.045 at 128 permutations.
    - the LSH bands are the longest that still make a pair *at* the threshold a candidate with
      probability >= 0.97 (``_bands``; datasketch's own choice for 0.5 gives only 0.55). Every
      candidate is then checked against the threshold, so extra candidates cost time only.

    Only originals should be added: a duplicate points at its original and is not indexed, so
    a copy of a copy is found through the original when it is still close enough to it.
    """

    def __init__(
        self, threshold: float = 0.45, num_perm: int = 128, seed: int = 1, k: int = 5
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold={threshold!r}: must be in (0, 1]")
        if num_perm < 16:
            raise ValueError(f"num_perm={num_perm!r}: fewer than 16 permutations is too noisy")
        if k < 1:
            raise ValueError(f"k={k!r}: a shingle needs at least one word")
        self.threshold = threshold
        self.num_perm = num_perm
        self.seed = seed
        self.k = k
        self._blank = _blank_sketch(num_perm, seed)
        self._lsh = MinHashLSH(num_perm=num_perm, params=_bands(threshold, num_perm))
        self._signatures: dict[str, Signature] = {}
        self._added: dict[str, int] = {}  # key -> insertion number: smaller is earlier
        self._count = 0
        self._last: tuple[str, Signature | None] | None = None  # (text, signature) last hashed

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, key: object) -> bool:
        return key in self._signatures

    def find(
        self, key: str, text: str, signature: Signature | None = None
    ) -> tuple[str, float] | None:
        """The earliest added key whose text has an estimated Jaccard >= threshold with this one.

        Returns (key, estimated Jaccard) or None; adds nothing. `key` itself is never returned,
        and a text with no words matches nothing. `signature`, when given, is the text's
        `text_signature` with this index's parameters (computed elsewhere, e.g. in a worker).
        """
        values = self._signature(text, signature)
        if values is None:
            return None
        lean = LeanMinHash(seed=self.seed, hashvalues=values, scheme=_SCHEME)
        candidates = {str(candidate) for candidate in self._lsh.query(lean)} - {key}
        for candidate in sorted(candidates, key=self._added.__getitem__):
            similarity = self._similarity(values, self._signatures[candidate])
            if similarity >= self.threshold:
                return candidate, similarity
        return None

    def add(self, key: str, text: str, signature: Signature | None = None) -> None:
        """Index an original under `key`; raises ValueError if the key is already indexed."""
        if key in self._signatures:
            raise ValueError(f"key={key!r}: already indexed")
        values = self._signature(text, signature)
        # A text with no words keeps the blank sketch (all maximal values): it is indexed, so
        # remove() and to_bytes() treat it like any key, but no real text ever matches it.
        if values is None:
            values = np.asarray(self._blank.hashvalues, dtype=np.uint32)
        self._insert(key, values)

    def remove(self, key: str) -> None:
        """Forget an original (e.g. one older than the window); raises KeyError if unknown."""
        if key not in self._signatures:
            raise KeyError(key)
        del self._signatures[key], self._added[key]
        self._lsh.remove(key)

    def to_bytes(self) -> bytes:
        """Parameters, keys in insertion order and signatures as plain numpy arrays (no pickle)."""
        keys = sorted(self._signatures, key=self._added.__getitem__)
        signatures = [self._signatures[key] for key in keys]
        buffer = io.BytesIO()
        np.savez(
            buffer,
            format=np.array([_FORMAT], dtype=np.int64),
            threshold=np.array([self.threshold], dtype=np.float64),
            ints=np.array([self.num_perm, self.seed, self.k], dtype=np.int64),
            keys=np.array(keys, dtype=np.str_),
            signatures=(
                np.stack(signatures) if signatures else np.zeros((0, self.num_perm), np.uint32)
            ),
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> NearDuplicateIndex:
        """The index `to_bytes` saved: same parameters, keys, insertion order and answers."""
        with np.load(io.BytesIO(data), allow_pickle=False) as saved:
            version = int(saved["format"][0])
            if version != _FORMAT:
                raise ValueError(f"format={version}: this kabar reads format {_FORMAT}")
            num_perm, seed, k = (int(value) for value in saved["ints"])
            index = cls(float(saved["threshold"][0]), num_perm=num_perm, seed=seed, k=k)
            keys = [str(key) for key in saved["keys"]]
            signatures = np.asarray(saved["signatures"], dtype=np.uint32)
        if signatures.shape != (len(keys), num_perm):
            raise ValueError(f"signatures of shape {signatures.shape}: expected {len(keys)} rows")
        for key, signature in zip(keys, signatures, strict=True):
            index._insert(key, signature.copy())
        return index

    def _insert(self, key: str, signature: Signature) -> None:
        self._signatures[key] = signature
        self._added[key] = self._count
        self._count += 1
        lean = LeanMinHash(seed=self.seed, hashvalues=signature, scheme=_SCHEME)
        self._lsh.insert(key, lean, check_duplication=False)

    def _signature(self, text: str, given: Signature | None) -> Signature | None:
        # find() then add() on the same text is the engine's pattern: hash it once. Holding the
        # text keeps it alive, so an identity check cannot be fooled by a recycled id.
        if given is not None:
            return given
        if self._last is not None and self._last[0] is text:
            return self._last[1]
        values = text_signature(text, self.num_perm, self.seed, self.k)
        self._last = (text, values)
        return values

    def _similarity(self, left: Signature, right: Signature) -> float:
        return float(np.count_nonzero(left == right)) / self.num_perm


def _bands(threshold: float, num_perm: int, recall: float = 0.97) -> tuple[int, int]:
    """(bands, rows) with the most rows per band that still make a pair at `threshold` an LSH
    candidate with probability >= `recall`; longer bands mean fewer needless candidates."""
    for rows in range(num_perm // 2, 0, -1):
        bands = num_perm // rows
        if 1.0 - (1.0 - threshold**rows) ** bands >= recall:
            return bands, rows
    return num_perm, 1
