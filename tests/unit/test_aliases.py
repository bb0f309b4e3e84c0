"""Canonical names: alias tables, gazetteer, abbreviations, later mentions, capitals that act."""

from __future__ import annotations

import re
import time
import tomllib
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from kabar.clean.boilerplate import clean_text
from kabar.extract import ENTITY_KINDS
from kabar.extract.abbreviations import learn_abbreviations
from kabar.extract.aliases import (
    canonical_key,
    find_known,
    load_aliases,
    resolve,
)
from kabar.model import Entity

COUNTRY_FIELDS = {
    "name",
    "aliases",
    "capital",
    "capital_aliases",
    "seats",
    "stands_for",
    "demonyms",
}
SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"


def _entities(text: str, names: Iterable[str], kind: str = "PERSON") -> list[Entity]:
    """Model-like entities for every whole-word occurrence of each name (longest first)."""
    found: list[Entity] = []
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            if not any(m.start() < e.end and e.start < m.end() for e in found):
                found.append(Entity(name, m.start(), m.end(), kind, name))
    return found


def _canonicals(text: str, entities: Iterable[Entity] = ()) -> list[tuple[str, str]]:
    return [(e.text, e.canonical) for e in resolve(text, list(entities))]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Korut", "Korea Utara"),
        ("korut", "Korea Utara"),
        ("North Korea", "Korea Utara"),
        ("DPRK", "Korea Utara"),
        ("  korea   UTARA ", "Korea Utara"),
        ("Korsel", "Korea Selatan"),
        ("South Korea", "Korea Selatan"),
        ("ROK", "Korea Selatan"),
        ("AS", "Amerika Serikat"),
        ("United States", "Amerika Serikat"),
        ("USA", "Amerika Serikat"),
        ("China", "Tiongkok"),
        ("RRT", "Tiongkok"),
        ("Cina", "Tiongkok"),
        ("UK", "Inggris"),
        ("Britania Raya", "Inggris"),
        ("Russia", "Rusia"),
        ("Côte d'Ivoire", "Pantai Gading"),
        ("Cote d'Ivoire", "Pantai Gading"),
        ("Kiev", "Kyiv"),
        ("White House", "Gedung Putih"),
        ("PBB", "Perserikatan Bangsa-Bangsa"),
        ("United Nations", "Perserikatan Bangsa-Bangsa"),
        ("Perserikatan Bangsa Bangsa", "Perserikatan Bangsa-Bangsa"),
        ("DK PBB", "Dewan Keamanan Perserikatan Bangsa-Bangsa"),
        ("UNSC", "Dewan Keamanan Perserikatan Bangsa-Bangsa"),
        ("EU", "Uni Eropa"),
        ("World Bank", "Bank Dunia"),
        ("Kejagung", "Kejaksaan Agung"),
        ("PDI-P", "Partai Demokrasi Indonesia Perjuangan"),
        ("NIS", "Badan Intelijen Nasional Korea Selatan"),
        ("G-20", "G20"),
        ("Russian", "Rusia"),
        ("Atlantis", None),
    ],
)
def test_table_lookups_in_both_languages(name: str, expected: str | None) -> None:
    assert load_aliases().canonical(name) == expected


def test_canonical_key_folds_case_accents_and_spacing() -> None:
    assert canonical_key("  Côte  d'Ivoire ") == "cote d ivoire"
    assert canonical_key("Kim Jong-un") == canonical_key("kim jong un")
    assert canonical_key("TÜRKİYE") == "turkiye"


def test_short_forms_match_only_in_upper_case() -> None:
    text = "Ia bekerja as guru; ma, mk, pan dan ky. Lalu AS, MA, MK, PAN dan KY menolak."
    assert [e.canonical for e in find_known(text)] == [
        "Amerika Serikat",
        "Mahkamah Agung",
        "Mahkamah Konstitusi",
        "Partai Amanat Nasional",
        "Komisi Yudisial",
    ]


def test_gazetteer_takes_longest_whole_names() -> None:
    text = "Resolusi Dewan Keamanan PBB, ASN di Amerika Latin, dan Korea Utara."
    found = [(e.text, e.canonical, e.source) for e in find_known(text)]
    assert found == [
        ("Dewan Keamanan PBB", "Dewan Keamanan Perserikatan Bangsa-Bangsa", "gazetteer"),
        ("Amerika Latin", "Amerika Latin", "gazetteer"),
        ("Korea Utara", "Korea Utara", "gazetteer"),
    ]


def test_gazetteer_skips_common_words_and_languages() -> None:
    text = "Lima orang tewas. Antara lain baku tembak. Ia berbahasa Inggris. Inggris menolak."
    assert [(e.start, e.canonical) for e in find_known(text)] == [
        (text.rindex("Inggris"), "Inggris")
    ]
    assert [e.canonical for e in find_known("ANTARA melaporkan")] == ["Kantor Berita Antara"]


def test_gazetteer_skips_money_initials_and_comma_lists() -> None:
    text = "Hadiah US$1.000 dan NIS 3.048. Tersangka MK ditahan, korban AS (35) luka. AS menolak."
    assert [(e.text, e.start) for e in find_known(text)] == [("AS", text.rindex("AS"))]
    listed = "Peserta dari Eropa, Amerika, Latin, dan Asia."
    assert "Amerika Latin" not in {e.canonical for e in find_known(listed)}


def test_longer_names_are_not_read_as_the_name_inside() -> None:
    text = "Anggota Dewan Perwakilan Rakyat Daerah dan Kementerian Lingkungan Hidup dan Kehutanan."
    assert [e.canonical for e in find_known(text)] == [
        "Dewan Perwakilan Rakyat Daerah",
        "Kementerian Lingkungan Hidup dan Kehutanan",
    ]


def test_abbreviation_defined_after_long_form() -> None:
    text = "Dewan Keamanan Nasional (NSC) bertemu. NSC mengatakan ancaman itu nyata."
    assert _canonicals(text) == [
        ("Dewan Keamanan Nasional", "Dewan Keamanan Nasional"),
        ("NSC", "Dewan Keamanan Nasional"),
        ("NSC", "Dewan Keamanan Nasional"),
    ]


def test_abbreviation_defined_before_long_form_and_in_lower_case() -> None:
    text = "NSC (Dewan Keamanan Nasional) bertemu. Sementara calon ketua umum (caketum) diam."
    defs = [(d.abbr, d.long) for d in learn_abbreviations(text)]
    assert defs == [("NSC", "Dewan Keamanan Nasional"), ("caketum", "calon ketua umum")]
    later = text + " Kata caketum itu."
    model = _entities(later, ["caketum"], "OTHER")
    assert ("caketum", "calon ketua umum") in _canonicals(later, model)


def test_only_organisation_long_forms_become_entities() -> None:
    text = "Letaknya 120 derajat Bujur Timur (BT). Ikatan Dokter Indonesia (IDI) menolak. IDI juga."
    assert _canonicals(text) == [
        ("Ikatan Dokter Indonesia", "Ikatan Dokter Indonesia"),
        ("IDI", "Ikatan Dokter Indonesia"),
        ("IDI", "Ikatan Dokter Indonesia"),
    ]
    defs = [
        (d.abbr, d.long) for d in learn_abbreviations("penyakit anemia defisiensi besi atau (ADB)")
    ]
    assert defs == [("ADB", "anemia defisiensi besi")]


def test_abbreviation_letters_must_match() -> None:
    assert learn_abbreviations("Presiden Prabowo (kiri) dan Menteri Luar Negeri (ROK).") == []
    known = "Badan Intelijen Nasional Korea Selatan (NIS) dan Korea Selatan (ROK)."
    assert [(d.abbr, d.long) for d in learn_abbreviations(known)] == [
        ("NIS", "Badan Intelijen Nasional Korea Selatan"),  # not "Nasional Korea Selatan"
        ("ROK", "Korea Selatan"),
    ]
    text = "Badan Intelijen Nasional (NIS) melaporkan. Menurut NIS, pasukan sudah tiba."
    assert {c for _, c in _canonicals(text)} == {"Badan Intelijen Nasional Korea Selatan"}


def test_abbreviation_defined_in_text_wins_over_table() -> None:
    text = "Majelis Adat (MA) bersidang. MA memutuskan hal itu."
    assert [c for t, c in _canonicals(text) if t == "MA"] == ["Majelis Adat", "Majelis Adat"]


def test_person_later_mentions_resolve_to_the_one_full_name() -> None:
    text = (
        "Presiden Rusia Vladimir Putin bertemu Presiden Yoon Suk-yeol. Putin tersenyum, "
        "dan Yoon menjawab."
    )
    names = ["Presiden Rusia Vladimir Putin", "Presiden Yoon Suk-yeol", "Putin", "Yoon"]
    assert _canonicals(text, _entities(text, names)) == [
        ("Presiden Rusia Vladimir Putin", "Vladimir Putin"),
        ("Presiden Yoon Suk-yeol", "Yoon Suk-yeol"),
        ("Putin", "Vladimir Putin"),
        ("Yoon", "Yoon Suk-yeol"),
    ]


def test_shared_surname_stays_unresolved() -> None:
    text = (
        "“Tarik pasukan,” kata Wakil Penasihat Keamanan Nasional Kim Tae-hyo. Kim juga "
        "menyinggung pemimpin Korea Utara Kim Jong-un."
    )
    people = _entities(
        text, ["Wakil Penasihat Keamanan Nasional Kim Tae-hyo", "Kim", "Kim Jong-un"]
    )
    persons = [(t, c) for t, c in _canonicals(text, people) if t != "Korea Utara"]
    assert persons == [
        ("Wakil Penasihat Keamanan Nasional Kim Tae-hyo", "Kim Tae-hyo"),
        ("Kim", "Kim"),
        ("Kim Jong-un", "Kim Jong-un"),
    ]


def test_single_kim_resolves_when_unambiguous() -> None:
    text = "Kim Tae-hyo berbicara. Kim menambahkan."
    assert _canonicals(text, _entities(text, ["Kim Tae-hyo", "Kim"]))[1] == ("Kim", "Kim Tae-hyo")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Seoul menepis pernyataan itu.", "Korea Selatan"),
        ("Namun Seoul pada hari Selasa menepis pernyataan tersebut.", "Korea Selatan"),
        ("Seoul sejauh ini tetap mempertahankan pendiriannya.", "Korea Selatan"),
        ("Korea Utara menolak pernyataan Seoul sebagai rumor.", "Korea Selatan"),
        ("Para pejabat di Seoul mengatakan hal itu.", "Seoul"),
        ("Ia terbang ke Seoul kemarin.", "Seoul"),
        ("Seoul merupakan kota terbesar.", "Seoul"),
        ("Kremlin membantah laporan itu.", "Rusia"),
        ("kata juru bicara Kremlin kepada wartawan.", "Rusia"),
        ("Wartawan menunggu di Kremlin.", "Kremlin"),
        ("Gedung Putih mengatakan sanksi akan berlanjut.", "Amerika Serikat"),
        ("Washington menuduh Teheran mendukung milisi.", "Amerika Serikat"),
        ("meskipun ada penolakan dari Pyongyang bahwa", "Korea Utara"),
        ("Brussel mendesak negara anggota.", "Uni Eropa"),
        ("KBRI Teheran telah menyiapkan evakuasi.", "Teheran"),
        ("Madrid menang 2-0 atas Al Hilal.", "Madrid"),
        ("Pemprov DKI Jakarta menjanjikan insentif, dan Jakarta menolak.", "Jakarta"),
    ],
)
def test_capital_or_seat_that_acts_is_its_government(text: str, expected: str) -> None:
    table = load_aliases()
    roles = {e.canonical: getattr(table.lookup(e.text), "role", None) for e in resolve(text, [])}
    assert next(c for c, role in roles.items() if role in {"capital", "seat"}) == expected


def test_coordinated_capitals_both_act() -> None:
    text = "Pyongyang dan Moskow terus membangun hubungan militer."
    assert [c for _, c in _canonicals(text)] == ["Korea Utara", "Rusia"]


def test_model_spans_win_and_take_the_table_canonical() -> None:
    text = "Resolusi Dewan Keamanan PBB melarang kerja sama dengan Korut."
    model = [
        Entity("Dewan Keamanan", 9, 23, "ORG", "Dewan Keamanan"),
        Entity("Korut", 55, 60, "PLACE", "Korut"),
    ]
    out = resolve(text, model)
    assert [(e.text, e.canonical, e.source) for e in out] == [
        ("Dewan Keamanan", "Dewan Keamanan", "model"),
        ("Korut", "Korea Utara", "model"),
    ]


def test_unknown_names_keep_their_text_with_spacing_normalised() -> None:
    text = "Lembaga  Riset\nSamudra menyatakan."
    model = [Entity("Lembaga  Riset\nSamudra", 0, 22, "ORG", "")]
    assert resolve(text, model)[0].canonical == "Lembaga Riset Samudra"
    text = "Ketua Partai Maju (PM), kata (Gus Dur)."
    model = [
        Entity("Partai Maju (PM),", 6, 23, "ORG", ""),
        Entity("(Gus Dur)", 29, 38, "PERSON", ""),
    ]
    assert [e.canonical for e in resolve(text, model)] == ["Partai Maju (PM)", "Gus Dur"]


def _seed(name: str) -> str:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return clean_text(path.read_text("utf-8")).text


def test_seed_gazetteer_without_model_entities() -> None:
    text = _seed("000")
    out = resolve(text, [])
    canonicals = {e.canonical for e in out}
    assert {"Korea Selatan", "Korea Utara", "Rusia", "Ukraina"} <= canonicals
    assert "Dewan Keamanan Perserikatan Bangsa-Bangsa" in canonicals
    assert {e.canonical for e in out if e.text == "NSC"} == {"Dewan Keamanan Nasional"}
    assert all(text[e.start : e.end] == e.text for e in out)
    assert [e.start for e in out] == sorted(e.start for e in out)


def test_seed_capitals_as_actors_and_places() -> None:
    text = _seed("002")
    by_start = {e.start: e for e in resolve(text, [])}
    assert by_start[text.index("Seoul pada hari Selasa menepis")].canonical == "Korea Selatan"
    assert by_start[text.index("Seoul mengatakan")].canonical == "Seoul"  # "di Seoul"
    assert by_start[text.index("Pyongyang dan Moskow")].canonical == "Korea Utara"
    assert "Majelis Umum Perserikatan Bangsa-Bangsa" in {e.canonical for e in by_start.values()}


def test_resolve_is_deterministic() -> None:
    text = _seed("002")
    assert resolve(text, []) == resolve(text, [])


def test_find_known_and_resolve_are_fast() -> None:
    text = _seed("002")
    assert len(text) >= 3000
    for run in (find_known, lambda t: resolve(t, [])):
        run(text)
        assert min(_seconds(run, text) for _ in range(20)) < 0.005


def _seconds(run: Callable[[str], object], text: str) -> float:
    start = time.perf_counter()
    run(text)
    return time.perf_counter() - start


def _data(filename: str) -> Any:
    text = resources.files("kabar.lang.aliases").joinpath(filename).read_text("utf-8")
    return tomllib.loads(text)


def _names_of(item: dict[str, Any]) -> list[str]:
    return [item["name"], *item.get("aliases", [])]


def test_data_files_have_required_fields_and_no_conflicts() -> None:
    countries, orgs = _data("countries.toml"), _data("organisations.toml")
    assert len(countries["country"]) >= 195
    assert len(orgs["org"]) >= 150
    owner: dict[str, str] = {}
    canonicals: set[str] = set()

    def claim(names: Iterable[str], canonical: str) -> None:
        for name in names:
            assert isinstance(name, str) and name.strip() == name and name, name
            previous = owner.setdefault(canonical_key(name), canonical)
            assert previous == canonical, f"{name!r}: {previous!r} and {canonical!r}"

    for c in countries["country"]:
        assert set(c) <= COUNTRY_FIELDS, c["name"]
        claim(_names_of(c), c["name"])
        claim(c.get("demonyms", []), c["name"])
        canonicals.add(c["name"])
        if "capital" in c:
            claim([c["capital"], *c.get("capital_aliases", [])], c["capital"])
        for seat in c.get("seats", []):
            claim(_names_of(seat), seat["name"])
    for item in [*countries["region"], *orgs["org"]]:
        assert set(item) <= {"name", "aliases", "kind"} and item.get("kind", "ORG") in ENTITY_KINDS
        claim(_names_of(item), item["name"])
        canonicals.add(item["name"])
    for c in countries["country"]:
        assert c.get("stands_for", c["name"]) in canonicals


def test_rules_name_known_things() -> None:
    table = load_aliases()
    rules = _data("rules.toml")
    for name in rules["gazetteer"]["exclude"]:
        assert table.lookup(name) is not None, name
    for language in rules["gazetteer"]["languages"]:
        assert table.lookup(language) is not None, language
    assert rules["actor"]["max_skip"] >= 1
