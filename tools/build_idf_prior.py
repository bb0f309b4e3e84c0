"""Build the Indonesian document-frequency prior shipped in src/kabar/lang/id/idf_prior.npz.

A streaming clusterer starts knowing nothing about which words are common, so its first articles
get a useless IDF (after one article, every word of that article looks common). This prior gives
it the document frequencies of ordinary Indonesian news from the first article on.

Source: the training splits of two permissively licensed Indonesian news NER corpora (never their
test splits): NERP (IndoNLU, Apache-2.0 licence file) and idner-news-2k (MIT). Sentences are
grouped in runs of ten as pseudo-documents; only hashed feature counts are kept, no text.

    python tools/build_idf_prior.py [--benchmarks PATH]
"""

from __future__ import annotations

import argparse
import os
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from kabar.cluster.vectors import OnlineTfidf
from kabar.model import Article

REPO = Path(__file__).resolve().parents[1]
SOURCES = (
    "indonlu-ner/nerp_ner-prosa/train_preprocess.txt",
    "idner-news-2k/train.txt",
)
SENTENCES_PER_DOCUMENT = 10
N_FEATURES = 2**18


def sentences(path: Path) -> list[str]:
    """Sentences of a CoNLL-style file (token first on each line, blank line between sentences)."""
    found, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                found.append(" ".join(current))
            current = []
        else:
            current.append(line.split()[0])
    if current:
        found.append(" ".join(current))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = os.environ.get("KABAR_BENCHMARKS", str(REPO.parent / "shared" / "benchmarks"))
    parser.add_argument("--benchmarks", type=Path, default=Path(default))
    parser.add_argument("--out", type=Path, default=REPO / "src/kabar/lang/id/idf_prior.npz")
    args = parser.parse_args()
    vectorizer = OnlineTfidf(N_FEATURES, prior=False)
    moment = datetime(2000, 1, 1, tzinfo=UTC)
    for source in SOURCES:
        lines = sentences(args.benchmarks / source)
        for start in range(0, len(lines), SENTENCES_PER_DOCUMENT):
            text = "\n".join(lines[start : start + SENTENCES_PER_DOCUMENT])
            article = Article(
                id="prior", content_hash="", title="", text=text, lang="id", published=moment
            )
            indices, _ = vectorizer.vector(article)
            vectorizer.observe(indices)
    present = np.flatnonzero(vectorizer.df).astype(np.uint32)
    np.savez_compressed(
        args.out,
        indices=present,
        df=vectorizer.df[present].astype(np.uint16),
        documents=np.array([vectorizer.documents]),
        n_features=np.array([N_FEATURES]),
    )
    print(f"{vectorizer.documents} pseudo-documents, {len(present)} features -> {args.out}")


if __name__ == "__main__":
    main()
