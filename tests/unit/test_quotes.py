"""Quotes: every quotation style, cues before and after, speakers resolved, denials, English."""

from __future__ import annotations

from pathlib import Path

import pytest

from kabar.clean.boilerplate import clean_text
from kabar.extract.quotes import find_quotes, speaker_key
from kabar.model import Entity, Quote

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"


def _seed(name: str) -> tuple[Quote, ...]:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return find_quotes(clean_text(path.read_text(encoding="utf-8")).text)


def _starting(quotes: tuple[Quote, ...], words: str) -> Quote:
    return next(q for q in quotes if q.content.startswith(words))


def test_seed_direct_quote_by_kim() -> None:
    quote = _starting(_seed("000"), "Pemerintah menyerukan penarikan segera")
    assert (quote.kind, quote.cue, quote.speaker) == ("direct", "kata", "Kim Tae-hyo")
    assert quote.speaker_mention == "Wakil Penasihat Keamanan Nasional Kim Tae-hyo"


def test_seed_short_name_resolves_to_the_full_one() -> None:
    quote = _starting(_seed("000"), "Jika kerja sama militer ilegal")
    assert (quote.speaker, quote.speaker_mention, quote.cue) == ("Kim Tae-hyo", "Kim", "ucap")


def test_seed_indirect_with_description() -> None:
    quote = _starting(_seed("000"), "Di antara skenario")
    assert quote.kind == "indirect" and quote.cue == "kata"
    assert quote.speaker == "seorang pejabat senior presiden"
    assert quote.content.endswith("pertahanan dan serangan")


def test_seed_denial_phrase_and_representative() -> None:
    quotes = _seed("002")
    rumour = next(q for q in quotes if q.content == "rumor yang tidak berdasar")
    assert rumour.kind == "direct" and rumour.denial and rumour.speaker == "Korea Utara"
    rep = _starting(quotes, "Mengenai apa yang disebut")
    assert rep.speaker == "seorang perwakilan Korea Utara"
    aim = _starting(quotes, "bertujuan untuk mencoreng")
    assert aim.speaker == "seorang perwakilan Korea Utara" and aim.speaker_mention == "pejabat itu"


def test_seed_acronym_resolves_to_the_written_name() -> None:
    quote = _starting(_seed("000"), "perkembangan tersebut")
    assert quote.kind == "indirect" and quote.speaker == "Dewan Keamanan Nasional"


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("“", "”"), ('"', '"'), ("‘", "’"), ("'", "'"), ("«", "»"), ("„", "“")],
)
def test_every_quotation_style(opening: str, closing: str) -> None:
    text = f"{opening}Kami akan membangun jembatan baru tahun depan,{closing} kata Budi Santoso."
    (quote,) = find_quotes(text)
    assert quote.content == "Kami akan membangun jembatan baru tahun depan,"
    assert quote.speaker == "Budi Santoso" and quote.kind == "direct"
    assert text[quote.start : quote.end] == quote.content


def test_unclosed_quote_runs_to_paragraph_end() -> None:
    text = "Budi Santoso mengatakan, “Kami akan membangun jembatan baru tahun depan.\nLain hal."
    (quote,) = find_quotes(text)
    assert quote.content == "Kami akan membangun jembatan baru tahun depan."
    assert quote.speaker == "Budi Santoso" and quote.cue == "mengatakan"


def test_split_quote_gives_two_quotes_by_the_same_speaker() -> None:
    text = "“Harga beras naik lagi,” kata Siti Aminah. “Kami tidak bisa membeli cukup.”"
    first, second = find_quotes(text)
    assert (
        first.content == "Harga beras naik lagi,"
        and second.content == "Kami tidak bisa membeli cukup."
    )
    assert first.speaker == second.speaker == "Siti Aminah"


def test_colon_and_continuation_paragraphs() -> None:
    text = (
        "Menteri Keuangan Sri Mulyani Indrawati: “Defisit tetap terjaga di bawah tiga persen.”\n"
        "“Kami terus memantau belanja negara dengan hati-hati.”"
    )
    first, second = find_quotes(text)
    assert first.speaker == "Sri Mulyani Indrawati" and first.cue is None
    assert second.speaker == "Sri Mulyani Indrawati" and second.speaker_mention is None


def test_nya_and_pronoun_resolve_to_the_last_speaker() -> None:
    text = (
        "“Kami siap menghadapi musim hujan,” kata Kepala BPBD Jakarta Isnawa Adji.\n"
        "“Semua pompa sudah diperiksa,” ujarnya.\n"
        "Ia mengatakan bahwa petugas disiagakan di setiap kecamatan."
    )
    _, second, third = find_quotes(text)
    assert second.speaker == "Isnawa Adji" and second.speaker_mention == "ujarnya"
    assert (second.speaker_start, second.speaker_end) == (
        text.index("ujarnya"),
        text.index("ujarnya") + 7,
    )
    assert third.kind == "indirect" and third.speaker == "Isnawa Adji"
    assert third.content == "petugas disiagakan di setiap kecamatan"


def test_menurut_gives_an_indirect_quote() -> None:
    text = "Menurut Kim Tae-hyo, Korut telah mengirim 12.000 tentara ke Rusia."
    (quote,) = find_quotes(text)
    assert quote.kind == "indirect" and quote.cue == "Menurut"
    assert quote.content == "Korut telah mengirim 12.000 tentara ke Rusia"
    assert quote.speaker == "Kim Tae-hyo"


def test_scare_quotes_and_titles_are_not_quotes() -> None:
    text = (
        "Warga menyebut program yang disebut “kerja sama” itu gagal.\n"
        "Film “Agak Laen” ditonton jutaan orang.\n"
        "Pemerintah meluncurkan “Operasi Ketupat Jaya” pekan ini."
    )
    assert find_quotes(text) == ()


def test_denials() -> None:
    text = (
        "Juru bicara Polri Budi Hartono membantah tuduhan bahwa polisi menembak warga.\n"
        "“Itu hoaks dan tidak benar sama sekali,” kata Budi."
    )
    first, second = find_quotes(text)
    assert first.kind == "indirect" and first.denial and first.speaker == "Budi Hartono"
    assert second.denial and second.speaker == "Budi Hartono"


def test_refusing_a_policy_is_not_a_denial() -> None:
    text = "Warga menolak rencana pembangunan pabrik di desa mereka."
    assert all(not quote.denial for quote in find_quotes(text))


def test_entities_give_the_speaker() -> None:
    text = "“Kami siap bertanding,” kata pelatih Shin Tae-yong."
    start = text.index("Shin")
    entity = Entity("Shin Tae-yong", start, start + 13, "PERSON", "Shin Tae-yong")
    (quote,) = find_quotes(text, [entity])
    assert quote.speaker == "Shin Tae-yong"


def test_english_quotes() -> None:
    text = (
        '"We will win this election," Trump said on Monday.\n'
        "Clinton said that the economy was growing faster than expected.\n"
        "The plan is a disaster, said Sen. Ted Cruz."
    )
    first, second, third = find_quotes(text, lang="en")
    assert (first.kind, first.speaker, first.cue) == ("direct", "Trump", "said")
    assert second.kind == "indirect" and second.content.startswith("the economy")
    assert third.kind == "indirect" and third.speaker == "Ted Cruz"


def test_quotes_are_sorted_and_offsets_match() -> None:
    quotes = _seed("002")
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)


def test_speaker_key() -> None:
    assert speaker_key("Presiden Prabowo  Subianto") == speaker_key("prabowo subianto")
    assert speaker_key("Kim Tae-hyo") == speaker_key("KIM TAEHYO")
