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


def _only(text: str, entities: list[Entity] | None = None) -> Quote:
    (quote,) = find_quotes(text, entities or ())
    return quote


def test_nickname_and_full_name_resolve_to_the_full_name() -> None:
    text = (
        "Menteri Perumahan Maruarar Sirait atau akrab disapaAra meninjau lokasi.\n"
        "“Kami akan bangun lebih banyak rumah,” kata Ara."
    )
    assert _only(text).speaker == "Maruarar Sirait"
    text = (
        "Bro Ron atau yang memiliki nama lengkap Ronald Aristone Sinaga mendaftar.\n"
        "“Saya siap bersaing dengan siapa pun,” ujar Bro Ron."
    )
    assert _only(text).speaker == "Ronald Aristone Sinaga"


def test_alias_points_to_the_name_given_first() -> None:
    text = (
        "Farel tinggal bersama manajernya, Muhammad Rais alias Rais Simson.\n"
        "“Farel sudah pindah sekolah ke Jakarta,” kata Rais."
    )
    assert _only(text).speaker == "Muhammad Rais"


def test_pronoun_after_a_passive_speech_verb_means_its_agent() -> None:
    text = (
        "“Sudah bertahun-tahun macet seperti ini,” ujar Yuni Lestari, warga setempat.\n"
        "Keluhan serupa disampaikan oleh Imron Saputra, pengemudi ojek.\n"
        "“Biasanya juga macet, tapi ini lebih padat,” kata dia."
    )
    assert [q.speaker for q in find_quotes(text)] == ["Yuni Lestari", "Imron Saputra"]


def test_promise_accusation_and_denial_noun_are_speech() -> None:
    text = (
        "Korea Selatan pada Selasa berjanji akan mengambil “langkah bertahap” terhadap Rusia.\n"
        "Korea Selatan telah berjanji akan mengambil langkah-langkah untuk melawan kerja sama "
        "itu meskipun ada penolakan dari Pyongyang bahwa negara tersebut telah mengirim pasukan "
        "ke Rusia.\n"
        "Korea Selatan memanggil duta besar Rusia setelah mereka menuduh Korea Utara mengirim "
        "1.500 tentara ke Ukraina."
    )
    quotes = find_quotes(text)
    phrase = _starting(quotes, "langkah bertahap")
    assert (phrase.kind, phrase.cue, phrase.speaker) == ("direct", "berjanji", "Korea Selatan")
    promise = _starting(quotes, "akan mengambil langkah-langkah")
    assert promise.speaker == "Korea Selatan" and not promise.denial
    assert "penolakan" not in promise.content
    denied = _starting(quotes, "negara tersebut telah mengirim")
    assert (denied.cue, denied.speaker, denied.denial) == ("penolakan", "Pyongyang", True)
    accused = _starting(quotes, "Korea Utara mengirim")
    assert (accused.cue, accused.speaker) == ("menuduh", "Korea Selatan")


def test_fitnah_as_a_charge_is_no_denial() -> None:
    charge = _only("Wira menjelaskan laporan ini terkait dugaan penghinaan dan/atau fitnah.")
    assert not charge.denial
    victim = _only("Angga menyebut partainya telah menjadi korban fitnah.")
    assert victim.denial


def test_acts_are_not_speech() -> None:
    for text in (
        "POCO Indonesia belum mengonfirmasi chipset yang akan dipakai ponsel itu.",
        "PGRI kemudian melaporkan Bro Ron ke polisi atas ujaran kebencian.",
        "Korban meminta bantuan warga sekitar untuk mengejar pelaku.",
        "Faizal menjelaskan, bunyi tembakan pertama terdengar pada pagi hari.",
    ):
        assert [q.cue for q in find_quotes(text)] in ([], ["menjelaskan"]), text
    request = _only("Dede Yusuf meminta Kemendagri segera menyusun peta batas wilayah.")
    assert request.cue == "meminta" and request.content.startswith("Kemendagri")
    report = _only("Badan Intelijen Nasional melaporkan Korea Utara telah mengirim pasukan.")
    assert report.speaker == "Badan Intelijen Nasional"


def test_statement_owner_and_role_before_the_name() -> None:
    text = (
        "Persatuan Bola Voli Seluruh Indonesia (PBVSI) menerima keputusan itu.\n"
        "“Terima kasih atas dedikasimu,” bunyi pernyataan PBVSI di media sosial.\n"
        "“Jadi terlapor di sini Budi Arie,” kata kader PDIP sekaligus advokat, Wiradarma Harefa."
    )
    first, second = find_quotes(text)
    assert first.speaker == "Persatuan Bola Voli Seluruh Indonesia"
    assert second.speaker == "Wiradarma Harefa"


def test_capitalised_words_in_a_subject_are_not_verbs() -> None:
    text = "Badan Meteorologi Klimatologi dan Geofisika (BMKG) memastikan gempa tak memicu tsunami."
    assert _only(text).speaker == "Badan Meteorologi Klimatologi dan Geofisika"


def test_several_speakers() -> None:
    text = (
        "Menteri Luar Negeri Cho Tae-yul dan Menteri Pertahanan Kim Yong-hyun mengatakan bahwa "
        "kerja sama itu merupakan ancaman serius."
    )
    assert _only(text).speaker == "Cho Tae-yul dan Kim Yong-hyun"


def test_entities_resolve_short_names_and_abbreviations() -> None:
    text = (
        "Wakil Penasihat Keamanan Nasional Kim Tae-hyo memimpin rapat.\n"
        "“Kami akan bertindak,” kata Kim.\n"
        "NSC mengatakan bahwa situasi itu merupakan ancaman serius."
    )
    kim, nsc = text.index("Kim Tae-hyo"), text.index("Kim.")
    entities = [
        Entity("Kim Tae-hyo", kim, kim + 11, "PERSON", "Kim Tae-hyo"),
        Entity("Kim", nsc, nsc + 3, "PERSON", "Kim"),  # the alias step left it ambiguous
        Entity("NSC", text.index("NSC"), text.index("NSC") + 3, "ORG", "Dewan Keamanan Nasional"),
    ]
    speakers = [q.speaker for q in find_quotes(text, entities)]
    assert speakers == ["Kim Tae-hyo", "Dewan Keamanan Nasional"]


def test_description_with_a_name_inside_stays_a_description() -> None:
    text = "Seorang pejabat senior di kantor Presiden Yoon Suk-yeol mengatakan rapat berjalan baik."
    start = text.index("Yoon")
    entity = Entity("Yoon Suk-yeol", start, start + 13, "PERSON", "Yoon Suk-yeol")
    assert (_only(text, [entity]).speaker or "").startswith("Seorang pejabat senior")
