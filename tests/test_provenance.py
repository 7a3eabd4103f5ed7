"""kpi.provenance and kpi.context on the real report: each value's record against the shipped text
(lines read from the file here, not from the parquet), pages, search, refs and export sources."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from kpi import context as kc
from kpi import metrics
from kpi import provenance as pv
from kpi.io import read_report

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "data" / "raw" / "kawasaki_h28_report.txt").read_text(encoding="utf-8").split("\n")


def file_line(no: int) -> str:
    return TEXT[no - 1]


def line_with(*needles: str) -> int:
    """The one line of the shipped file holding every needle (1-based)."""
    hits = [i + 1 for i, x in enumerate(TEXT) if all(n in x for n in needles)]
    assert len(hits) == 1, (needles, hits)
    return hits[0]


@pytest.fixture(scope="module")
def r():
    return read_report()


@pytest.fixture(scope="module")
def text(r):
    return pv.read_text(r)


@pytest.fixture(scope="module")
def spans(r, text):
    return pv.sections(r, text)


def test_text_is_the_shipped_file_and_the_build_source(text):
    assert text.path == "data/raw/kawasaki_h28_report.txt" and text.is_build_source
    assert list(text.lines) == TEXT


@pytest.mark.parametrize("ref, printed, value, unit, needles, corr, disc, page", [
    ("money:1:settlement", "9,676千円", 9676, "千円", ("28年度予算", "9,676千円"), None, None, 16),
    ("ind:38:1:2016:actual", "13,0000", 130000, "人", ("実績 (人)", "13,0000"), "C01", None, 46),
    ("money:15:stated_change", "16,927千円増", 16927, "千円", ("29年度予算", "16,927千円増"), None, "D01", 27),
    ("proc:2016:local_sme:total:amount_myen", "41,509", 41509, "百万円", ("中 小 企 業", "41,509"), None, None, 65),
    ("survey:213:rate_pct", "10.3%", 10.3, "%", ("学術研究、専門・技術サービス業", "10.3%"), None, "D10", 7),
    ("ctx:bankruptcies_fy2016", "平成 28 年度は 81 件へと増加", 81, "件", ("81 件へと増加",), None, None, 6),
])
def test_record_stands_on_its_line(r, text, spans, ref, printed, value, unit, needles, corr, disc, page):
    rec = pv.record(r, ref, text, spans)
    line = line_with(*needles)
    assert rec.source_line == line and rec.line_text == file_line(line) and printed in file_line(line)
    assert (rec.printed, rec.value, rec.unit, rec.correction_id, rec.discrepancy_id, rec.page) == (printed, value, unit, corr, disc, page)
    assert (line, file_line(line)) in rec.context and len(rec.context) == 2 * pv.CONTEXT_LINES + 1


def test_halloween_is_the_c01_correction(r, text):
    rec = pv.record(r, "ind:38:1:2016:actual", text)
    assert rec.subject.startswith("カワサキハロウィンの来場者数") and "13,0000" in rec.correction_reason


def test_unknown_refs_are_refused(r):
    for ref in ("money:999:budget", "ind:1:1:2016:both", "nothing", "ctx:nope", "money:x:y", "survey:213:oops"):
        with pytest.raises(pv.UnknownRef):
            pv.record(r, ref)


def test_sections_follow_the_contents(spans):
    assert pv.page_of_line(spans, 10) is None  # cover and contents
    assert pv.page_of_line(spans, line_with("最も少ない 64 件")) == 6
    assert pv.page_of_line(spans, 471) == 16 and "起業家塾" in file_line(471)
    assert pv.page_of_line(spans, line_with("| 29年度予算 | 36,190千円")) == 27
    pages = spans["page"].dropna().astype(int).tolist()
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] == 67
    assert (spans["first_line"].iloc[1:].to_numpy() == spans["last_line"].iloc[:-1].to_numpy() + 1).all()


def test_search_is_width_folded_and_lists_every_line(text, spans):
    lines = pv.lines_frame(text, spans)
    hits = pv.search_lines(lines, "起業家塾")
    expected = [i + 1 for i, x in enumerate(TEXT) if "起業家塾" in unicodedata.normalize("NFKC", x)]
    assert hits["line"].tolist() == expected and len(expected) >= 3
    assert pv.search_lines(lines, "ＰＤＣＡ")["line"].tolist() == pv.search_lines(lines, "pdca")["line"].tolist()
    assert pv.search_lines(lines, "  ").empty


def test_refs_and_sources_cover_every_value_of_the_rows(r):
    progs = metrics.programs(r)
    one = progs[progs["program_no"] == 1]
    refs = pv.refs(r, one)["ref"].tolist()
    assert refs[0] == "prog:1" and {"money:1:budget", "money:1:settlement", "money:1:budget_next", "money:1:stated_change"} <= set(refs)
    src = pv.sources(r, one).set_index("ref")
    assert src.loc["money:1:settlement", "page"] == 16 and src.loc["money:1:settlement", "source_line"] == line_with("28年度予算", "9,676千円")
    cite = pv.row_citations(pv.sources(r, progs.head(2)), 2)
    assert cite.loc[0, "page"] == "16" and str(line_with("28年度予算", "9,676千円")) in cite.loc[0, "source_line"]
    ind = metrics.indicators(r)
    assert len(pv.refs(r, ind)) == 2 * len(ind)
    assert len(pv.refs(r, metrics.procurement_share(r))) == 2 * len(metrics.procurement_share(r))
    assert pv.refs(r, r.corrections)["ref"].iloc[0] == "corr:C01"


def test_context_figures_trend_and_survey_rates(r):
    s = kc.figures(r, "structure").set_index("key")
    assert s.loc["establishments", "value"] == 41028 and s.loc["employees", "value"] == 544782
    b = kc.bankruptcies(r)
    assert b["count"].tolist() == [64, 81] and b["fiscal_year"].tolist() == [2015, 2016]
    assert b["change"].iloc[1] == 17 and b["change_pct"].iloc[1] == 26.6 and pd.isna(b["change"].iloc[0])
    rates = kc.survey_rates(r)
    flagged = rates[rates["rate_differs"]]
    assert flagged["industry"].tolist() == ["学術研究、専門・技術サービス業"] and flagged["discrepancy_id"].tolist() == ["D10"]
    assert flagged["computed_rate_pct"].iloc[0] == 20.3 and flagged["rate_pct"].iloc[0] == 10.3


def test_imported_report_has_no_text(r):
    import dataclasses

    imported = dataclasses.replace(r, reports=r.reports.assign(source_file="kawasaki_h29.xlsx"))
    assert pv.read_text(imported) is None
    assert pv.record(imported, "money:1:settlement").line_text is None


def test_survey_sources_print_the_cells_of_their_line(r, text, spans):
    from kpi import context as kc

    src = pv.sources(r, kc.survey_rates(r), spans, text).set_index("ref")
    line = line_with("学術研究、専門・技術サービス業", "10.3%")
    assert src.loc[f"survey:{line}:rate_pct", "printed"] == "10.3%" and src.loc[f"survey:{line}:rate_pct", "discrepancy_id"] == "D10"
    assert src.loc[f"survey:{line}:responses", "printed"] == "43" and src.loc[f"survey:{line}:sent", "printed"] == "212"
