"""The near-duplicate index: copies found, other articles on the same event not, deterministic."""

from __future__ import annotations

import pytest

from kabar.dedupe.minhash import NearDuplicateIndex, shingles

ORIGINAL = [
    "Pemerintah resmi mencabut empat izin usaha pertambangan nikel di Kabupaten Raja Ampat, "
    "Papua Barat Daya, pada Selasa siang.",
    "Keputusan itu diumumkan Menteri Sekretaris Negara dalam konferensi pers di Istana "
    "Kepresidenan, Jakarta, setelah rapat terbatas bersama Presiden.",
    "Empat perusahaan yang izinnya dicabut adalah PT Anugerah Surya Pratama, PT Nurham, PT "
    "Mulia Raymond Perkasa, dan PT Kawei Sejahtera Mining.",
    "Menurut pemerintah, sebagian wilayah konsesi keempat perusahaan itu berada di dalam "
    "kawasan geopark yang harus dilindungi.",
    "Tim kementerian juga menemukan pelanggaran lingkungan saat meninjau lokasi tambang pekan "
    "lalu, termasuk sedimentasi di sekitar terumbu karang.",
    "Warga dan aktivis lingkungan sebelumnya memprotes aktivitas tambang yang dinilai merusak "
    "pulau-pulau kecil di kawasan wisata itu.",
    "Video kerusakan pantai dan laut di sekitar lokasi tambang sempat viral di media sosial "
    "dan memicu perdebatan publik selama sepekan.",
    "Pemerintah menegaskan perusahaan yang masih beroperasi akan diawasi ketat dan wajib "
    "memulihkan lahan bekas tambang.",
    "Kementerian Lingkungan Hidup akan menghitung nilai kerugian ekologis akibat kegiatan "
    "pertambangan di pulau-pulau tersebut.",
    "Pengamat menilai langkah ini penting untuk menjaga kepercayaan investor sekaligus "
    "melindungi kawasan konservasi laut.",
    "DPR menyatakan akan memanggil kementerian terkait untuk meminta penjelasan lengkap "
    "mengenai proses penerbitan izin di masa lalu.",
    "Masyarakat adat setempat menyambut baik keputusan itu dan meminta pemerintah melibatkan "
    "mereka dalam pemulihan lingkungan.",
]
TEXT = "\n".join(ORIGINAL)

# The same event told independently: same names and facts, different sentences.
SAME_EVENT = "\n".join(
    [
        "Presiden memutuskan menghentikan kegiatan empat perusahaan tambang nikel yang beroperasi "
        "di Raja Ampat setelah gelombang protes dari warga.",
        "Keempatnya, yakni PT Anugerah Surya Pratama, PT Nurham, PT Mulia Raymond Perkasa dan PT "
        "Kawei Sejahtera Mining, kehilangan izin usaha mulai hari ini.",
        "Menteri Energi dan Sumber Daya Mineral menyebut konsesi mereka tumpang tindih dengan "
        "kawasan geopark dunia di Papua Barat Daya.",
        "Aktivis Greenpeace menyambut keputusan tersebut, tetapi meminta satu izin lain yang "
        "masih berlaku di Pulau Gag ikut ditinjau ulang.",
        "Sejumlah pengusaha mengaku khawatir keputusan mendadak seperti ini akan membuat investor "
        "asing ragu menanamkan modal di sektor mineral.",
        "Anggota Komisi XII DPR meminta pemerintah segera menyiapkan rencana pemulihan bagi "
        "pulau-pulau kecil yang rusak akibat penambangan.",
        "Warga Kampung Manyaifun berharap kapal tongkang pengangkut bijih tidak lagi melintas di "
        "perairan tempat mereka mencari ikan.",
        "Pemerintah daerah berjanji mengawal pemulihan terumbu karang bersama lembaga riset dan "
        "kelompok nelayan setempat.",
    ]
)


def _with(index_keys: dict[str, str]) -> NearDuplicateIndex:
    index = NearDuplicateIndex()
    for key, text in index_keys.items():
        index.add(key, text)
    return index


def test_shingles_ignore_case_punctuation_and_spacing() -> None:
    assert shingles("Halo,  DUNIA!\nApa kabar?", k=2) == {"halo dunia", "dunia apa", "apa kabar"}


def test_short_and_empty_texts_fall_back_without_crashing() -> None:
    assert shingles("", k=5) == set()
    assert shingles("... !!", k=5) == set()
    assert shingles("Banjir di Bekasi", k=5) == {"banjir di bekasi"}
    index = _with({"empty": "", "short": "Banjir di Bekasi"})
    assert len(index) == 2
    assert index.find("q", "") is None
    assert index.find("q", "—") is None
    assert index.find("q", "banjir, DI bekasi!") == ("short", 1.0)
    assert index.find("q", "Kebakaran di Depok") is None


def test_identical_text_is_found_with_similarity_one() -> None:
    assert _with({"a": TEXT}).find("b", TEXT) == ("a", 1.0)


@pytest.mark.parametrize(
    "copy",
    [
        pytest.param(
            "\n".join(
                [
                    *ORIGINAL[:3],
                    "Perusahaan diberi waktu tiga bulan untuk menarik semua alat berat.",
                    *ORIGINAL[4:8],
                    "Sebagian karyawan tambang akan dipindahkan ke proyek lain.",
                    *ORIGINAL[9:],
                ]
            ),
            id="two sentences replaced",
        ),
        pytest.param(
            TEXT + "\nPemerintah juga berjanji mengevaluasi seluruh izin tambang di pulau kecil. "
            "Hasil evaluasi akan diumumkan bulan depan bersama rencana pemulihan kawasan.",
            id="paragraph added",
        ),
        pytest.param(
            "JAKARTA, KOMPAS.com - Pemerintah akhirnya mencabut empat izin "
            + TEXT.split(" ", 5)[5],
            id="new dateline and first words",
        ),
        pytest.param(
            "\n".join(ORIGINAL[:5] + ORIGINAL[6:11]),
            id="two sentences dropped",
        ),
    ],
)
def test_edited_copy_is_found(copy: str) -> None:
    found = _with({"original": TEXT}).find("copy", copy)
    assert found is not None
    assert found[0] == "original"
    assert 0.45 <= found[1] < 1.0


def test_other_article_on_the_same_event_is_not_found() -> None:
    assert _with({"original": TEXT}).find("other", SAME_EVENT) is None


def test_earliest_original_wins_even_when_a_later_one_is_closer() -> None:
    edited = "\n".join(ORIGINAL[:10])
    index = _with({"first": edited, "second": TEXT})
    found = index.find("copy", TEXT)
    assert found is not None
    assert found[0] == "first"
    index.remove("first")
    assert index.find("copy", TEXT) == ("second", 1.0)


def test_find_never_returns_the_key_asked_about_and_adds_nothing() -> None:
    index = _with({"a": TEXT})
    assert index.find("a", TEXT) is None
    assert index.find("b", TEXT) == ("a", 1.0)
    assert len(index) == 1
    assert "b" not in index


def test_same_inputs_give_the_same_index_and_answers() -> None:
    texts = {"a": TEXT, "b": SAME_EVENT, "c": "Banjir di Bekasi"}
    left, right = _with(texts), _with(texts)
    assert left.to_bytes() == right.to_bytes()
    query = "\n".join(ORIGINAL[1:])
    assert left.find("q", query) == right.find("q", query)


def test_round_trip_keeps_parameters_order_and_answers() -> None:
    index = NearDuplicateIndex(threshold=0.6, num_perm=64, seed=7, k=4)
    for key, text in {"first": "\n".join(ORIGINAL[:10]), "second": TEXT, "e": ""}.items():
        index.add(key, text)
    restored = NearDuplicateIndex.from_bytes(index.to_bytes())
    assert (restored.threshold, restored.num_perm, restored.seed, restored.k) == (0.6, 64, 7, 4)
    assert len(restored) == 3
    for query in (TEXT, SAME_EVENT, "\n".join(ORIGINAL[2:]), ""):
        assert restored.find("q", query) == index.find("q", query)
    assert restored.to_bytes() == index.to_bytes()
    restored.add("later", SAME_EVENT)  # keys added after a restore come after the saved ones
    assert restored.find("q", TEXT) == index.find("q", TEXT)
    assert restored.find("q", SAME_EVENT) == ("later", 1.0)


def test_empty_index_round_trips() -> None:
    restored = NearDuplicateIndex.from_bytes(NearDuplicateIndex().to_bytes())
    assert len(restored) == 0
    assert restored.find("q", TEXT) is None


def test_bad_values_fail_early_and_name_the_value() -> None:
    index = _with({"a": TEXT})
    with pytest.raises(ValueError, match="'a'"):
        index.add("a", SAME_EVENT)
    with pytest.raises(KeyError):
        index.remove("missing")
    with pytest.raises(ValueError, match=r"threshold=1\.5"):
        NearDuplicateIndex(threshold=1.5)
    with pytest.raises(ValueError, match="num_perm=4"):
        NearDuplicateIndex(num_perm=4)
    with pytest.raises(ValueError, match="k=0"):
        shingles(TEXT, k=0)
