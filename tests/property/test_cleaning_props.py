"""Properties of boilerplate cleaning: idempotent, offsets exact, nothing vanishes, never raises."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kabar.clean.boilerplate import clean_text, normalise_text

SENTENCES = [
    "Pemerintah menetapkan aturan baru tentang tarif parkir di pusat kota pada Senin (9/6/2025).",
    "Aturan itu mulai berlaku bulan depan dan diawasi oleh dinas perhubungan setempat.",
    '"Kami ingin lalu lintas lebih tertib," kata Kepala Dinas Perhubungan Budi Santoso.',
    "Warga menyambut baik kebijakan tersebut meski sebagian pedagang merasa keberatan.",
    "Menurut data kepolisian, jumlah kecelakaan turun 12 persen dibanding tahun lalu.",
    "Harga cabai merah di Pasar Induk Kramat Jati naik menjadi Rp 80.000 per kilogram.",
    "Timnas Indonesia akan menghadapi Jepang di Stadion Suita, Osaka, pada Selasa malam.",
    "Hal itu disampaikan dalam rapat kerja bersama Komisi V DPR di Senayan, Jakarta.",
    "Sebelumnya, pihak kepolisian telah memeriksa 14 orang saksi terkait kasus tersebut.",
    "Kebijakan ini, seperti dilansir Reuters, juga diterapkan di sejumlah negara tetangga.",
]
BOILERPLATE = [
    "Baca juga: Harga Cabai Naik Jelang Idul Adha",
    "Baca juga:\nPetani Bawang Panen Raya di Brebes Tahun Ini",
    "Baca Juga",
    "ADVERTISEMENT",
    "Advertisement",
    "SCROLL TO CONTINUE WITH CONTENT",
    "[Gambas:Video 20detik]",
    "Simak Video: Banjir Rendam Ratusan Rumah di Bekasi",
    "Tonton juga Video: Warga Gotong Royong Bersihkan Sungai",
    "Pewarta: Budi Santoso",
    "Editor: Ani Lestari",
    "Copyright © ANTARA 2024",
    "Sumber : Yonhap-OANA",
    "Ikuti Whatsapp Channel Republika",
    "Video Warga Panen Raya di Desa Sukamaju\nVideo Warga Panen Raya di Desa Sukamaju",
]
OPENINGS = [
    "",
    "Seoul (ANTARA) - ",
    "Liputan6.com, Jakarta - ",
    "JAKARTA - ",
    "JAKARTA, KOMPAS.com\n- ",
    "Jakarta\n-\n",
    "REPUBLIKA.CO.ID, JAKARTA -- ",
]
TRAILERS = ["", "(ant/rid)", "(Antara)", "(Kemas Irawan Nurrachman)", "(rrd/rir)\ncukai rokok"]
SPACES = st.sampled_from([" ", "  ", "\u00a0", " \u00a0 "])
BREAKS = st.sampled_from(["\n", "\n\n", "\n\n\n\n", " \n", "\r\n"])


@st.composite
def split_sentence(draw: st.DrawFn, sentence: str) -> str:
    """A sentence, sometimes broken over lines around a word, as scrapers do with link text."""
    words = sentence.split(" ")
    if len(words) < 6 or not draw(st.booleans()):
        return draw(SPACES).join(words)
    at = draw(st.integers(1, len(words) - 3))
    return " ".join(words[:at]) + "\n" + words[at] + "\n" + " ".join(words[at + 1 :])


@st.composite
def bodies(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A made-up article body and the article sentences it contains."""
    chosen = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=8))
    parts: list[str] = []
    for sentence in chosen:
        parts.append(draw(split_sentence(sentence)))
        if draw(st.integers(0, 3)) == 0:
            parts.append(draw(st.sampled_from(BOILERPLATE)))
    text = draw(st.sampled_from(OPENINGS)) + draw(BREAKS).join(parts)
    trailer = draw(st.sampled_from(TRAILERS))
    return (text + "\n" + trailer if trailer else text), chosen


def squash(text: str) -> str:
    return "".join(text.split())


def kept_text(norm: str, spans: list[tuple[int, int]]) -> str:
    pieces, pos = [], 0
    for start, end in sorted(spans):
        pieces.append(norm[pos:start])
        pos = end
    return "".join(pieces) + norm[pos:]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(bodies())
def test_cleaning_is_idempotent(body: tuple[str, list[str]]) -> None:
    once = clean_text(body[0])
    assert clean_text(once.text).text == once.text


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(bodies())
def test_article_sentences_survive_and_boilerplate_goes(body: tuple[str, list[str]]) -> None:
    text, sentences = body
    cleaned = " ".join(clean_text(text).text.split())
    for sentence in sentences:
        assert sentence in cleaned
    for marker in ("Baca juga", "ADVERTISEMENT", "SCROLL TO", "Gambas", "Pewarta", "Editor:"):
        assert marker not in cleaned


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(bodies())
def test_removals_are_exact_slices_of_the_normalised_text(body: tuple[str, list[str]]) -> None:
    result = clean_text(body[0])
    norm = normalise_text(body[0])
    spans = [(r.start, r.end) for r in result.removals]
    for removal in result.removals:
        assert norm[removal.start : removal.end] == removal.text
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    # Nothing vanishes unrecorded: the output is the input minus the removals, up to whitespace.
    assert squash(kept_text(norm, spans)) == squash(result.text)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text_never_raises_and_keeps_the_accounting(text: str) -> None:
    result = clean_text(text)
    norm = normalise_text(text)
    spans = [(r.start, r.end) for r in result.removals]
    for removal in result.removals:
        assert norm[removal.start : removal.end] == removal.text
    assert squash(kept_text(norm, spans)) == squash(result.text)


NOISE = st.sampled_from(
    [*"abcdeJKAB ().,:-–\n\u00a0", "Baca juga:", "JAKARTA", "Liputan6.com", "(ant/rid)", "Video "]
)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NOISE, max_size=60).map("".join))
def test_marker_heavy_noise_never_raises(text: str) -> None:
    result = clean_text(text)
    norm = normalise_text(text)
    for removal in result.removals:
        assert norm[removal.start : removal.end] == removal.text
    assert normalise_text(result.text) == result.text
