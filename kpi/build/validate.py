"""Build-time validation: the report's own cross-checks. Failures name the line; reviewed
self-contradictions of the report are kept (both figures) through discrepancies.csv."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kpi.build.source import HERE, BuildError, Source
from kpi.labels import CATEGORIES, FIRM_CLASSES

DISCREPANCIES_CSV = HERE / "discrepancies.csv"


@dataclass(frozen=True)
class Finding:
    """One place where the report's figures do not agree with each other."""

    check: str
    scope: str
    printed: str
    computed: str
    source_line: int


def stated_changes(programs: pd.DataFrame, money: pd.DataFrame) -> list[Finding]:
    """Stated change = H29 budget − H28 budget for every key program."""
    wide = money.pivot(index="program_no", columns="measure", values="amount_kyen")
    lines = money.set_index(["program_no", "measure"])["source_line"]
    printed = money.set_index(["program_no", "measure"])["printed"]
    out = []
    for p in programs.loc[programs["is_key"]].itertuples():
        w = wide.loc[p.program_no]
        diff = int(w["budget_next"]) - int(w["budget"])
        if diff != int(w["stated_change"]):
            out.append(Finding("stated_change", p.program_name, printed[(p.program_no, "stated_change")],
                               f"{diff:+,}千円 (H29 {int(w['budget_next']):,} − H28 {int(w['budget']):,})",
                               int(lines[(p.program_no, "stated_change")])))
    return out


_LABEL = {k: ja for k, (ja, _) in FIRM_CLASSES.items()}
_CAT = {k: ja for k, (ja, _) in CATEGORIES.items()}


def _sums(vals: pd.DataFrame, check: str, group: str, part: str, names: dict[str, str], computed: str) -> list[Finding]:
    """Per fiscal year, `group` value and measure: the rows whose `part` is not 'total' add up to the printed total."""
    out = []
    for (fy, key, measure), g in vals.groupby(["fiscal_year", group, "measure"]):
        parts = g.loc[g[part] != "total", "value"].sum()
        total = g.loc[g[part] == "total"].iloc[0]
        if parts != total["value"]:
            out.append(Finding(check, f"{fy} {names[key]} {measure}", total["printed"],
                               f"{int(parts):,} {computed}", int(total["source_line"])))
    return out


def procurement_totals(proc: pd.DataFrame) -> list[Finding]:
    """Rows add up to the printed totals (both ways) and the printed change rows match the values."""
    vals = proc[proc["measure"].isin(["contract_count", "amount_myen"])]
    idx = vals.set_index(["fiscal_year", "firm_class", "category", "measure"])
    out = (_sums(vals, "procurement_column_total", "category", "firm_class", _CAT, "(sum of the four contractor classes)")
           + _sums(vals, "procurement_row_total", "firm_class", "category", _LABEL, "(物品 + 工事 + 委託)"))
    for r in proc[proc["measure"].isin(["change_myen", "change_pct"])].itertuples():
        now = idx.loc[(r.fiscal_year, "local_sme", r.category, "amount_myen"), "value"]
        before = idx.loc[(r.fiscal_year - 1, "local_sme", r.category, "amount_myen"), "value"]
        if r.measure == "change_myen" and now - before != r.value:
            out.append(Finding("procurement_change", f"{r.fiscal_year} {_CAT[r.category]} 増減額", r.printed,
                               f"{int(now - before):+,}百万円", int(r.source_line)))
        pct = (now - before) / before * 100
        if r.measure == "change_pct" and round(pct) != r.value:
            out.append(Finding("procurement_change_pct", f"{r.fiscal_year} {_CAT[r.category]} 増減率", r.printed,
                               f"{pct:+.1f}%", int(r.source_line)))
    return out


def survey_totals(survey: pd.DataFrame) -> list[Finding]:
    """Industries add up to the 合計 row; each printed rate is responses ÷ sent to one decimal."""
    out = []
    rows = survey[survey["industry"] != "合計"]
    total = survey[survey["industry"] == "合計"].iloc[0]
    for col in ("responses", "sent"):
        s = int(rows[col].fillna(0).sum())
        if s != total[col]:
            out.append(Finding("survey_total", f"合計 {col}", f"{int(total[col]):,}", f"{s:,}", int(total["source_line"])))
    for r in survey.itertuples():
        if pd.isna(r.rate_pct) or pd.isna(r.sent) or not r.sent:
            continue
        rate = r.responses / r.sent * 100
        if abs(rate - r.rate_pct) > 0.05 + 1e-9:
            out.append(Finding("survey_rate", f"{r.industry} 回答率", f"{r.rate_pct:.1f}%",
                               f"{rate:.1f}% ({int(r.responses)} ÷ {int(r.sent)})", int(r.source_line)))
    return out


def stated_counts(src: Source, programs: pd.DataFrame) -> None:
    """The report states 全 65 の事務事業 and 23 の事務事業 as key programs; the parse must agree."""
    text = "\n".join(src.lines)
    total = int(re.search(r"全\s*(\d+)\s*の事務事業", text).group(1))
    key = int(re.search(r"(\d+)\s*の事務事業を重点的", text).group(1))
    if len(programs) != total:
        raise BuildError(f"programs: the report states {total}, the parse found {len(programs)}")
    if int(programs["is_key"].sum()) != key:
        raise BuildError(f"key programs: the report states {key}, the parse found {int(programs['is_key'].sum())}")


def unique(df: pd.DataFrame, cols: list[str], what: str) -> None:
    dup = df[df.duplicated(cols, keep=False)]
    if not dup.empty:
        raise BuildError(f"duplicate {what}: {dup[cols + ['source_line']].to_dict('records')}")


def all_lines_consumed(src: Source, start: int, end: int, consumed: set[int]) -> None:
    """No number silently dropped: every budget, amount and target/actual row in the body was read."""
    pat = re.compile(r"^\|\s*(?:2[89]年度予算|目標\s*[（(]|実績\s*[（(])|平成\s*28\s*年度の実績\s*[（(]|^\|\s*[（(][\d,\s]+千円[)）]")
    missed = [no for no in range(start, end) if pat.search(src.line(no)) and no not in consumed]
    if missed:
        raise BuildError(f"numbers not read on lines {missed}")


def load_discrepancies(path: Path = DISCREPANCIES_CSV) -> pd.DataFrame:
    with path.open(encoding="utf-8", newline="") as fh:
        return pd.DataFrame(list(csv.DictReader(fh)))


def reconcile(findings: list[Finding], path: Path = DISCREPANCIES_CSV) -> pd.DataFrame:
    """Every finding must be in the reviewed list, and every listed entry must still occur."""
    reviewed = load_discrepancies(path)
    keyed = {(r.check, r.scope, r.printed, r.computed): r for r in reviewed.itertuples()}
    unlisted = [f for f in findings if (f.check, f.scope, f.printed, f.computed) not in keyed]
    if unlisted:
        msg = "\n".join(f"  line {f.source_line}: {f.check} {f.scope}: printed {f.printed!r}, the report's other figures give {f.computed!r}"
                        for f in unlisted)
        raise BuildError(f"the report contradicts itself in places not in kpi/build/discrepancies.csv:\n{msg}")
    found = {(f.check, f.scope, f.printed, f.computed): f for f in findings}
    stale = [k for k in keyed if k not in found]
    if stale:
        raise BuildError(f"kpi/build/discrepancies.csv lists entries that no longer occur: {stale}")
    rows = []
    for k, r in keyed.items():
        rows.append({"discrepancy_id": r.discrepancy_id, "check": r.check, "scope": r.scope, "printed": r.printed,
                     "computed": r.computed, "reason": r.reason, "reason_en": r.reason_en, "source_line": found[k].source_line})
    return pd.DataFrame(rows)
