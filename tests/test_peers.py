"""The peer catalogue: real values from the four peer texts (each checked by reading the source),
the registers (missing and stale rows fail the build), and kpi.peers search / match / timeline."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from kpi import peers as kp
from kpi.build import BuildError
from kpi.build.peers import build_peer_tables, registers
from kpi.build.peers.text import RAW

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [d for d in (Path("/work/shared/seeds"), ROOT.parent / "shared" / "seeds", ROOT.parents[1] / "shared" / "seeds") if d.exists()]


@pytest.fixture(scope="module")
def t() -> dict[str, pd.DataFrame]:
    return build_peer_tables()


@pytest.fixture(scope="module")
def acts(t) -> pd.DataFrame:
    return t["peer_activities"]


def one(acts, doc, actor, needle, fy=None):
    rows = acts[(acts["doc_id"] == doc) & (acts["actor_name"] == actor) & acts["text"].str.contains(needle, regex=False)]
    if fy is not None:
        rows = rows[rows["fiscal_year"] == fy]
    assert len(rows) == 1, (doc, actor, needle, rows["activity_id"].tolist())
    return rows.iloc[0]


def counts(t, aid) -> list[tuple]:
    m = t["peer_metrics"]
    m = m[m["activity_id"] == aid]
    return [(None if pd.isna(q) else q, int(c), u) for q, c, u in m[["qualifier", "count", "unit"]].itertuples(index=False)]


def raw_line(doc_id: str, no: int) -> str:
    path = next(RAW.glob(f"{doc_id}_*.txt"))
    return path.read_text(encoding="utf-8").split("\n")[no - 1]


# ---------------------------------------------------------------- shipped texts


def test_shipped_texts_are_the_seeds_unchanged_and_hashed(t):
    docs = t["peer_documents"].set_index("doc_id")
    assert list(docs.index) == ["000", "001", "002", "004"]
    for doc_id, row in docs.iterrows():
        path = ROOT / row["source_file"]
        assert path.parent == RAW
        assert hashlib.sha256(path.read_bytes()).hexdigest() == row["source_sha256"]
        for seeds in SEEDS[:1]:
            assert (seeds / path.name).read_bytes() == path.read_bytes()
    if not SEEDS:
        pytest.skip("shared/seeds not beside the checkout")


def test_committed_peers_file_equals_a_fresh_build(t):
    committed = kp.read_peers()
    for name in t:
        pd.testing.assert_frame_equal(getattr(committed, name.removeprefix("peer_")).reset_index(drop=True),
                                      t[name].reset_index(drop=True), obj=name)


# ---------------------------------------------------------------- 001 尼崎宣言 (FY2016 actual, FY2017 plan)


def test_001_kawaguchi_chamber_imono_iwaza_fy2016(t, acts):
    r = one(acts, "001", "川口商工会議所", "i-mono", 2016)
    assert (r["status"], r["source_line"], r["article_no"], r["program_id"]) == ("actual", 39, 15, "kawaguchi-imono")
    assert counts(t, r["activity_id"]) == [(None, 6, "製品"), (None, 4, "技術")]
    assert "i-mono 6 製品、i-waza 4 技術" in unicodedata.normalize("NFKC", raw_line("001", 39))


def test_001_keieijuku_matching_and_sumida(t, acts):
    juku = one(acts, "001", "川口商工会議所", "36企業参加")
    assert (juku["fiscal_year"], juku["source_line"], juku["program_id"]) == (2016, 47, "kawaguchi-keieijuku")
    assert counts(t, juku["activity_id"]) == [(None, 36, "企業")]
    deals = one(acts, "001", "川口商工会議所", "マッチング商談会")
    assert counts(t, deals["activity_id"]) == [("延べ", 58, "商談")] and deals["fiscal_year"] == 2016
    collab = one(acts, "001", "墨田区", "ものづくりコラボレーション", 2016)
    assert collab["activity_id"] == "001:61.1" and collab["mapping_quality"] == "bundled-then-split"
    assert counts(t, "001:61.1") == [(None, 21, "件"), ("うち", 5, "件")]
    health = one(acts, "001", "東京商工会議所墨田支部", "企業健康診断")
    assert (health["source_line"], health["last_line"], health["fiscal_year"]) == (69, 71, 2016)  # a paragraph joined
    assert counts(t, health["activity_id"]) == [(None, 35, "社"), (None, 20, "社")]
    assert t["peer_metrics"].set_index(["activity_id", "seq"]).loc[(health["activity_id"], 1), "source_line"] == 71
    survey = one(acts, "001", "川口市", "アンケート", 2016)
    assert survey["activity_id"] == "001:31.1" and counts(t, "001:31.1") == [(None, 1000, "事業所")]


def test_001_continuations_inherit_the_year_and_joseki_refers_back(acts):
    chizai = one(acts, "001", "川口商工会議所", "知財活用")  # line 43 starts with ：, under 29 年度
    assert (chizai["source_line"], chizai["fiscal_year"], chizai["status"]) == (43, 2017, "plan")
    assert raw_line("001", 43).startswith("：")
    assert one(acts, "001", "川口商工会議所", "上記の認定制度")["refers_to"] == "001:39"
    assert one(acts, "001", "尼崎市", "上記の表彰企業")["refers_to"] == "001:139"
    typo = one(acts, "001", "加賀商工会議所", "事業継承セミナー")
    assert "事業継承" in typo["text"] and typo["typo_note"] == "事業継承→事業承継"  # kept as printed, noted


# ---------------------------------------------------------------- 000 川口宣言 (FY2018 actual, FY2019 plan)


def test_000_plan_seminars_award_and_bodies(t, acts):
    plan = one(acts, "000", "川口市", "事業承継セミナー", 2019)
    assert (plan["status"], plan["source_line"]) == ("plan", 59)
    assert counts(t, plan["activity_id"]) == [(None, 6, "回")]
    award = one(acts, "000", "墨田区", "ゴールデン・ピン・デザインアワード2018", 2018)
    assert award["activity_id"] == "000:127.1" and counts(t, "000:127.1") == [(None, 2, "商品")]
    actors = t["peer_actors"]
    a000 = actors[actors["doc_id"] == "000"]
    assert a000["city"].dropna().nunique() == 6
    assert (a000["actor_kind"] != "council").sum() == 9
    assert "川口市" in set(a000["actor_name"]) and not any("⼝" in n for n in a000["actor_name"])  # U+2F1D normalised
    assert "⼝" in raw_line("000", 41)  # …and the shipped text keeps it as printed
    nfkc = t["peer_repairs"].set_index(["doc_id", "repair_id"]).loc[("000", "N-U+2F1D")]
    assert (nfkc["repaired"], int(nfkc["times"]), int(nfkc["source_line"])) == ("口", 4, 41)


def test_000_wrapped_names_are_one_name_and_typos_are_kept(acts):
    wrapped = one(acts, "000", "東大阪市", "東大阪部品・部材供給.com")  # printed 「東大|阪部品…」 over two lines
    assert wrapped["activity_id"] == "000:245.2"
    assert one(acts, "000", "岡谷市", "技術・技能に係る講習会")["text"].count("人材育成事業") == 1  # 人材|育成 joined
    soko = acts[(acts["doc_id"] == "000") & acts["text"].str.contains("創業環境")]
    assert soko["activity_id"].tolist() == ["000:67", "000:75"] and set(soko["typo_note"]) == {"創業環境→操業環境"}
    assert "coto mono michi at TOKYO" in one(acts, "000", "墨田区", "coto mono")["text"]
    verbatim = one(acts, "000", "東大阪市", "特別用途地区内に優遇策")
    assert (verbatim["fiscal_year"], verbatim["source_line"]) == (2019, 233)


# ---------------------------------------------------------------- 002 すみだ宣言 and 004 Tokyo plans


def test_002_focus_paragraphs_are_undated(acts):
    d = acts[acts["doc_id"] == "002"]
    assert len(d) == 12 and set(d["status"]) == {"undated"} and d["fiscal_year"].isna().all()
    assert one(acts, "002", "川口商工会議所", "i-mono")["program_id"] == "kawaguchi-imono"


def test_004_six_plans_all_fy2020_2022_and_6010_keeps_its_digits(t, acts):
    d = acts[acts["doc_id"] == "004"]
    assert d["actor_name"].nunique() == 6 and len(d) == 28
    assert set(d["fiscal_year"]) == {2020} and set(d["fy_end"]) == {2022} and set(d["status"]) == {"plan_period"}
    p6010 = one(acts, "004", "江戸川区", "6010金士公連携プログラム")
    assert p6010["title"] == "6010金士公連携プログラム"
    m = t["peer_metrics"]
    assert not (m["doc_id"] == "004").any() and 6010 not in set(m["count"])
    assert one(acts, "004", "八王子市", "Tech×Future")["title"] == "(仮称) Tech×Future カンファレンス事業"


# ---------------------------------------------------------------- counts pinned per document, city and year

PINNED = {  # printed entries (before bundled entries are split), read off the source texts
    ("000", None, 2018): 3, ("000", "墨田区", 2018): 1, ("000", "墨田区", 2019): 1, ("000", "大田区", 2018): 2,
    ("000", "大田区", 2019): 2, ("000", "尼崎市", 2018): 7, ("000", "尼崎市", 2019): 5, ("000", "岡谷市", 2018): 5,
    ("000", "岡谷市", 2019): 3, ("000", "川口市", 2018): 12, ("000", "川口市", 2019): 8, ("000", "東大阪市", 2018): 8,
    ("000", "東大阪市", 2019): 9, ("001", None, 2016): 3, ("001", "加賀市", 2016): 1, ("001", "加賀市", 2017): 2,
    ("001", "墨田区", 2016): 2, ("001", "墨田区", 2017): 2, ("001", "大田区", 2016): 2, ("001", "大田区", 2017): 2,
    ("001", "尼崎市", 2016): 2, ("001", "尼崎市", 2017): 2, ("001", "岡谷市", 2017): 2, ("001", "川口市", 2016): 4,
    ("001", "川口市", 2017): 5, ("001", "東大阪市", 2016): 4, ("001", "東大阪市", 2017): 3,
    ("002", "墨田区", None): 2, ("002", "大田区", None): 2, ("002", "尼崎市", None): 2, ("002", "岡谷市", None): 2,
    ("002", "川口市", None): 2, ("002", "東大阪市", None): 2, ("004", "三鷹市", 2020): 3, ("004", "中野区", 2020): 3,
    ("004", "八王子市", 2020): 4, ("004", "品川区", 2020): 4, ("004", "国立市", 2020): 3, ("004", "江戸川区", 2020): 3,
}


def test_entry_counts_per_document_city_and_year(acts):
    a = acts.assign(entry=acts["activity_id"].str.replace(r"\.\d+$", "", regex=True))
    found = {}
    for (doc, city, fy), g in a.groupby([a["doc_id"], a["city"].astype(object).fillna("-"),
                                         a["fiscal_year"].astype("Int64").astype(object).fillna("-")]):
        found[(doc, None if city == "-" else city, None if fy == "-" else int(fy))] = g["entry"].nunique()
    assert found == PINNED
    assert a.groupby("doc_id").size().to_dict() == {"000": 71, "001": 44, "002": 12, "004": 28}  # after splits


def test_every_activity_has_document_line_and_article_or_explicit_none(acts):
    assert acts["doc_id"].notna().all() and (acts["source_line"] > 0).all() and acts["reason"].str.len().gt(0).all()
    mapped = acts["article_no"].notna()
    assert (acts.loc[~mapped, "mapping_quality"] == "none").all() and (acts.loc[mapped, "mapping_quality"] != "none").all()
    assert set(acts.loc[mapped, "article_no"].astype(int)) <= set(range(12, 19))  # no 第19条: 受注 there is the city's own procurement
    for r in acts.itertuples():
        line = unicodedata.normalize("NFKC", raw_line(r.doc_id, r.source_line)).strip()
        assert line, r.activity_id


# ---------------------------------------------------------------- registers fail loudly


def _without(monkeypatch, register: str, drop=None, add=None):
    real = registers.read_register

    def fake(name):
        rows = real(name)
        if name == register:
            rows = [r for r in rows if not (drop and drop(r))] + ([dict(add, _line=999)] if add else [])
        return rows

    monkeypatch.setattr(registers, "read_register", fake)


def test_an_activity_missing_from_the_mapping_register_fails_naming_its_line(monkeypatch):
    _without(monkeypatch, "mapping.csv", drop=lambda r: r["activity_id"] == "001:47")
    with pytest.raises(BuildError, match=r"001:47 \(document 001 line 47\) is not in kpi/build/peers/mapping.csv"):
        build_peer_tables()


def test_a_stale_mapping_row_fails(monkeypatch):
    _without(monkeypatch, "mapping.csv", add={"activity_id": "001:999", "article_no": "15", "quality": "clean", "reason": "x"})
    with pytest.raises(BuildError, match=r"mapping.csv line 999: no activity 001:999"):
        build_peer_tables()


def test_a_stale_alias_or_typo_row_fails(monkeypatch):
    _without(monkeypatch, "repairs.csv", add={"repair_id": "T99", "doc_id": "001", "kind": "typo", "source_line": "47",
                                               "printed": "経営熟", "repaired": "経営塾", "reason": "x"})
    with pytest.raises(BuildError, match="repairs.csv line 999"):
        build_peer_tables()


# ---------------------------------------------------------------- kpi.peers


def test_search_is_width_folded_and_finds_typos_by_their_meaning():
    acts = kp.read_peers().activities
    hits = kp.search(acts, "事業承継")
    assert hits["actor_name"].nunique() >= 8
    assert "001:111" not in set(hits["activity_id"]) and "001:109" in set(hits["activity_id"])
    assert set(kp.search(acts, "ｉ－ｍｏｎｏ")["activity_id"]) == set(kp.search(acts, "i-mono")["activity_id"])
    assert "000:67" in set(kp.search(acts, "操業環境")["activity_id"])  # printed 創業環境


def test_match_puts_best_keyword_matches_first_within_the_article():
    acts = kp.read_peers().activities
    kw = kp.keywords_for("事業承継・事業継続支援事業")
    assert kw[:2] == ["事業承継", "事業継続"]
    m = kp.match(acts, 15, kw)
    assert set(m["article_no"].astype(int)) == {15}
    assert m["score"].is_monotonic_decreasing and m.iloc[0]["score"] >= 1


def test_timeline_marks_a_plan_that_reappears_verbatim():
    acts = kp.read_peers().activities
    tl = kp.timeline(acts, "higashiosaka-tokubetsu")
    assert tl["activity_id"].tolist() == ["001:131", "001:133", "000:231", "000:233"]
    assert tl.set_index("activity_id").loc["000:233", "verbatim_of"] == "001:133"
    imono = kp.timeline(acts, "kawaguchi-imono")
    assert imono["doc_id"].tolist()[0] == "002" and {"001:39", "001:41", "000:115", "000:117"} <= set(imono["activity_id"])


def test_passage_is_the_printed_text_with_the_entry_flagged():
    peers = kp.read_peers()
    lines = kp.passage(peers, "000:245.2")
    flagged = [n for n, _, hit in lines if hit]
    assert flagged == [245, 247, 249] and any("⼤阪" in txt or "東大" in txt for _, txt, _ in lines)


def test_peer_fields_are_declared_once_apart_from_the_main_file():
    from kpi import schema

    used = {f for t in schema.PEER_TABLES.values() for f in t.fields}
    assert set(schema.PEER_FIELDS) <= used
    assert not set(schema.PEER_FIELDS) & set(schema.FIELDS)  # shared names (text, source_line, …) keep one declaration
    assert "activity_id" not in schema.arrow_schema().names  # the main file's schema is untouched


def test_a_missing_shipped_text_is_a_friendly_error(tmp_path):
    from kpi.io import DataFileError

    with pytest.raises(DataFileError, match="git checkout -- data/raw/peers/"):
        kp.passage(kp.read_peers(), "001:47", raw_dir=tmp_path)


def test_keywords_are_words_only_never_a_url_or_markup():
    kw = kp.keywords_for("<a href='https://evil.example/p'>起業支援</a> 事業承継支援事業")
    assert "事業承継" in kw
    assert not any(c in k for k in kw for c in ":/<>='\"."), kw


# ---------------------------------------------------------------- the page's view, computed once


def test_catalogue_select_equals_the_step_by_step_pipeline():
    peers = kp.read_peers()
    cat = kp.catalogue(peers)
    assert cat.cities == tuple(sorted(peers.activities["city"].dropna().unique()))
    assert list(cat.years) == kp.year_options(peers.activities)
    for article, cities, years, statuses, query, keywords in [
            (None, None, None, None, "", []), (15, None, None, None, "", ["事業承継", "事業継続"]),
            (None, None, None, None, "事業承継", []), (None, ["東大阪市"], ["2017"], ["plan"], "", []),
            (kp.UNMAPPED, None, None, None, "", ["事業承継"]), (None, None, ["undated"], None, "", [])]:
        rows = kp.in_time_order(kp.search(kp.filter_activities(peers.activities, article, cities, years, statuses), query))
        want = (kp.match(rows, None, keywords) if keywords and article != kp.UNMAPPED
                else rows.assign(score=pd.NA).reset_index(drop=True))
        pd.testing.assert_frame_equal(kp.select(cat, article, cities, years, statuses, query, keywords), want)


def test_verbatim_of_is_the_first_earlier_entry_of_the_same_body_and_text():
    acts = pd.DataFrame({
        "activity_id": ["a", "b", "c", "d", "e", "f"],
        "actor_name": ["X", "X", "X", "Y", "X", "X"],
        "text": ["同じ文", "同じ文", "同じ文", "同じ文", "別の文", "同じ文"],
        "fiscal_year": pd.array([2017, 2016, 2018, 2015, 2015, None], dtype="Int16"),
    })
    v = kp.verbatim_of(acts)
    # c (2018): a (2017) and b (2016) are earlier; a comes first in the frame. a (2017): only b.
    # b: nothing earlier of X; d: another body; e: another text; f: undated.
    assert v.to_dict() == {"a": "b", "b": None, "c": "a", "d": None, "e": None, "f": None}
