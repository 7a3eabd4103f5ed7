"""Every labelled frame a page shows or exports, built in one place from the kpi rows and the prefs.

Each function returns a `Shown`: the frame exactly as the screen shows it (labels in the chosen
language, amounts in the chosen unit, rates rounded by kpi.fmt's rules) and, beside it, the format of
each number column (`export.Column`: the unit's decimals, the attainment round-down, percentages), so
CSV/XLSX write the numbers as shown instead of guessing decimals from the values. Pages pass both on:
`tables.show_table(s.frame, …, formats=s.formats)`, `tables.show_chart(…, frame=s.frame, formats=s.formats)`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit import dataframe_util

from kpi import fmt
from kpi import labels as kl
from kpi import scope
from kpi import status as ks
from ui import export, i18n
from ui.i18n import t
from ui.safe import md_escape
from ui.state import Prefs

# ----------------------------------------------------------------------------- how numbers are shown
ATTAINMENT = export.Column(decimals=fmt.ATTAINMENT_DECIMALS, percent=True, attainment=True)  # rounded down
PCT = export.Column(decimals=fmt.PCT_DECIMALS, percent=True)  # other percentages, rounded
POINTS = export.Column(decimals=fmt.PCT_DECIMALS)  # a difference of percentages (points)
COUNT = export.Column(decimals=0)


def money_format(unit: str) -> export.Column:
    """An amount in `unit`, with that unit's decimals (kpi.fmt.MONEY_DECIMALS)."""
    return export.Column(decimals=fmt.MONEY_DECIMALS[unit])


@dataclass(frozen=True)
class Shown:
    """A frame as shown, with the format of its number columns (column label → export.Column)."""

    frame: pd.DataFrame
    formats: Mapping[str, export.Column] = field(default_factory=dict)
    money: tuple[str, ...] = ()  # the amount columns (shown with thousands separators)

    def rows(self, mask) -> Shown:
        """The same frame narrowed to some rows (a boolean mask), formats kept."""
        return Shown(self.frame[mask], self.formats, self.money)

    def config(self, **extra) -> dict:
        """st.dataframe column_config: locale-formatted amounts, then `extra` (label → config)."""
        return {**money_column_config(self.money), **extra}

    @functools.cached_property
    def arrow(self) -> pa.Table:
        """The frame as the Arrow table st.dataframe sends, made the way Streamlit makes it from the
        frame, once (a Shown kept by ui.views is shown on every rerun without converting it again)."""
        return dataframe_util.convert_pandas_df_to_arrow_table(self.frame)

    @functools.cached_property
    def escaped(self) -> pd.DataFrame:
        """The frame for st.table (ui.tables.static_table), every text cell and header markdown-escaped
        so data text stays inert, made once."""
        return escaped(self.frame)


def escaped(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with every non-numeric cell and every header markdown-escaped (missing cells empty)."""
    shown = frame.copy()
    for c in shown.columns:
        if not pd.api.types.is_numeric_dtype(shown[c].dtype):
            shown[c] = ["" if v is None or (isinstance(v, float) and pd.isna(v)) else md_escape(v) for v in shown[c]]
    shown.columns = [md_escape(c) for c in shown.columns]
    return shown


def concat(*parts: Shown) -> Shown:
    """Side by side (the same rows)."""
    frames = [s.frame.reset_index(drop=True) for s in parts]
    return Shown(pd.concat(frames, axis=1), {k: v for s in parts for k, v in s.formats.items()},
                 tuple(c for s in parts for c in s.money))


# ----------------------------------------------------------------------------- columns as shown
def quantities(values) -> pd.Series:
    """Targets/actuals as shown (kpi.fmt.quantity_value): Int64 when all whole, so 20 never prints as 20.0."""
    vals = [fmt.quantity_value(v) for v in values]
    dtype = "Int64" if all(v is None or isinstance(v, int) for v in vals) else "Float64"
    return pd.Series(pd.array(vals, dtype=dtype), index=getattr(values, "index", None))


def attainments(values) -> pd.Series:
    """Attainment rates as shown (kpi.fmt.attainment_value: rounded down)."""
    return pd.Series(pd.array([fmt.attainment_value(v) for v in values], dtype="Float64"), index=getattr(values, "index", None))


def pcts(values) -> list:
    """Other percentages as shown (kpi.fmt.pct_value)."""
    return [fmt.pct_value(v) for v in values]


def money_frame(frame: pd.DataFrame, cols: Sequence[str], p: Prefs, labels: Sequence[str] | None = None) -> Shown:
    """Money columns (千円) converted to the chosen unit, rounded as displayed, and renamed to their
    labels (or `labels`); the export gets exactly these values with the unit's decimals."""
    names = list(labels) if labels is not None else [
        i18n.money_column_label(c, p.lang, p.fy_style, p.unit, report_fy=p.report_fy) for c in cols]
    out = {name: pd.array([fmt.money_value(None if pd.isna(v) else v, p.unit) for v in frame[c]], dtype="Float64")
           for name, c in zip(names, cols)}
    return Shown(pd.DataFrame(out, index=frame.index), {name: money_format(p.unit) for name in names}, tuple(names))


def money_column_config(labels: Sequence[str]) -> dict:
    """Locale-formatted number columns (thousands separators) for money labels."""
    return {lab: st.column_config.NumberColumn(lab, format="localized") for lab in labels}


def _article_names(article_nos, lang: str, total: bool = False) -> list[str]:
    return [t("total_row", lang) if total and pd.isna(a) else i18n.article_label(a, lang) for a in article_nos]


def _status_counts(frame: pd.DataFrame, lang: str) -> dict:
    return {i18n.status_text(s.key, lang): frame[s.key].astype(int) for s in ks.STATUSES}


# ----------------------------------------------------------------------------- 概要 (and the import preview)
def status_by_article(rollup: pd.DataFrame, p: Prefs) -> Shown:
    """The frame behind the status-by-article chart: article, its full title, counts per status, total."""
    lang = p.lang
    arts = rollup[rollup["article_no"].notna()]
    frame = pd.DataFrame({
        t("col_article", lang): _article_names(arts["article_no"], lang),
        kl.column_label("article_title", lang): arts["article_title"],
        **_status_counts(arts, lang),
        t("col_total", lang): arts["total"].astype(int),
    })
    return Shown(frame, {c: COUNT for c in frame.columns[2:]})


def article_rollup(rollup: pd.DataFrame, p: Prefs, compact: bool = False) -> Shown:
    """The article roll-up: programs, key programs, counts per status, total, and (unless `compact`, the
    import preview's shorter form) key programs with a missed target and the min/max attainment."""
    lang = p.lang
    cols = {
        t("col_article", lang): _article_names(rollup["article_no"], lang, total=True),
        kl.column_label("article_title", lang): ["" if pd.isna(a) else x for a, x in zip(rollup["article_no"], rollup["article_title"])],
        t("col_programs", lang): rollup["programs"].astype(int),
        t("col_key_programs", lang): rollup["key_programs"].astype(int),
        **_status_counts(rollup, lang),
        t("col_total", lang): rollup["total"].astype(int),
    }
    if not compact:
        cols[t("col_key_with_missed", lang)] = rollup["key_programs_with_missed"].astype(int)
    formats = {c: COUNT for c in list(cols)[2:]}
    for key, src in (("col_median", "median_pct"), ("col_min", "min_pct"), ("col_max", "max_pct")):
        if compact and key != "col_median":
            continue
        cols[t(key, lang)] = attainments(rollup[src])
        formats[t(key, lang)] = ATTAINMENT
    return Shown(pd.DataFrame(cols), formats)


ROLLUP_MONEY = ("budget_kyen", "settlement_kyen", "budget_next_kyen", "actual_spend_kyen", "outline_next_kyen")


def article_money(rollup: pd.DataFrame, p: Prefs, cols: Sequence[str] = ROLLUP_MONEY) -> Shown:
    """The money per article: article and title (as in the roll-up), then each amount in the chosen unit."""
    head = article_rollup(rollup, p, compact=True).frame.iloc[:, :2]
    return concat(Shown(head), money_frame(rollup, cols, p))


def import_rollup(rollup: pd.DataFrame, p: Prefs) -> Shown:
    """The import preview's roll-up: the overview's compact roll-up with the key budgets beside it."""
    return concat(article_rollup(rollup, p, compact=True), money_frame(rollup, ROLLUP_MONEY[:3], p))


def needs_attention(missed: pd.DataFrame, lang: str, with_status_and_notes: bool = False) -> Shown:
    """kpi.metrics.missed_targets rows labelled for display and export; optionally with the status
    text and the council's Check and the city's Action side by side."""
    c_att = kl.column_label("attainment_pct", lang)
    cols = {
        kl.column_label("program_no", lang): missed["program_no"].astype(int),
        kl.column_label("program_name", lang): missed["program_name"],
        kl.column_label("indicator_name", lang): missed["indicator_name"],
        kl.column_label("target", lang): quantities(missed["target"]), kl.column_label("actual", lang): quantities(missed["actual"]),
        kl.column_label("unit", lang): missed["unit"],
        c_att: attainments(missed["attainment_pct"]),
    }
    if with_status_and_notes:
        cols[kl.column_label("status_label", lang)] = [i18n.status_text(s, lang) for s in missed["status"]]
        cols[kl.column_label("check_text", lang)] = missed["check_text"]
        cols[kl.column_label("action_text", lang)] = missed["action_text"]
    return Shown(pd.DataFrame(cols), {c_att: ATTAINMENT})


def corrections(corr: pd.DataFrame, lang: str) -> Shown:
    """The corrections register: id, scope, printed text, value used, reason, line."""
    return Shown(pd.DataFrame({
        t("id", lang): corr["correction_id"], t("scope", lang): [kl.register_text(x, lang) for x in corr["scope"]],
        t("printed", lang): corr["printed"], t("value_used", lang): corr["corrected"],
        t("reason", lang): corr["reason" if lang == "ja" else "reason_en"],
        t("source_line", lang): corr["source_line"].astype(int),
    }))


def discrepancies(disc: pd.DataFrame, lang: str) -> Shown:
    """The discrepancies register: id, check, scope, printed, computed, reason, line."""
    return Shown(pd.DataFrame({
        t("id", lang): disc["discrepancy_id"], t("check_kind", lang): [kl.label(kl.CHECK_KINDS, c, lang) for c in disc["check"]],
        t("scope", lang): [kl.register_text(x, lang) for x in disc["scope"]],
        t("printed", lang): disc["printed"], t("computed", lang): [kl.register_text(x, lang) for x in disc["computed"]],
        t("reason", lang): disc["reason" if lang == "ja" else "reason_en"],
        t("source_line", lang): disc["source_line"].astype(int),
    }))


# ----------------------------------------------------------------------------- 目標達成状況 and PDCA
def correction_note(r, corrections_by_id: pd.DataFrame, lang: str) -> str:
    """'✎ 目標 印字「13,0000」→ 130000 (C01)' for a corrected target or actual; empty otherwise."""
    parts = []
    for which, cid in (("target", r["target_correction_id"]), ("actual", r["actual_correction_id"])):
        if pd.notna(cid) and cid in corrections_by_id.index:
            c = corrections_by_id.loc[cid]
            parts.append(f"✎ {kl.column_label(which, lang)} {t('printed', lang)}「{c['printed']}」→ {c['corrected']} ({cid})")
    return " / ".join(parts)


def indicator_table(rows: pd.DataFrame, p: Prefs, corrections_by_id: pd.DataFrame) -> Shown:
    """The attainment page's table: what is read first comes first (program, indicator, target, actual,
    attainment, status), then year, shortfall, numbers, page and the correction note."""
    lang = p.lang
    c_att = kl.column_label("attainment_pct", lang)
    frame = pd.DataFrame({
        kl.column_label("program_name", lang): rows["program_name"].astype(str),
        kl.column_label("indicator_name", lang): rows["indicator_name"].astype(str),
        kl.column_label("target", lang): quantities(rows["target"]),
        kl.column_label("actual", lang): quantities(rows["actual"]),
        kl.column_label("unit", lang): rows["unit"].astype(str),
        c_att: attainments(rows["attainment_pct"]),
        kl.column_label("status_label", lang): [i18n.status_text(s, lang) for s in rows["status"]],
        kl.column_label("fiscal_year", lang): [p.fy(int(y)) for y in rows["fiscal_year"]],
        kl.column_label("shortfall", lang): quantities(rows["shortfall"]),
        kl.column_label("program_no", lang): rows["program_no"].astype(int),
        kl.column_label("article_no", lang): [i18n.article_label(a, lang) for a in rows["article_no"]],
        kl.column_label("page", lang): rows["page"].astype("Int64"),
        t("corrected_mark", lang): [correction_note(r, corrections_by_id, lang) for _, r in rows.iterrows()],
    })
    return Shown(frame, {c_att: ATTAINMENT})


def indicator_config(shown: Shown, lang: str, **attainment_options) -> dict:
    """st.dataframe column_config of an indicator table: the attainment as a bar (0–200 %, one decimal),
    targets, actuals and shortfalls locale-formatted (only the columns the frame has)."""
    c_att = kl.column_label("attainment_pct", lang)
    config = {c_att: st.column_config.ProgressColumn(c_att, min_value=0, max_value=200, format="%.1f%%", **attainment_options)}
    config |= {kl.column_label(c, lang): st.column_config.NumberColumn(format="localized") for c in ("target", "actual", "shortfall")}
    return {c: v for c, v in config.items() if c in shown.frame.columns}


def program_indicators(pi: pd.DataFrame, p: Prefs) -> Shown:
    """One program's indicators on the PDCA page: name, year, target, actual, unit, attainment, status."""
    lang = p.lang
    c_att = kl.column_label("attainment_pct", lang)
    return Shown(pd.DataFrame({
        kl.column_label("indicator_name", lang): pi["indicator_name"].astype(str),
        kl.column_label("fiscal_year", lang): [p.fy(int(y)) for y in pi["fiscal_year"]],
        kl.column_label("target", lang): quantities(pi["target"]),
        kl.column_label("actual", lang): quantities(pi["actual"]),
        kl.column_label("unit", lang): pi["unit"].astype(str),
        c_att: attainments(pi["attainment_pct"]),
        kl.column_label("status_label", lang): [i18n.status_text(s, lang) for s in pi["status"]],
    }), {c_att: ATTAINMENT})


# ----------------------------------------------------------------------------- 予算
def article_names(article_nos, titles: Mapping, lang: str) -> list[str]:
    """'第15条 経営基盤の強化及び小規模企業者の事情の考慮': the article with its full title (a chart may cut it)."""
    return [f"{i18n.article_label(a, lang)} {titles.get(a, '')}".strip() for a in article_nos]


def money_bars(bars: pd.DataFrame, measures: Sequence[str], p: Prefs, level: str, titles: Mapping) -> Shown:
    """The frame behind a budget (or non-key actual/outline) chart: per article (its full title) or per
    program, each measure in the chosen unit."""
    lang = p.lang
    if level == "article":
        head = pd.DataFrame({kl.column_label("article_title", lang): article_names(bars["article_no"], titles, lang)})
    else:
        head = pd.DataFrame({kl.column_label("program_name", lang): bars["program_name"].tolist()})
    return concat(Shown(head), money_frame(bars, [f"{m}_kyen" for m in measures], p))


def change(chg: pd.DataFrame, p: Prefs) -> Shown:
    """The frame behind a change chart: program, basis, change in the chosen unit, change %."""
    lang = p.lang
    c_pct = kl.column_label("change_pct", lang)
    return concat(
        Shown(pd.DataFrame({kl.column_label("program_name", lang): chg["program_name"].tolist(),
                            kl.column_label("change_basis", lang): [t(f"bu_basis_{b}", lang) for b in chg["change_basis"]]})),
        money_frame(chg, ["change_kyen"], p),
        Shown(pd.DataFrame({c_pct: pcts(chg["change_pct"])}), {c_pct: PCT}))


def execution(ex: pd.DataFrame, p: Prefs) -> Shown:
    """The frame behind the execution-rate chart: program and its execution rate."""
    c_rate = kl.column_label("execution_rate_pct", p.lang)
    return Shown(pd.DataFrame({kl.column_label("program_name", p.lang): ex["program_name"],
                               c_rate: pcts(ex["execution_rate_pct"])}), {c_rate: PCT})


PROGRAM_MONEY = ("budget_kyen", "settlement_kyen", "budget_next_kyen", "stated_change_kyen",
                 "actual_spend_kyen", "outline_next_kyen", "change_kyen")


def money_per_program(progs: pd.DataFrame, p: Prefs) -> Shown:
    """Every program, nothing hidden: name, article, key flag, every amount, change %, basis, execution
    rate and a note (why a scale outlier is left out of totals, corrections, why no money)."""
    lang = p.lang
    c_chg, c_exec = kl.column_label("change_pct", lang), kl.column_label("execution_rate_pct", lang)
    head = pd.DataFrame({
        kl.column_label("program_name", lang): progs["program_name"].tolist(),
        kl.column_label("article_no", lang): [i18n.article_label(a, lang) for a in progs["article_no"]],
        kl.column_label("is_key", lang): [t("key_program", lang) if k else t("nonkey_program", lang) for k in progs["is_key"]],
    })
    tail = pd.DataFrame({
        c_chg: pcts(progs["change_pct"]),
        kl.column_label("change_basis", lang): [t(f"bu_basis_{b}", lang) for b in progs["change_basis"]],
        c_exec: pcts(progs["execution_rate_pct"]),
        kl.column_label("note", lang): [
            "; ".join(x for x in (scope.reason(n, lang), (f"✎ {c}" if pd.notna(c) else ""), (str(r) if pd.notna(r) else "")) if x)
            for n, c, r in zip(progs["program_name"], progs["money_correction_ids"], progs["no_money_reason"])],
    })
    return concat(Shown(head), money_frame(progs, PROGRAM_MONEY, p), Shown(tail, {c_chg: PCT, c_exec: PCT}))


def procurement_share(share: pd.DataFrame, p: Prefs) -> Shown:
    """第19条: per category and year, the local SMEs' and the total contract amounts (百万円, as printed),
    the SMEs' share and its change in points."""
    lang = p.lang
    c_sme, c_total = t("bu_sme_amount", lang), t("bu_total_amount", lang)
    c_share, c_chg = t("bu_share_axis", lang), t("bu_share_change", lang)
    frame = pd.DataFrame({
        t("bu_category", lang): [kl.label(kl.CATEGORIES, c, lang) for c in share["category"]],
        kl.column_label("fiscal_year", lang): [p.fy(int(y)) for y in share["fiscal_year"]],
        c_sme: share["sme_amount_myen"], c_total: share["total_amount_myen"],
        c_share: pcts(share["sme_share_pct"]), c_chg: pcts(share["share_change_pt"]),
    })
    return Shown(frame, {c_share: PCT, c_chg: POINTS}, (c_sme, c_total))


# ----------------------------------------------------------------------------- 推移
def _trend_counts(frame: pd.DataFrame, lang: str) -> tuple[dict, dict]:
    c_share, c_med = t("tr_share", lang), t("col_median", lang)
    cols = {
        i18n.status_text("achieved", lang): frame["achieved"].astype(int),
        t("tr_evaluable", lang): frame["evaluable"].astype(int),
        c_share: pd.array(pcts(frame["share_achieved_pct"]), dtype="Float64"),
        c_med: attainments(frame["median_attainment_pct"]),  # rounded down, as on 概要
    }
    return cols, {c_share: PCT, c_med: ATTAINMENT}


def attainment_trend(lines: pd.DataFrame, p: Prefs) -> Shown:
    """Attainment by fiscal year per article (the chart's label) and the city's total."""
    counts, formats = _trend_counts(lines, p.lang)
    return Shown(pd.DataFrame({t("col_article", p.lang): lines["label"],
                               kl.column_label("fiscal_year", p.lang): [p.fy(int(y)) for y in lines["fiscal_year"]],
                               **counts}), formats)


def attainment_trend_table(trend: Shown, p: Prefs) -> Shown:
    """The share achieved, one row per article and one column per fiscal year."""
    share = trend.frame.pivot_table(index=t("col_article", p.lang), columns=kl.column_label("fiscal_year", p.lang),
                                    values=t("tr_share", p.lang), aggfunc="first", sort=False).reset_index()
    share.columns.name = None
    return Shown(share, {c: PCT for c in share.columns[1:]})


def program_attainment_trend(prog: pd.DataFrame, p: Prefs) -> Shown:
    """Attainment by fiscal year per program."""
    lang = p.lang
    counts, formats = _trend_counts(prog, lang)
    return Shown(pd.DataFrame({
        kl.column_label("program_name", lang): prog["program_name"],
        kl.column_label("article_no", lang): [i18n.article_label(a, lang) for a in prog["article_no"]],
        kl.column_label("fiscal_year", lang): [p.fy(int(y)) for y in prog["fiscal_year"]],
        **counts}), formats)


TREND_MONEY = {"budget_kyen": "tr_budget", "settlement_kyen": "tr_settlement", "spend_kyen": "tr_spend",
               "prior_plan_budget_kyen": "tr_prior_plan"}


def money_trend(frame: pd.DataFrame, label_col: str, label_header: str, p: Prefs) -> Shown:
    """Per row and year: basis, the report the figures come from, and the amounts in the chosen unit."""
    lang = p.lang
    basis = {"reported": t("tr_basis_reported", lang), "planned": t("tr_basis_planned", lang)}
    labels = [f"{t(k, lang)}{i18n.unit_suffix(p.unit, lang)}" for k in TREND_MONEY.values()]
    return concat(Shown(pd.DataFrame({
        label_header: frame[label_col].tolist(),
        kl.column_label("fiscal_year", lang): [p.fy(int(y)) for y in frame["fiscal_year"]],
        t("tr_basis", lang): [basis[b] for b in frame["basis"]],
        t("tr_from_report", lang): [p.fy(int(y)) for y in frame["from_report_fy"]],
    })), money_frame(frame, list(TREND_MONEY), p, labels=labels))


# ----------------------------------------------------------------------------- 市内産業の現状
def context_facts(rows: pd.DataFrame, lang: str) -> Shown:
    """Context figures: item, value, unit, period, printed text, page, line."""
    return Shown(pd.DataFrame({
        t("cx_item", lang): rows["label"], t("cx_value", lang): rows["value"].astype("Float64"),
        kl.column_label("unit", lang): rows["unit"],
        t("cx_period", lang): rows["period"], t("src_printed", lang): rows["printed"],
        t("src_page", lang): rows["page"].astype("Int64"), t("src_line", lang): rows["source_line"].astype("Int64"),
    }))


def bankruptcies(trend: pd.DataFrame, p: Prefs) -> Shown:
    """Bankruptcies per fiscal year with the change, as printed, with page and line."""
    lang = p.lang
    return Shown(pd.DataFrame({
        t("cx_fiscal_year", lang): [p.fy(int(y)) for y in trend["fiscal_year"]],
        t("cx_count", lang): trend["count"], t("cx_change", lang): trend["change"],
        t("src_printed", lang): trend["printed"], t("src_page", lang): trend["page"].astype("Int64"),
        t("src_line", lang): trend["source_line"].astype("Int64"),
    }))


def survey_rates(rates: pd.DataFrame, lang: str) -> Shown:
    """The survey's responses by industry: responses, sent, printed and computed rate, discrepancy, source."""
    return Shown(pd.DataFrame({
        t("cx_industry", lang): [f"{c} {n}" if pd.notna(c) else n for c, n in zip(rates["industry_code"], rates["industry"])],
        t("src_field_responses", lang): rates["responses"].astype("Int64"),
        t("src_field_sent", lang): rates["sent"].astype("Int64"),
        t("cx_rate_printed", lang): rates["rate_pct"].astype("Float64"),
        t("cx_rate_computed", lang): rates["computed_rate_pct"].astype("Float64"),
        t("src_discrepancy", lang): rates["discrepancy_id"],
        t("src_page", lang): rates["page"].astype("Int64"), t("src_line", lang): rates["source_line"].astype("Int64"),
    }))


# ----------------------------------------------------------------------------- 他都市の取組
def peer_years(frame: pd.DataFrame, p: Prefs) -> list[str]:
    """'平成28年度', or '令和2年度〜令和4年度' for a plan period, or 年度不明, per row."""
    return [t("peers_undated", p.lang) if pd.isna(a) else (p.fy(int(a)) if int(a) == int(b) else f"{p.fy(int(a))}〜{p.fy(int(b))}")
            for a, b in zip(frame["fiscal_year"].tolist(), frame["fy_end"].tolist())]


def peer_sources(frame: pd.DataFrame, frameworks: Mapping, lang: str) -> list[str]:
    """'001 尼崎宣言・39行' (document, framework, line) per row."""
    return [f"{d} {frameworks[d]}・{int(n)}行" if lang == "ja" else f"{d} {frameworks[d]}, line {int(n)}"
            for d, n in zip(frame["doc_id"].tolist(), frame["source_line"].tolist())]


def our_programs(mine: pd.DataFrame, lang: str) -> Shown:
    """Our programs of one article beside the peers' activities: name and key mark."""
    return Shown(pd.DataFrame({t("peers_col_program", lang): mine["program_name"].astype(str),
                               t("peers_col_key", lang): mine["is_key"].map(lambda k: "★" if k else "")}))


def peer_activities(rows: pd.DataFrame, p: Prefs, frameworks: Mapping, scored: bool = False) -> Shown:
    """The peer cities' activities: city, actor, year, status, text, article, mapping, source; with
    `scored` (a keyword search), the score first."""
    lang = p.lang
    frame = pd.DataFrame({
        t("peers_col_city", lang): rows["city"].astype(object).where(rows["city"].notna(), t("peers_council", lang)),
        t("peers_col_actor", lang): rows["actor_name"].astype(str),
        t("peers_col_year", lang): peer_years(rows, p),
        t("peers_col_status", lang): rows["status"].map(lambda s: t(f"peers_status_{s}", lang)),
        t("peers_col_text", lang): rows["text"].astype(str),
        t("peers_col_article", lang): rows["article_no"].map(lambda a: "—" if pd.isna(a) else i18n.article_label(int(a), lang)),
        t("peers_col_quality", lang): rows["mapping_quality"].map(lambda q: t(f"peers_quality_{q}", lang)),
        t("peers_col_reason", lang): rows["reason"].astype(str),
        t("peers_col_source", lang): peer_sources(rows, frameworks, lang),
        t("peers_col_refers", lang): rows["refers_to"].astype(object).where(rows["refers_to"].notna(), ""),
    })
    if scored:
        frame.insert(0, t("peers_col_score", lang), rows["score"].astype("Int64"))
    return Shown(frame)


def peer_timeline(tl: pd.DataFrame, p: Prefs, frameworks: Mapping) -> Shown:
    """One peer program's entries over the years: year, status, actor, text, verbatim-of, source."""
    lang = p.lang
    return Shown(pd.DataFrame({
        t("peers_col_year", lang): peer_years(tl, p),
        t("peers_col_status", lang): tl["status"].map(lambda s: t(f"peers_status_{s}", lang)),
        t("peers_col_actor", lang): tl["actor_name"].astype(str),
        t("peers_col_text", lang): tl["text"].astype(str),
        t("peers_verbatim", lang): tl["verbatim_of"].map(lambda v: "" if v is None or pd.isna(v) else v),
        t("peers_col_source", lang): peer_sources(tl, frameworks, lang),
    }))
