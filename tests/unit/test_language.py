"""Language identification: Indonesian, Malay and English told apart."""

from __future__ import annotations

import pytest

from kabar.clean.language import detect_language

INDONESIAN = [
    "Korea Selatan pada Selasa berjanji akan mengambil langkah bertahap terhadap Korea Utara dan "
    "Rusia sehubungan dengan semakin dalamnya kerja sama militer mereka.",
    "Presiden Prabowo Subianto meminta para menteri untuk mempercepat realisasi anggaran belanja "
    "negara tahun ini karena ekonomi melambat.",
    "Polisi menangkap seorang pria berusia 30 tahun yang diduga terlibat perampokan toko emas di "
    "Kabupaten Bogor, Jawa Barat, kemarin.",
    "Menteri Keuangan mengatakan pemerintah akan menambah subsidi BBM sebesar Rp 12 triliun pada "
    "tahun depan untuk menjaga daya beli warga.",
]
MALAY = [
    "Kerajaan Malaysia akan memperkenalkan dasar baharu bagi membantu rakyat yang terjejas akibat "
    "banjir di negeri Kelantan.",
    "Polis telah menahan seorang lelaki berusia 30 tahun kerana disyaki terlibat dalam kes "
    "rompakan di sebuah kedai emas di Johor Bahru semalam.",
    "Perdana Menteri berkata kerajaan akan menambah peruntukan sebanyak RM2 bilion bagi membina "
    "hospital baharu di Selangor selepas pilihan raya.",
    "Jurucakap syarikat itu memaklumkan bahawa jualan kenderaan meningkat sebanyak 12 peratus "
    "berbanding tahun lepas.",
]
ENGLISH = [
    "South Korea vowed on Tuesday to take phased measures against North Korea and Russia as their "
    "military cooperation deepens.",
    "The central bank held interest rates steady, citing inflation that remains above its target.",
]


@pytest.mark.parametrize("text", INDONESIAN)
def test_indonesian(text: str) -> None:
    assert detect_language(text).code == "id"


@pytest.mark.parametrize("text", MALAY)
def test_malay(text: str) -> None:
    assert detect_language(text).code == "ms"


@pytest.mark.parametrize("text", ENGLISH)
def test_english(text: str) -> None:
    assert detect_language(text).code == "en"


def test_too_short_is_undetermined() -> None:
    guess = detect_language("ok")
    assert guess.code == "und"
    assert guess.method == "too_short"
