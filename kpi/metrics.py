"""Computed measures: attainment, status, shortfall; budget change and execution rate; roll-ups."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from kpi import scope, vocab
from kpi import status as st
from kpi.io import Report

# Programs whose scale dwarfs the rest: declared with the default money scope in kpi.scope.
SCALE_OUTLIERS = scope.SCALE_OUTLIERS

MONEY_COLUMNS = vocab.MONEY_COLUMNS  # measure → its wide column (千円), declared in kpi.vocab
_KEYS = ["report_city", "report_fy"]


def attainment_pct(target, actual, direction="higher"):
    """Attainment (%): actual ÷ target (higher is better) or target ÷ actual (lower is better).

    Vectorised over scalars or arrays. No rate (NaN) where target or actual is missing, the target is
    zero or negative, or the actual is negative; lower-is-better with an actual of 0 has no finite rate
    (its status is decided by `status_key`, which calls it achieved)."""
    t = np.asarray(pd.to_numeric(pd.Series(np.atleast_1d(target)), errors="coerce"), dtype=float)
    a = np.asarray(pd.to_numeric(pd.Series(np.atleast_1d(actual)), errors="coerce"), dtype=float)
    d = np.broadcast_to(np.asarray(direction, dtype=object), t.shape)
    valid = ~np.isnan(t) & ~np.isnan(a) & (t > 0) & (a >= 0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        rate = np.where(d == "lower", t / a * 100.0, a / t * 100.0)
    rate = np.where(valid & np.isfinite(rate), rate, np.nan)
    return rate if np.ndim(target) or np.ndim(actual) else float(rate[0])


def status_key(target, actual, direction="higher", near_miss_pct: float = st.NEAR_MISS_THRESHOLD_PCT) -> np.ndarray:
    """Status keys (achieved / near_miss / missed / not_evaluable) for arrays of target, actual, direction."""
    rate = np.atleast_1d(attainment_pct(target, actual, direction))
    t = np.asarray(pd.to_numeric(pd.Series(np.atleast_1d(target)), errors="coerce"), dtype=float)
    a = np.asarray(pd.to_numeric(pd.Series(np.atleast_1d(actual)), errors="coerce"), dtype=float)
    d = np.broadcast_to(np.asarray(direction, dtype=object), t.shape)
    out = st.status_keys(rate, near_miss_pct)
    perfect_lower = (d == "lower") & (a == 0) & (t > 0)
    out[perfect_lower] = st.ACHIEVED.key
    return out


def _num(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s, errors="coerce").astype("float64")


def programs(report: Report) -> pd.DataFrame:
    """One row per program: article, key flag, money (千円), change H29 − H28 and execution rate.

    Key programs: change = H29 budget − H28 budget (`change_basis` 'budget'); the report's stated
    change is kept beside it and `stated_change_differs` flags where they disagree. Non-key programs:
    change = H29 outline − H28 actual (`change_basis` 'actual'). Execution rate = H28 settlement ÷ H28
    budget, key programs only. Missing amounts stay missing (never 0)."""
    p = report.programs.merge(report.articles[_KEYS + ["article_no", "article_title"]], on=_KEYS + ["article_no"], how="left")
    wide = (report.money.pivot_table(index=_KEYS + ["program_no"], columns="measure", values="amount_kyen", aggfunc="first", dropna=False)
            .rename(columns=MONEY_COLUMNS).reset_index())
    for col in MONEY_COLUMNS.values():
        if col not in wide.columns:
            wide[col] = np.nan
    p = p.merge(wide[_KEYS + ["program_no", *MONEY_COLUMNS.values()]], on=_KEYS + ["program_no"], how="left")
    for col in MONEY_COLUMNS.values():
        p[col] = _num(p[col])
    key = p["is_key"].astype(bool)
    p["base_kyen"] = np.where(key, p["budget_kyen"], p["actual_spend_kyen"])
    p["next_kyen"] = np.where(key, p["budget_next_kyen"], p["outline_next_kyen"])
    p["change_basis"] = np.where(key, "budget", "actual")
    p["change_kyen"] = p["next_kyen"] - p["base_kyen"]
    with np.errstate(divide="ignore", invalid="ignore"):
        p["change_pct"] = np.where(p["base_kyen"] > 0, p["change_kyen"] / p["base_kyen"] * 100.0, np.nan)
        p["execution_rate_pct"] = np.where(key & (p["budget_kyen"] > 0), p["settlement_kyen"] / p["budget_kyen"] * 100.0, np.nan)
    p["stated_change_differs"] = (key & p["stated_change_kyen"].notna() & p["change_kyen"].notna()
                                  & (p["stated_change_kyen"] != p["change_kyen"]))
    p["is_scale_outlier"] = p["program_name"].isin(list(SCALE_OUTLIERS))
    corr = (report.money[report.money["correction_id"].notna()]
            .pivot_table(index=_KEYS + ["program_no"], columns="measure", values="correction_id", aggfunc="first"))
    if corr.empty:
        p["money_correction_ids"] = pd.Series(pd.NA, index=p.index, dtype="string")
    else:
        parts = corr.astype("string").fillna("")
        joined = parts.iloc[:, 0]
        for col in parts.columns[1:]:
            joined = joined.str.cat(parts[col], sep=",")
        joined = joined.str.replace(r",+", ",", regex=True).str.strip(",")
        p = p.merge(joined.rename("money_correction_ids").reset_index(), on=_KEYS + ["program_no"], how="left")
    return p.sort_values(_KEYS + ["program_no"]).reset_index(drop=True)


def indicators(report: Report, near_miss_pct: float = st.NEAR_MISS_THRESHOLD_PCT) -> pd.DataFrame:
    """One row per (program, indicator, fiscal year): target, actual, attainment, status, shortfall,
    change of the actual from the previous year. Cumulative indicators are compared on their
    cumulative levels, as the report's targets are."""
    i = report.indicators.merge(
        report.programs[_KEYS + ["program_no", "program_name", "article_no", "is_key"]], on=_KEYS + ["program_no"], how="left")
    i["target"], i["actual"] = _num(i["target"]), _num(i["actual"])
    direction = i["direction"].astype(str).to_numpy()
    i["attainment_pct"] = attainment_pct(i["target"].to_numpy(), i["actual"].to_numpy(), direction)
    i["status"] = status_key(i["target"].to_numpy(), i["actual"].to_numpy(), direction, near_miss_pct)
    i["status_order"] = i["status"].map({s.key: s.order for s in st.STATUSES}).astype(int)
    gap = np.where(direction == "lower", i["actual"] - i["target"], i["target"] - i["actual"])
    evaluable = i["status"] != st.NOT_EVALUABLE.key
    i["shortfall"] = np.where(evaluable, np.clip(gap, 0, None), np.nan)
    i = i.sort_values(_KEYS + ["program_no", "indicator_no", "fiscal_year"])
    fy = i["fiscal_year"].astype("float64")
    grouped = i.assign(_fy=fy).groupby(_KEYS + ["program_no", "indicator_no"])
    prev, prev_fy = grouped["actual"].shift(1), grouped["_fy"].shift(1)
    i["actual_change"] = np.where((prev_fy == fy - 1).to_numpy(dtype=bool, na_value=False), i["actual"] - prev, np.nan)
    i["is_corrected"] = i["target_correction_id"].notna() | i["actual_correction_id"].notna()
    return i.reset_index(drop=True)


def status_counts(ind: pd.DataFrame, by: Iterable[str] = ("article_no",)) -> pd.DataFrame:
    """Indicator counts per status (columns in status order) for each group in `by`."""
    by = list(by)
    counts = ind.groupby(by + ["status"]).size().unstack("status", fill_value=0) if by else ind["status"].value_counts().to_frame().T
    for s in st.STATUSES:
        if s.key not in counts.columns:
            counts[s.key] = 0
    counts = counts[[s.key for s in st.STATUSES]]
    counts["total"] = counts.sum(axis=1)
    return counts.reset_index() if by else counts.reset_index(drop=True)


def _excluding(progs: pd.DataFrame, exclude: Iterable[str]) -> pd.DataFrame:
    exclude = list(exclude)
    unknown = set(exclude) - set(progs.loc[progs["program_name"].isin(exclude), "program_name"].unique())
    if unknown:
        raise ValueError(f"unknown programs to exclude: {sorted(unknown)}")
    return progs[~progs["program_name"].isin(exclude)]


def money_totals(progs: pd.DataFrame, exclude: Iterable[str] = (), by: Iterable[str] = ()) -> pd.DataFrame:
    """Totals (千円): key programs' budget, settlement and next year's budget (over `key_programs`
    programs) and non-key programs' actual and next year's outline; `programs` counts every program
    kept, `programs_without_figures` those the report gives no money for; excluded programs are named
    in `excluded`."""
    exclude = list(exclude)
    kept = _excluding(progs, exclude)
    cols = [MONEY_COLUMNS[m] for m in vocab.SUMMED_MEASURES]
    by = _KEYS + [b for b in by if b not in _KEYS]  # totals never mix reports
    kept = kept.assign(_no_figures=kept["base_kyen"].isna().astype(int))
    g = kept.groupby(by)
    out = g[cols].sum(min_count=1)
    out["programs"] = g.size()
    out["key_programs"] = g["is_key"].sum().astype(int)  # the budget/settlement totals cover these
    out["programs_without_figures"] = g["_no_figures"].sum()
    out["excluded"] = ", ".join(exclude)
    return out.reset_index()


def attainment_summary(ind: pd.DataFrame, by: Iterable[str] = ("article_no",)) -> pd.DataFrame:
    """Median, quartiles, min and max of attainment (%) per group; evaluable indicators only."""
    by = list(by)
    ev = ind[ind["attainment_pct"].notna()]
    g = ev.groupby(by)["attainment_pct"] if by else ev.groupby(lambda _: 0)["attainment_pct"]
    out = pd.DataFrame({"evaluable": g.size(), "median_pct": g.median(), "q1_pct": g.quantile(0.25),
                        "q3_pct": g.quantile(0.75), "min_pct": g.min(), "max_pct": g.max()})
    return out.reset_index() if by else out.reset_index(drop=True)


def article_rollup(report: Report, fiscal_year: int | None = None, exclude: Iterable[str] = ()) -> pd.DataFrame:
    """Per report and article (plus a total row per report, article_no NA): programs, key programs,
    indicators by status, attainment spread, key programs with at least one missed target, and money
    totals. Counts only: no weights. `exclude` applies to the money only: `money_programs` and
    `money_key_programs` say how many programs the money columns cover."""
    exclude = list(exclude)
    progs = programs(report)
    ind = indicators(report)
    ind = _in_year(ind, fiscal_year)
    by = _KEYS + ["article_no"]
    base = report.articles[by + ["article_title"]].copy()
    base = base.merge(progs.groupby(by).agg(programs=("program_no", "size"), key_programs=("is_key", "sum")).reset_index(), on=by, how="left")
    base = base.merge(status_counts(ind, by), on=by, how="left")
    missed = ind[ind["status"] == st.MISSED.key].groupby(by)["program_no"].nunique().rename("key_programs_with_missed")
    base = base.merge(missed.reset_index(), on=by, how="left")
    base = base.merge(attainment_summary(ind, by), on=by, how="left")
    money = money_totals(progs, exclude, by=by).rename(columns={"programs": "money_programs", "key_programs": "money_key_programs"})
    base = base.merge(money.drop(columns=["excluded"]), on=by, how="left")
    count_cols = ["programs", "key_programs", *[s.key for s in st.STATUSES], "total", "key_programs_with_missed", "evaluable",
                  "money_programs", "money_key_programs", "programs_without_figures"]
    for c in count_cols:
        base[c] = base[c].fillna(0).astype(int)
    totals = base.groupby(_KEYS)[count_cols].sum().reset_index()
    totals = totals.merge(attainment_summary(ind, _KEYS).drop(columns=["evaluable"]), on=_KEYS, how="left")
    totals = totals.merge(money_totals(progs, exclude).drop(columns=["programs", "key_programs", "excluded", "programs_without_figures"]),
                          on=_KEYS, how="left")
    totals["article_no"] = pd.NA
    totals["article_title"] = "合計"
    out = pd.concat([base, totals[base.columns]], ignore_index=True)
    out["_total"] = out["article_no"].isna()
    out = out.sort_values(_KEYS + ["_total", "article_no"]).drop(columns="_total").reset_index(drop=True)
    out["excluded"] = ", ".join(exclude)
    return out


def _in_year(ind: pd.DataFrame, fiscal_year: int | None) -> pd.DataFrame:
    """Indicator rows of `fiscal_year`; None → each report's own fiscal year (FY2016 for the H28 report)."""
    fy = ind["fiscal_year"].astype("int64")
    return ind[fy == (ind["report_fy"].astype("int64") if fiscal_year is None else fiscal_year)]


def overview(report: Report, fiscal_year: int | None = None, exclude: Iterable[str] = ()) -> dict:
    """Headline figures of one report (select it first with `Report.select`); `exclude` names the
    programs left out of the money totals."""
    if len(report.reports) != 1:
        raise ValueError(f"overview needs one report, got {report.keys()}: use Report.select(city, fiscal_year)")
    exclude = list(exclude)
    progs = programs(report)
    ind = _in_year(indicators(report), fiscal_year)
    counts = status_counts(ind, []).iloc[0].to_dict()
    money = money_totals(progs, exclude).iloc[0].to_dict()
    return {"programs": int(len(progs)), "key_programs": int(progs["is_key"].sum()),
            "indicators": int(ind[["program_no", "indicator_no"]].drop_duplicates().shape[0]),
            "status_counts": {k: int(v) for k, v in counts.items()}, "money": money, "excluded": exclude}


def missed_targets(report: Report, fiscal_year: int | None = None, statuses: Iterable[str] = (st.MISSED.key, st.NEAR_MISS.key),
                   article_no: int | None = None) -> pd.DataFrame:
    """Staff view: every indicator below target, worst first, with the council's Check and the city's
    Action of its program side by side (bullets joined by newlines)."""
    ind = _in_year(indicators(report), fiscal_year)
    ind = ind[ind["status"].isin(list(statuses))]
    if article_no is not None:
        ind = ind[ind["article_no"] == article_no]
    notes = report.notes[report.notes["stage"].isin(["check", "action"]) & report.notes["program_no"].notna()]
    joined = (notes.sort_values("seq").groupby(_KEYS + ["program_no", "stage"])["text"]
              .agg(lambda s: "\n".join(f"・{t}" for t in s)).unstack("stage").reset_index())
    joined = joined.rename(columns={"check": "check_text", "action": "action_text"})
    for col in ("check_text", "action_text"):  # a report may print no Check or no Action at all
        if col not in joined.columns:
            joined[col] = pd.NA
    out = ind.merge(joined, on=_KEYS + ["program_no"], how="left")
    return out.sort_values(["attainment_pct", "program_no", "indicator_no"]).reset_index(drop=True)


def procurement_share(report: Report) -> pd.DataFrame:
    """第19条: share (%) of contract amount going to 市内中小企業 by category and fiscal year, and the
    change in percentage points from the previous year."""
    p = report.procurement
    amt = p[p["measure"] == "amount_myen"].copy()
    amt["value"] = _num(amt["value"])
    piv = amt.pivot_table(index=_KEYS + ["fiscal_year", "category"], columns="firm_class", values="value", aggfunc="first").reset_index()
    piv["sme_amount_myen"] = piv["local_sme"]
    piv["total_amount_myen"] = piv["total"]
    piv["sme_share_pct"] = piv["local_sme"] / piv["total"] * 100.0
    piv = piv.sort_values(_KEYS + ["category", "fiscal_year"])
    piv["share_change_pt"] = piv.groupby(_KEYS + ["category"])["sme_share_pct"].diff()
    piv["category_order"] = piv["category"].map(vocab.CATEGORY_ORDER)
    cols = _KEYS + ["fiscal_year", "category", "category_order", "sme_amount_myen", "total_amount_myen", "sme_share_pct", "share_change_pt"]
    return piv[cols].sort_values(_KEYS + ["category_order", "fiscal_year"]).reset_index(drop=True)
