"""The labelled quote sets, read into gold quotes: analysis-0618, the two seeds and PolNeAR."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kabar.evaluate.analysis_set import analysis_articles, analysis_labels

SEEDS = Path(__file__).resolve().parents[3] / "examples" / "seeds"
_QUOTE_MARKS = "\"“”‘’'«»„"
_OFFICIAL = "Seorang pejabat senior di kantor Presiden Yoon Suk-yeol"


@dataclass(frozen=True, slots=True)
class Gold:
    """One labelled quote: where its content is, its kind, speaker and denial flag."""

    start: int
    end: int
    kind: str
    speaker: str | None
    denial: bool = False
    mention: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """One labelled text: its cleaned text and gold quotes."""

    id: str
    text: str
    gold: tuple[Gold, ...]
    lang: str = "id"


def analysis_documents(benchmarks: Path, articles: Path | None = None) -> list[Document]:
    """The analysis-0618 labels with the cleaned texts of their articles."""
    texts = {key: a.text for key, a in analysis_articles(benchmarks, articles).items()}
    documents = []
    for label in analysis_labels():
        if label["id"] not in texts:
            continue
        gold = tuple(
            Gold(q["start"], q["end"], q["kind"], q.get("speaker"), bool(q.get("denial")))
            for q in label.get("quotes", [])
        )
        documents.append(Document(label["id"], texts[label["id"]], gold))
    return documents


# The seeds' quotes, read by hand under docs/annotating-analysis.md: (seed file prefix, first
# words, last words, kind, speaker, denial); the content runs from the first to the last words.
SEED_QUOTES: tuple[tuple[str, str, str, str, str, bool], ...] = (
    ("000", "langkah bertahap", "langkah bertahap", "direct", "Korea Selatan", False),
    (
        "000",
        "Korea Utara telah memutuskan",
        "ke Timur Jauh Rusia",
        "indirect",
        "Badan Intelijen Nasional",
        False,
    ),
    ("000", "Pemerintah menyerukan", "pasukan Korea Utara,", "direct", "Kim Tae-hyo", False),
    (
        "000",
        "perkembangan tersebut menimbulkan",
        "militer dengan Korea Utara",
        "indirect",
        "Dewan Keamanan Nasional",
        False,
    ),
    (
        "000",
        "Jika kerja sama militer ilegal",
        "dengan komunitas internasional,",
        "direct",
        "Kim Tae-hyo",
        False,
    ),
    (
        "000",
        "akan adanya langkah bertahap",
        "hubungan militer mereka",
        "indirect",
        "Kim Tae-hyo",
        False,
    ),
    (
        "000",
        "Di antara skenario",
        "untuk pertahanan dan serangan",
        "indirect",
        "seorang pejabat senior presiden",
        False,
    ),
    (
        "002",
        "pihaknya dapat membuka kembali",
        "terus membangun hubungan militer",
        "indirect",
        "Korea Selatan",
        False,
    ),
    (
        "002",
        "akan mengambil langkah-langkah",
        "antara Rusia dan Korea Utara",
        "indirect",
        "Korea Selatan",
        False,
    ),
    (
        "002",
        "negara tersebut telah mengirim pasukan",
        "perang Moskow terhadap Ukraina",
        "indirect",
        "Korea Utara",
        True,
    ),
    (
        "002",
        "aliansi antara Rusia dan Korea Utara",
        "merupakan ancaman internasional",
        "indirect",
        "Para pejabat di Seoul",
        False,
    ),
    (
        "002",
        "Korea Utara mengirimkannya 1.500 tentara",
        "pasukan Moskow di Ukraina",
        "indirect",
        "Korea Selatan",
        False,
    ),
    (
        "002",
        "rumor yang tidak berdasar",
        "rumor yang tidak berdasar",
        "direct",
        "Korea Utara",
        True,
    ),
    (
        "002",
        "Mengirim pasukan ke perang",
        "bagi komunitas internasional,",
        "direct",
        "Dewan Keamanan Nasional",
        False,
    ),
    (
        "002",
        "Setelah pengerahan pasukan tempur",
        "tindakan pencegahan bertahap,",
        "direct",
        "Dewan Keamanan Nasional",
        False,
    ),
    (
        "002",
        "langkah-langkah diplomatik, ekonomi",
        "sedang dipersiapkan",
        "indirect",
        "Seorang pejabat senior di kantor Presiden Yoon Suk-yeol",
        False,
    ),
    (
        "002",
        "Korea Selatan dapat meninjau kembali",
        "mengirim senjata ke Kyiv",
        "indirect",
        "Seorang pejabat senior di kantor Presiden Yoon Suk-yeol",
        False,
    ),
    (
        "002",
        "Kami akan mempertimbangkan",
        "penggunaan senjata ofensif,",
        "direct",
        "Seorang pejabat senior di kantor Presiden Yoon Suk-yeol",
        False,
    ),
    (
        "002",
        "mereka memasok senjata kepada",
        "kepada pasukan Rusia",
        "indirect",
        "Korea Utara",
        True,
    ),
    (
        "002",
        "Mengenai apa yang disebut",
        "dan stereotip tersebut,",
        "direct",
        "seorang perwakilan Korea Utara",
        True,
    ),
    (
        "002",
        "bertujuan untuk mencoreng",
        "antara dua negara berdaulat",
        "direct",
        "seorang perwakilan Korea Utara",
        True,
    ),
    (
        "002",
        "tidak ditujukan untuk melawan",
        "kepentingan keamanan Korea Selatan",
        "direct",
        "Rusia",
        False,
    ),
)


def seed_documents() -> list[Document]:
    """The two seed articles with the quotes SEED_QUOTES names."""
    from kabar.clean.boilerplate import clean_text

    documents = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = clean_text(path.read_text(encoding="utf-8")).text
        gold = []
        for prefix, first, last, kind, speaker, denial in SEED_QUOTES:
            if path.name.startswith(prefix):
                start = text.index(first)
                end = text.index(last, start) + len(last)
                gold.append(Gold(start, end, kind, speaker, denial))
        documents.append(Document(path.stem, text, tuple(gold)))
    return documents


def polnear_documents(benchmarks: Path, split: str = "test") -> list[Document]:
    """PolNeAR articles of a split, one annotator's file each (the first by name)."""
    root = benchmarks / "polnear" / split
    if not root.is_dir():
        raise FileNotFoundError(f"{root} not found: PolNeAR lives in the shared benchmarks folder")
    by_article: dict[str, Path] = {}
    for path in sorted((root / "attributions").glob("*.ann")):
        by_article.setdefault(path.stem.rsplit("_", 1)[0], path)
    documents = []
    for name, ann in sorted(by_article.items()):
        text_path = root / "text" / f"{name}.txt"
        if text_path.is_file():
            text = text_path.read_text(encoding="utf-8")
            documents.append(Document(name, text, _polnear_gold(ann, text), lang="en"))
    return documents


def _polnear_gold(path: Path, text: str) -> tuple[Gold, ...]:
    spans: dict[str, tuple[int, int]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            numbers = [int(n) for n in re.findall(r"\d+", parts[1].split(" ", 1)[1])]
            spans[parts[0]] = (min(numbers), max(numbers))
    gold = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("E"):
            continue
        roles = dict(item.split(":") for item in line.split("\t")[1].split()[1:])
        if "Content" not in roles or roles["Content"] not in spans:
            continue
        start, end = spans[roles["Content"]]
        source = spans.get(roles.get("Source", ""))
        mention = text[source[0] : source[1]] if source else None
        gold.append(
            Gold(start, end, _polnear_kind(text[start:end]), mention, mention=mention or "")
        )
    return tuple(gold)


def _polnear_kind(content: str) -> str:
    """Direct when the whole content sits in quotation marks, as quoted attributions do."""
    stripped = content.strip().rstrip(".,")
    return (
        "direct" if stripped[:1] in _QUOTE_MARKS and stripped[-1:] in _QUOTE_MARKS else "indirect"
    )
