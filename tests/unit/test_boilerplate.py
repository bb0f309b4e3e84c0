"""Unit tests for kabar.clean.boilerplate, one group per rule family, on small made-up bodies."""

from __future__ import annotations

import pytest

from kabar.clean.boilerplate import CleaningRules, clean_text, load_rules, normalise_text
from kabar.errors import KabarError
from kabar.model import Attribution, CleanedText, Dateline

BODY = "Pemerintah menetapkan aturan baru tentang tarif parkir di pusat kota pada Senin."
MORE = "Aturan itu mulai berlaku bulan depan dan diawasi oleh dinas perhubungan setempat."


def rules_of(result: CleanedText) -> list[str]:
    return [removal.rule for removal in result.removals]


# --- loading ---------------------------------------------------------------------------------


def test_load_rules_is_cached_and_grouped() -> None:
    rules = load_rules()
    assert rules is load_rules("id")
    assert isinstance(rules, CleaningRules)
    assert rules.start and rules.anywhere and rules.end and rules.inline
    assert all(rule.where == "start" for rule in rules.start)


@pytest.mark.parametrize("lang", ["", "ID", "../etc", "indonesian"])
def test_load_rules_rejects_a_bad_language_code(lang: str) -> None:
    with pytest.raises(KabarError, match="language code"):
        load_rules(lang)


# --- normalisation and offsets ---------------------------------------------------------------


def test_normalise_text_spaces_lines_and_blank_runs() -> None:
    raw = "  Satu\u00a0\u00a0dua  tiga \r\n\r\n\r\n\r\n\tEmpat\u200b lima  \n"
    assert normalise_text(raw) == "Satu dua tiga\n\nEmpat lima"


def test_removal_offsets_point_into_the_normalised_text() -> None:
    raw = f"JAKARTA\u00a0-  {BODY}\n\n\nADVERTISEMENT\n{MORE}\nBaca juga: Judul Lain\n(ant/rid)"
    result = clean_text(raw)
    norm = normalise_text(raw)
    assert result.removals
    for removal in result.removals:
        assert norm[removal.start : removal.end] == removal.text
    assert result.text == f"{BODY}\n{MORE}"


def test_clean_text_of_plain_body_changes_nothing() -> None:
    result = clean_text(f"{BODY}\n{MORE}")
    assert result == CleanedText(f"{BODY}\n{MORE}")


def test_empty_and_blank_bodies() -> None:
    assert clean_text("").text == ""
    assert clean_text(" \n\u00a0\n").text == ""


# --- datelines -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "place", "outlet"),
    [
        ("Seoul (ANTARA) - ", "Seoul", "ANTARA"),
        ("Liputan6.com, Jakarta - ", "Jakarta", "Liputan6.com"),
        ("JAKARTA - ", "Jakarta", None),
        ("JAKARTA–", "Jakarta", None),
        ("JAKARTA- ", "Jakarta", None),
        ("KOMPAS.com - ", None, "KOMPAS.com"),
        ("JAKARTA, KOMPAS.com - ", "Jakarta", "KOMPAS.com"),
        ("JAKARTA\n, KOMPAS.com -\n", "Jakarta", "KOMPAS.com"),
        ("Jakarta, CNN Indonesia -- ", "Jakarta", "CNN Indonesia"),
        ("REPUBLIKA.CO.ID, JAKARTA -- ", "Jakarta", "REPUBLIKA.CO.ID"),
        ("TEMPO.CO,Jakarta-", "Jakarta", "TEMPO.CO"),
        ("Posmetro.co.id,INDRAMAYU –", "Indramayu", "Posmetro.co.id"),
        ("WARTAKOTALIVE.COM, JAKARTA - ", "Jakarta", "WARTAKOTALIVE.COM"),
        ("SERAMBINEWS.COM - ", None, "SERAMBINEWS.COM"),
        ("Kapanlagi.com - ", None, "Kapanlagi.com"),
        ("Jakarta\n-\n", "Jakarta", None),
        ("Liputan6.com, Washington, DC -", "Washington, DC", "Liputan6.com"),
        ("POSMETRO MEDAN– ", "Medan", "POSMETRO"),
        ("PALEMBANG, 9 JUNI 2025 – ", "Palembang", None),
    ],
)
def test_datelines_are_removed_and_recorded(opening: str, place: str, outlet: str | None) -> None:
    result = clean_text(opening + BODY)
    assert result.text == BODY
    assert result.dateline is not None
    assert (result.dateline.place, result.dateline.outlet) == (place, outlet)
    assert result.removals[0].rule.startswith("dateline.")


def test_dateline_text_keeps_the_words_it_was_read_from() -> None:
    result = clean_text("Seoul (ANTARA) - " + BODY)
    assert result.dateline == Dateline("Seoul", "ANTARA", "Seoul (ANTARA) -")


def test_dateline_glued_to_the_first_word() -> None:
    result = clean_text("Liputan6.com, JakartaKita semua mengalami hari yang berat di kantor.")
    assert result.dateline == Dateline("Jakarta", "Liputan6.com", "Liputan6.com, Jakarta")
    assert result.text == "Kita semua mengalami hari yang berat di kantor."


def test_detik_dateline_split_over_lines_and_name_on_its_own_line() -> None:
    raw = "Jakarta\n-\nLuna Maya\nternyata memiliki alasan kenapa mau bermain dalam film itu."
    result = clean_text(raw)
    assert result.dateline is not None and result.dateline.place == "Jakarta"
    assert result.text == "Luna Maya ternyata memiliki alasan kenapa mau bermain dalam film itu."


def test_dateline_under_a_title_line_and_reporter_byline() -> None:
    raw = (
        "Judul Berita yang Ikut Terambil\n"
        "Laporan Wartawan Tribunnews.com, Budi Santoso\n"
        f"TRIBUNNEWS.COM, JAKARTA - {BODY}"
    )
    result = clean_text(raw)
    assert result.dateline == Dateline("Jakarta", "TRIBUNNEWS.COM", "TRIBUNNEWS.COM, JAKARTA -")
    assert result.text == f"Judul Berita yang Ikut Terambil\n{BODY}"
    assert "dateline.report_byline" in rules_of(result)


def test_only_the_opening_is_a_dateline() -> None:
    raw = f"{BODY}\nJAKARTA - {MORE}"
    result = clean_text(raw)
    assert result.dateline is None
    assert result.text == f"{BODY}\nJAKARTA - {MORE}"


# --- inserted lines --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Baca juga: Harga Cabai Naik Jelang Idul Adha",
        "Baca juga:",
        "Baca Juga",
        "BACA JUGA - Ini Beda Dua Mobil Listrik Terbaru",
        "Baca Juga:Harga Cabai Naik Jelang Idul Adha",
        "Lihat Juga: 10 Adab Bertamu dalam Islam",
        "Simak juga video pilihan berikut ini:",
        "Simak Video: Banjir Rendam Ratusan Rumah",
        "Tonton juga Video: Banjir Rendam Ratusan Rumah",
        "Lihat juga Video 'Banjir Rendam Ratusan Rumah':",
        "ADVERTISEMENT",
        "Advertisement",
        "SCROLL TO CONTINUE WITH CONTENT",
        "[Gambas:Video 20detik]",
        "[Gambas:Instagram]",
        "Pewarta: Budi Santoso",
        "Editor: Ani Lestari",
        "EDITOR : Rahmad",
        "Penulis: Citra Dewi",
        "Copyright © ANTARA 2024",
        "© 2025 Nama Outlet. All rights reserved.",
        "Nama Artis © KapanLagi.com",
        "Ikuti Whatsapp Channel Republika",
        "Baca berita lainnya di: Google News.",
        "Artikel ini telah tayang di Kompas.com dengan judul Harga Cabai Naik",
        "View this post on Instagram",
        "Disclaimer: Setiap keputusan investasi ada di tangan pembaca.",
        "--------",
        "Daftar Isi",
    ],
)
def test_inserted_lines_go_anywhere(line: str) -> None:
    result = clean_text(f"{BODY}\n{line}\n{MORE}")
    assert result.text == f"{BODY}\n{MORE}"
    assert len(result.removals) == 1
    assert result.removals[0].text == line


def test_advertisement_and_scroll_marker_stacked() -> None:
    result = clean_text(f"{BODY}\nADVERTISEMENT\nSCROLL TO CONTINUE WITH CONTENT\n{MORE}")
    assert result.text == f"{BODY}\n{MORE}"
    assert rules_of(result) == ["inserted.advertisement", "inserted.scroll"]


def test_detik_video_widget_printed_twice() -> None:
    video = "Video Warga Panen Raya di Desa Sukamaju"
    result = clean_text(f"{BODY}\n{video}\n{video}\n{MORE}")
    assert result.text == f"{BODY}\n{MORE}"
    assert rules_of(result) == ["inserted.video_widget"]


def test_kompas_whatsapp_block_split_over_lines() -> None:
    block = (
        "Simak\nbreaking news\ndan\nberita pilihan\nkami langsung di ponselmu. Pilih saluran "
        "andalanmu akses berita Kompas.com WhatsApp Channel :\nhttps://www.whatsapp.com/channel/x\n"
        ". Pastikan kamu sudah install aplikasi WhatsApp ya."
    )
    result = clean_text(f"{BODY}\n{block}")
    assert result.text == BODY
    assert rules_of(result) == ["promo.outlet_channel_block"]


def test_a_sentence_that_mentions_an_advertisement_stays() -> None:
    text = "Advertisement itu ditayangkan di televisi nasional selama sepekan penuh."
    assert clean_text(f"{BODY}\n{text}").text == f"{BODY}\n{text}"


# --- related-article links ("Baca juga") ------------------------------------------------------


def test_baca_juga_title_on_the_next_line() -> None:
    raw = f"{BODY}\nBaca juga:\nHarga Cabai Naik Jelang Idul Adha\n{MORE}"
    result = clean_text(raw)
    assert result.text == f"{BODY}\n{MORE}"
    assert result.removals[0].text == "Baca juga:\nHarga Cabai Naik Jelang Idul Adha"


def test_bare_baca_juga_heads_a_list_of_titles() -> None:
    titles = "Harga Cabai Naik Jelang Idul Adha\nPetani Bawang Panen Raya di Brebes Tahun Ini"
    result = clean_text(f"{BODY}\nBaca Juga\n{titles}\n{MORE}")
    assert result.text == f"{BODY}\n{MORE}"


def test_bare_baca_juga_followed_by_article_text_keeps_the_text() -> None:
    result = clean_text(f"{BODY}\nBaca Juga\n{MORE}")
    assert result.text == f"{BODY}\n{MORE}"
    assert [r.text for r in result.removals] == ["Baca Juga"]


def test_baca_juga_run_inline_by_the_scraper_takes_the_whole_line() -> None:
    raw = (
        "Olahraga rutin bisa menjaga kesehatan.\n"
        "Baca juga:Larangan Rokok Dekat Sekolah Mulai Berlaku\n"
        "Namun, banyak warga belum mengetahui aturan tersebut."
    )
    result = clean_text(raw)
    assert result.text == (
        "Olahraga rutin bisa menjaga kesehatan.\n"
        "Namun, banyak warga belum mengetahui aturan tersebut."
    )


def test_article_text_glued_onto_a_title_is_kept() -> None:
    glued = "Korea Selatan memperingatkan bahwa pihaknya dapat membuka kembali diskusi."
    raw = f"{BODY}\nBaca juga: Korsel, AS, Jepang kompak kecam peluncuran rudal Korut{glued}"
    result = clean_text(raw)
    assert result.text == f"{BODY}\n{glued}"
    assert result.removals[0].text.endswith("rudal Korut")


def test_baca_juga_between_two_glued_sentences() -> None:
    raw = (
        '"Ya, Ronaldo dapat menyamai diriku," ujar Eusebio.Baca Juga:Kutukan Pemain Belakang '
        'Berlanjut: 4 Laga Tanpa Kemenangan!"Dia pada saat ini bermain sangat baik," lanjutnya.'
    )
    result = clean_text(raw)
    assert result.text == (
        '"Ya, Ronaldo dapat menyamai diriku," ujar Eusebio.\n'
        '"Dia pada saat ini bermain sangat baik," lanjutnya.'
    )


def test_baca_juga_title_followed_by_a_sentence_after_a_space() -> None:
    raw = (
        "Baca Juga: Aliansi Eropa di Ujung Tanduk Satu orang tewas dan satu lainnya luka parah "
        "dalam serangan udara di wilayah itu."
    )
    result = clean_text(raw)
    expected = "Satu orang tewas dan satu lainnya luka parah dalam serangan udara di wilayah itu."
    assert result.text == expected


def test_glued_list_of_titles_goes_whole() -> None:
    raw = f"{BODY}\nYuk baca juga:Judul Pertama Tentang ArtisJudul Kedua Soal Konser, Kok Bisa?"
    assert clean_text(raw).text == BODY


# --- attributions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("Sumber : Yonhap-OANA", "Yonhap-OANA"),
        ("Sumber: Antara", "Antara"),
        ("sumber : Antara Foto", "Antara Foto"),
        ("Sumber: RandomEditor: Oki Budiman", "Random"),
    ],
)
def test_source_lines_become_attributions(line: str, value: str) -> None:
    result = clean_text(f"{BODY}\n{line}\n{MORE}")
    assert result.text == f"{BODY}\n{MORE}"
    assert result.attributions == (Attribution("sumber", value, line),)
    assert rules_of(result) == ["attribution.sumber"]


def test_a_sentence_starting_with_sumber_is_not_a_source_line() -> None:
    line = "Sumber: kepolisian menyebut pelaku sudah lama diincar karena beraksi di banyak kota."
    result = clean_text(f"{BODY}\n{line}")
    assert result.text == f"{BODY}\n{line}"
    assert result.attributions == ()


def test_final_agency_in_parentheses_is_an_attribution() -> None:
    result = clean_text(f"{BODY}\n{MORE}\n(Antara)")
    assert result.text == f"{BODY}\n{MORE}"
    assert result.attributions == (Attribution("sumber", "Antara", "(Antara)"),)


@pytest.mark.parametrize(
    ("sentence", "kind", "value"),
    [
        ("Hal itu dikutip dari Antara pada Senin.", "dikutip", "Antara"),
        ("Harga minyak naik, seperti dilansir Reuters, Selasa.", "dilansir", "Reuters"),
        ("Nilai pasarnya naik, dilansir dari Transfermarkt.", "dilansir", "Transfermarkt"),
        ("Ia mundur, mengutip CNN, karena alasan keluarga.", "mengutip", "CNN"),
        ("Kata dia, dikutip dari lamanAFP, Selasa.", "dikutip", "AFP"),
    ],
)
def test_inline_attribution_phrases_are_recorded_and_kept(
    sentence: str, kind: str, value: str
) -> None:
    result = clean_text(sentence)
    assert result.text == sentence
    assert result.removals == ()
    assert [(a.kind, a.value) for a in result.attributions] == [(kind, value)]


def test_inline_attribution_skips_a_weekday() -> None:
    result = clean_text("Kata dia dalam konferensi pers, dikutip Minggu (8/6/2025).")
    assert result.attributions == ()


# --- trailers at the very end ----------------------------------------------------------------


@pytest.mark.parametrize(
    "line", ["(ant/rid)", "(Kemas Irawan Nurrachman)", "(*)", "(SIS)", "(okz)"]
)
def test_final_initials_or_reporter_line_goes(line: str) -> None:
    result = clean_text(f"{BODY}\n{MORE}\n{line}")
    assert result.text == f"{BODY}\n{MORE}"


def test_initials_in_the_middle_stay() -> None:
    raw = f"{BODY}\n(ant/rid)\n{MORE}"
    assert clean_text(raw).text == raw


def test_initials_inside_the_last_sentence_stay() -> None:
    raw = f"{BODY} (okz)"
    assert clean_text(raw).text == raw


def test_stacked_trailers_peel_off() -> None:
    raw = f"{BODY}\n(Antara)\nEditor: Ani\n(ant/rid)"
    result = clean_text(raw)
    assert result.text == BODY
    assert [a.value for a in result.attributions] == ["Antara"]


def test_detik_topic_tags_under_the_initials() -> None:
    raw = f"{BODY}\n(rrd/rir)\ncukai rokok\ndaya beli masyarakat\nindustri tembakau"
    result = clean_text(raw)
    assert result.text == BODY
    assert rules_of(result).count("trailer.tags") == 3


def test_lower_case_last_line_without_initials_stays() -> None:
    raw = f"{BODY}\nkata dia menutup wawancara"
    assert clean_text(raw).text.endswith("kata dia menutup wawancara")


# --- rejoining lines the scraper split --------------------------------------------------------


def test_split_sentence_around_link_text_is_rejoined() -> None:
    raw = (
        "Direktur Eksekutif lembaga itu,\nSiti Aminah Tardi\nmendesak agar kasus diusut.\n"
        "Ia menyampaikan hal itu kepada\nKompas.com\n, Selasa (10/6/2025)."
    )
    assert clean_text(raw).text == (
        "Direktur Eksekutif lembaga itu, Siti Aminah Tardi mendesak agar kasus diusut.\n"
        "Ia menyampaikan hal itu kepada Kompas.com, Selasa (10/6/2025)."
    )


def test_brackets_split_over_lines_are_rejoined() -> None:
    raw = "Kepala badan itu (\nGus Irfan\n) menyampaikan kebijakan baru."
    assert clean_text(raw).text == "Kepala badan itu (Gus Irfan) menyampaikan kebijakan baru."


def test_run_of_short_fragments_before_a_lower_case_continuation() -> None:
    raw = "Gubernur\nJakarta\nPramono Anung\nyakin dapat memenuhi putusan itu."
    assert (
        clean_text(raw).text == "Gubernur Jakarta Pramono Anung yakin dapat memenuhi putusan itu."
    )


def test_real_paragraphs_headings_and_lists_are_not_joined() -> None:
    raw = (
        "Bahan-bahan:\n- 2 buah tomat\n- 1 sdt garam\nJam buka\nSetiap hari 08.00-17.00\n"
        f"{BODY}\n{MORE}\n1. Terapi sensori integrasi\nMembantu anak memproses rangsangan."
    )
    assert clean_text(raw).text == raw


def test_cleaning_twice_changes_nothing() -> None:
    raw = (
        f"JAKARTA, KOMPAS.com\n- {BODY}\nBaca juga:\nJudul Lain Tentang Parkir\n"
        f"Warga\nKota\nyakin aturan itu adil.\nADVERTISEMENT\n{MORE}\n(ant/rid)"
    )
    once = clean_text(raw)
    assert clean_text(once.text).text == once.text


def test_see_also_lines_without_a_colon() -> None:
    for line in ("Lihat juga foto-foto lengkapnya di galeri kami", "Simak juga ulasan lainnya"):
        assert clean_text(f"{BODY}\n{line}\n{MORE}").text == f"{BODY}\n{MORE}"


def test_simak_juga_with_a_colon_keeps_glued_text() -> None:
    raw = f"{BODY}\nSimak juga: Harga Cabai Naik Jelang Idul Adha{MORE}"
    assert clean_text(raw).text == f"{BODY}\n{MORE}"
