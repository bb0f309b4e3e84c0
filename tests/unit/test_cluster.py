"""The online TF-IDF clusterer: same event together, different events apart, deterministic."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from kabar.cluster import make_clusterer
from kabar.cluster.learned import LearnedClusterer, shipped_model
from kabar.cluster.profile import StoryProfile, figure_clash, fixture_clash, pair_features_many
from kabar.cluster.signals import ArticleSignals, extract_signals, fixture_of, quantities_of
from kabar.cluster.state import StoryState
from kabar.cluster.vectors import OnlineTfidf
from kabar.model import Article, Merge, content_hash, survivors
from kabar.settings import ClusterSettings

START = datetime(2025, 6, 18, 8, tzinfo=UTC)

EVENTS = {
    "quake": [
        (
            "Gempa Magnitudo 5,0 Guncang Pangandaran",
            "Gempa bumi magnitudo 5,0 mengguncang laut tenggara Pangandaran, Jawa Barat. BMKG "
            "menyebut gempa terasa hingga Garut dan Tasikmalaya, tidak berpotensi tsunami.",
        ),
        (
            "BMKG: Gempa Pangandaran Tidak Berpotensi Tsunami",
            "Badan Meteorologi, Klimatologi, dan Geofisika (BMKG) memastikan gempa "
            "magnitudo 5,0 di laut Pangandaran tidak berpotensi tsunami. Guncangan terasa di "
            "Garut dan Tasikmalaya.",
        ),
        (
            "Warga Garut Rasakan Guncangan Gempa Pangandaran",
            "Warga Garut dan Tasikmalaya merasakan guncangan gempa magnitudo 5,0 yang "
            "berpusat di laut tenggara Pangandaran. BMKG mencatat tidak ada potensi tsunami.",
        ),
    ],
    "nickel": [
        (
            "Pemerintah Cabut Empat Izin Tambang Nikel di Raja Ampat",
            "Pemerintah mencabut empat izin usaha pertambangan nikel di Raja Ampat, "
            "Papua Barat Daya, setelah protes warga dan aktivis lingkungan soal kerusakan "
            "pulau kecil.",
        ),
        (
            "Empat Izin Tambang Nikel Raja Ampat Dicabut",
            "Empat izin usaha pertambangan nikel di Raja Ampat resmi dicabut pemerintah. Aktivis "
            "lingkungan menyambut pencabutan izin tambang di pulau kecil Papua Barat Daya itu.",
        ),
    ],
    "recipe": [
        (
            "Resep Rendang Daging Empuk untuk Idul Adha",
            "Rendang daging sapi bisa empuk jika dimasak dengan api kecil selama tiga jam. Gunakan "
            "santan kental, serai, lengkuas dan cabai giling agar bumbu meresap.",
        ),
    ],
}


def _article(key: str, number: int, title: str, text: str, hours: float) -> Article:
    article_id = f"{key}-{number}"
    return Article(
        id=article_id,
        content_hash=content_hash(text),
        title=title,
        text=text,
        lang="id",
        published=START + timedelta(hours=hours),
        outlet=f"outlet{number}",
    )


def _stream() -> list[Article]:
    articles = []
    for event_number, (key, items) in enumerate(EVENTS.items()):
        for number, (title, text) in enumerate(items):
            articles.append(_article(key, number, title, text, event_number * 0.5 + number))
    return sorted(articles, key=lambda article: (article.published, article.id))


METHODS = pytest.mark.parametrize("method", ["learned", "tfidf-online"])


def _assign_all(settings: ClusterSettings) -> dict[str, str]:
    clusterer = make_clusterer(settings)
    return {article.id: clusterer.assign(article).story_id for article in _stream()}


@METHODS
def test_same_event_together_different_events_apart(method: str) -> None:
    stories = _assign_all(ClusterSettings(method=method))
    for key, items in EVENTS.items():
        assert len({stories[f"{key}-{n}"] for n in range(len(items))}) == 1, key
    assert len({stories["quake-0"], stories["nickel-0"], stories["recipe-0"]}) == 3


@METHODS
def test_assignment_is_deterministic(method: str) -> None:
    settings = ClusterSettings(method=method)
    assert _assign_all(settings) == _assign_all(settings)


@METHODS
def test_assignment_explains_itself(method: str) -> None:
    clusterer = make_clusterer(ClusterSettings(method=method))
    assignments = [clusterer.assign(article) for article in _stream()]
    joined = [a for a in assignments if not a.new_story]
    assert joined, "some articles must join an existing story"
    for assignment in joined:
        assert assignment.candidates[0][0] == assignment.story_id
        assert assignment.score >= clusterer.threshold  # type: ignore[attr-defined]
        if method == "learned":
            names = {name for name, _, _ in assignment.features}
            assert {"terms", "names", "hours"} <= names


@METHODS
def test_window_closes_old_stories(method: str) -> None:
    settings = ClusterSettings(method=method, window_hours=24)
    clusterer = make_clusterer(settings)
    title, text = EVENTS["quake"][0]
    first = clusterer.assign(_article("quake", 0, title, text, 0))
    late = clusterer.assign(_article("quake", 1, title, text + " Lagi.", 24 * 5))
    assert late.story_id != first.story_id


@METHODS
def test_state_round_trips_through_store_form(method: str) -> None:
    settings = ClusterSettings(method=method)
    clusterer = make_clusterer(settings)
    stream = _stream()
    for article in stream[:3]:
        clusterer.assign(article)
    saved = [
        StoryState(
            id=s.id,
            title=s.title,
            first_seen=s.first_seen,
            last_seen=s.last_seen,
            article_count=s.article_count,
            outlets=set(s.outlets),
            state=bytes(s.state),
        )
        for s in clusterer.changed_stories()
    ]
    resumed = make_clusterer(settings)
    resumed.load(saved, clusterer.global_state())
    straight = make_clusterer(settings)
    expected = [straight.assign(article).story_id for article in stream]
    got = [resumed.assign(article).story_id for article in stream[3:]]
    assert got == expected[3:]


def _signals(key: str, number: int, hours: float = 0.0) -> ArticleSignals:
    title, text = EVENTS[key][number]
    return extract_signals(_article(key, number, title, text, hours), OnlineTfidf(2**18))


def test_profile_scores_the_same_after_a_round_trip() -> None:
    profile = StoryProfile(first_seen=START, last_seen=START)
    profile.add(_signals("quake", 0))
    profile.add(_signals("quake", 1, 1))
    resumed = StoryProfile.from_bytes(profile.to_bytes())
    article = _signals("quake", 2, 2)
    # Equal up to summation order (the norms are summed in index order once resumed).
    expected = pair_features_many(article, [profile])[0].tolist()
    assert pair_features_many(article, [resumed])[0].tolist() == pytest.approx(expected, rel=1e-12)


def test_best_keeps_the_highest_scores_ties_by_id() -> None:
    import random

    from kabar.cluster.profile import _best

    rng = random.Random(7)
    for size in (0, 3, 25, 26, 200):
        # Few distinct values, so many ties sit on the cut.
        scores = {f"s{n:03d}": float(rng.randint(0, 9)) for n in range(size)}
        expected = sorted(scores, key=lambda sid: (-scores[sid], sid))[:25]
        assert _best(scores, 25) == expected


def test_index_finds_stories_by_their_current_weights_and_forgets_removed_ones() -> None:
    from kabar.cluster.profile import StoryIndex

    index = StoryIndex(timedelta(hours=72))
    quake, nickel = (StoryProfile(first_seen=START, last_seen=START) for _ in range(2))
    quake.add(_signals("quake", 0))
    nickel.add(_signals("nickel", 0))
    index.put("quake", quake)
    index.put("nickel", nickel)
    article = _signals("quake", 2, 2)
    assert index.candidates(article)[0] == "quake"
    quake.add(_signals("quake", 1, 1))  # the story's weights change: the index must follow
    index.put("quake", quake)
    for term, weight in quake.terms.items():
        assert index._by_term[term]["quake"] == weight
    index.remove("quake")
    assert "quake" not in index.candidates(article)
    assert all("quake" not in postings for postings in index._by_term.values())


def _two_tellings() -> list[Article]:
    """One quake told two ways, each way twice: two stories at a strict join threshold."""
    (first_title, first_text), (second_title, second_text) = EVENTS["quake"][:2]
    return [
        _article("a", 0, first_title, first_text, 0),
        _article("a", 1, first_title, first_text + " Warga panik.", 0.5),
        _article("b", 2, second_title, second_text, 1),
        _article("b", 3, second_title, second_text + " Warga tenang.", 1.5),
    ]


@pytest.mark.parametrize("merge_threshold", [None, 0.999, 0.5])
def test_converging_stories_merge_into_the_older_one(merge_threshold: float | None) -> None:
    shipped = shipped_model()
    assert shipped.merge is not None, "the shipped model merges stories"
    # The mechanics, not the learned merge weights (refitted with every training): the join
    # model stands in as the merge model, scoring the story as if it were an article.
    merge = (
        None
        if merge_threshold is None
        else dataclasses.replace(shipped, merge=None, single=None, threshold=merge_threshold)
    )
    model = dataclasses.replace(shipped, merge=merge)
    clusterer = LearnedClusterer(ClusterSettings(threshold=0.99), model)
    placed = [clusterer.assign(article) for article in _two_tellings()]
    first, second = placed[0].story_id, placed[2].story_id
    assert first != second  # the strict threshold kept the second telling apart
    merges = clusterer.merges()
    if merge_threshold == 0.5:
        assert [(m.dropped, m.kept) for m in merges] == [(second, first)]
        assert merges[0].score >= 0.5 and merges[0].features
        assert placed[3].story_id == first  # the article that made them converge
        assert [story.id for story in clusterer.changed_stories()] == [first]
        assert clusterer.changed_stories()[0].article_count == 4
    else:
        assert merges == [] and placed[3].story_id == second
    clusterer.mark_written()
    assert clusterer.merges() == [] and clusterer.changed_stories() == []


def test_survivors_follow_chains_of_merges() -> None:
    merges = [Merge("b", "a", 0.9), Merge("a", "z", 0.8), Merge("c", "d", 0.7)]
    assert survivors(merges) == {"b": "z", "a": "z", "c": "d"}


def test_fixture_of_reads_the_sides_of_a_match() -> None:
    assert fixture_of("Jadwal Siaran Langsung Timnas Indonesia vs Jepang di Kualifikasi") == {
        "indonesia",
        "jepang",
    }
    assert fixture_of("Bigmatch MU Vs Arsenal di Pekan Pembuka") == {"mu", "arsenal"}
    assert fixture_of("Prediksi Skor Turkmenistan versus Thailand") == {"turkmenistan", "thailand"}
    assert fixture_of("Simone Inzaghi Pede Jelang Al Hilal Lawan Madrid") == frozenset()
    assert fixture_of("Jadwal Liga Inggris 2025/2026") == frozenset()


MATCH = (
    "Timnas {a} akan menghadapi {b} dalam laga Grup C Kualifikasi Piala Dunia 2026 Zona Asia "
    "pada Selasa malam. Pelatih mengaku skuad siap tampil dan suporter diminta datang ke stadion "
    "untuk memberi dukungan penuh kepada para pemain di laga terakhir babak ketiga ini."
)


def _match(number: int, a: str, b: str, hours: float) -> Article:
    text = MATCH.format(a=a, b=b)
    return Article(
        id=f"match-{number}",
        content_hash=content_hash(text + str(number)),
        title=f"Jadwal Siaran Langsung {a} vs {b} di Kualifikasi Piala Dunia 2026",
        text=text,
        lang="id",
        published=START + timedelta(hours=hours),
        outlet=f"outlet{number}",
    )


def test_another_match_never_joins_a_match_story() -> None:
    clusterer = LearnedClusterer(ClusterSettings())
    first = clusterer.assign(_match(0, "Indonesia", "Jepang", 0))
    same = clusterer.assign(_match(1, "Jepang", "Indonesia", 0.5))
    other = clusterer.assign(_match(2, "China", "Bahrain", 1))
    assert same.story_id == first.story_id  # the same two sides, either order
    assert other.new_story and other.story_id != first.story_id
    # The model alone would have joined it: the veto is what `kabar explain` shows first.
    assert other.features[0][0] == "fixture_clash"
    assert dict(other.candidates)[first.story_id] == 0.0


def test_fixture_clash_needs_no_shared_side() -> None:
    profile = StoryProfile(first_seen=START, last_seen=START)
    assert not fixture_clash(frozenset({"indonesia", "jepang"}), profile)  # no match named yet
    profile.fixtures["indonesia|jepang"] += 1
    assert fixture_clash(frozenset({"china", "bahrain"}), profile)
    assert not fixture_clash(frozenset({"indonesia", "china"}), profile)  # a shared side: no veto
    assert not fixture_clash(frozenset(), profile)
    round_tripped = StoryProfile.from_bytes(profile.to_bytes())
    assert round_tripped.fixtures == profile.fixtures


def test_quantities_of_reads_lengths_of_time_not_ages_or_sums() -> None:
    assert quantities_of("Eks Pejabat MA Divonis 16 Tahun Penjara!") == {"year|16"}
    assert quantities_of("Divonis 3,5 tahun, jaksa tuntut 7 tahun") == {"year|3.5", "year|7"}
    assert quantities_of("Nichols sentenced to 7 years") == {"year|7"}  # one unit, both languages
    assert quantities_of("Banjir 3 Hari, Warga Mengungsi 2 Pekan") == {"day|3", "week|2"}
    assert quantities_of("Pria Berusia 45 Tahun Tewas") == frozenset()  # an age
    assert quantities_of("The 26-year-old actor is the new Doctor") == frozenset()
    assert quantities_of("BI Tahan Suku Bunga 5,50%, Rupiah Rp16.312") == frozenset()
    assert quantities_of("Libur 1 Muharam 27 Juni 2025") == frozenset()


def test_figure_clash_needs_a_shared_unit_and_no_shared_value() -> None:
    profile = StoryProfile(first_seen=START, last_seen=START)
    assert not figure_clash(frozenset({"year|3"}), profile)  # the story gives no length yet
    profile.quantities.update({"year|16", "day|2"})
    assert figure_clash(frozenset({"year|3"}), profile)
    assert not figure_clash(frozenset({"year|3", "year|16"}), profile)  # one shared: no veto
    assert not figure_clash(frozenset({"month|3"}), profile)  # another unit says nothing
    assert not figure_clash(frozenset(), profile)
    round_tripped = StoryProfile.from_bytes(profile.to_bytes())
    assert round_tripped.quantities == profile.quantities


VERDICT = (
    "Majelis hakim Pengadilan Tipikor Jakarta menjatuhkan vonis kepada {who} dalam perkara suap "
    "tiga hakim PN Surabaya yang membebaskan Ronald Tannur. Hakim menyatakan terdakwa terbukti "
    "memberi suap dan menjatuhkan hukuman {years} tahun penjara serta denda Rp 500 juta."
)


def _verdict(number: int, who: str, years: int, hours: float) -> Article:
    title = f"Terbukti Suap Hakim PN Surabaya, {who} Divonis {years} Tahun Penjara"
    return _article("verdict", number, title, VERDICT.format(who=who, years=years), hours)


def test_another_verdict_never_joins_a_verdict_story() -> None:
    clusterer = LearnedClusterer(ClusterSettings())
    first = clusterer.assign(_verdict(0, "Lisa Rachmat", 11, 0))
    same = clusterer.assign(_verdict(1, "Lisa Rachmat", 11, 0.5))
    other = clusterer.assign(_verdict(2, "Meirizka Widjaja", 3, 1))
    assert same.story_id == first.story_id
    assert other.new_story and other.story_id != first.story_id
    assert other.features[0][0] == "figure_clash"
    assert dict(other.candidates)[first.story_id] == 0.0
    # Without the figures the words alone would have joined it: the veto decided.
    plain = LearnedClusterer(ClusterSettings())
    kept = plain.assign(dataclasses.replace(_verdict(0, "Lisa Rachmat", 11, 0), title="Vonis"))
    joined = plain.assign(dataclasses.replace(_verdict(2, "Meirizka Widjaja", 3, 1), title="Vonis"))
    assert joined.story_id == kept.story_id


@pytest.mark.parametrize("single_threshold", [None, 0.999, 0.5])
def test_a_single_article_story_is_folded_into_a_story_that_grew(
    single_threshold: float | None,
) -> None:
    """An article that started a story of its own (the strict join threshold kept it apart) is
    folded into an older story when that story's core changes and the single model is sure
    enough; it stays apart with no single model or a strict one."""
    shipped = shipped_model()
    assert shipped.merge is not None
    single = (
        None
        if single_threshold is None
        else dataclasses.replace(shipped.single or shipped.merge, threshold=single_threshold)
    )
    model = dataclasses.replace(shipped, merge=None, single=single)
    (first_title, first_text), (second_title, second_text) = EVENTS["quake"][:2]
    stream = [
        _article("a", 0, first_title, first_text, 0),
        _article("b", 1, second_title, second_text, 0.25),
        _article("a", 2, first_title, first_text + " Warga panik.", 0.5),
    ]
    clusterer = LearnedClusterer(ClusterSettings(threshold=0.99), model)
    placed = [clusterer.assign(article) for article in stream]
    grown, alone = placed[0].story_id, placed[1].story_id
    assert alone != grown and placed[2].story_id == grown
    merges = clusterer.merges()
    if single_threshold == 0.5:
        assert [(m.dropped, m.kept) for m in merges] == [(alone, grown)]
        assert merges[0].score >= 0.5 and merges[0].features
        assert [story.id for story in clusterer.changed_stories()] == [grown]
        assert clusterer.changed_stories()[0].article_count == 3
    else:
        assert merges == []
        assert sorted(s.id for s in clusterer.changed_stories()) == sorted([grown, alone])


def test_the_single_model_survives_the_model_file() -> None:
    from kabar.cluster.learned import read_model

    shipped = shipped_model()
    assert shipped.merge is not None
    model = dataclasses.replace(shipped, single=dataclasses.replace(shipped.merge, threshold=0.7))
    assert read_model(model.to_json()) == model
    assert read_model(dataclasses.replace(model, single=None).to_json()).single is None
