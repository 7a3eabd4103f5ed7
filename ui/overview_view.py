"""What 概要 (app_pages/1_page_overview.py) shows, built from ui.data for one report and scope: each
function is a ui.views.kept builder (it loads its own data with `p.key` and returns several things at
once), so the page builds a tab's frames, link labels and texts once per (data files, prefs, scope)
and only draws them on a rerun. Callers must not modify what they get."""

from __future__ import annotations

from kpi import fmt
from kpi import labels as kl
from kpi import status as ks
from ui import caveats, charts, data, frames, i18n, safe
from ui import scope as uscope
from ui.i18n import t
from ui.state import Prefs

TABS = ("chart", "rollup", "attention", "quality")  # the page's tabs, in order
TAB_LABELS = {"chart": "ov_by_article", "rollup": "ov_rollup", "attention": "ov_tab_attention", "quality": "ov_quality"}


def _indicator_source(p: Prefs) -> str:
    """The source note of the report year's indicators (the chart and the roll-up table cite it)."""
    ind = data.indicators(p.key)
    return charts.source_note(data.source_title(p.key, p.lang), ind.loc[ind["fiscal_year"] == p.report_fy, "page"], p.lang)


def headline(p: Prefs) -> dict:
    """The shown report's headline: the intro, the program and status counts as (label, value) for
    st.metric, the indicators' caption and the report's title (the deck's subtitle)."""
    lang, fy = p.lang, p.report_fy
    h = data.overview(p.key, fy, exclude=())
    counts = ((t("ov_programs", lang), f"{h['programs']}"), (t("ov_key_programs", lang), f"{h['key_programs']}"),
              *((i18n.status_text(s.key, lang), f"{h['status_counts'][s.key]}") for s in ks.STATUSES))
    return {"intro": t("ov_intro", lang, n=h["programs"], k=h["key_programs"], fy=i18n.fy_long(fy, lang)), "counts": counts,
            "indicators_caption": t("ov_indicators_fy", lang, fy=p.fy(fy), n=h["status_counts"]["total"]),
            "title": data.source_title(p.key, lang)}


def money_and_chart(p: Prefs, exclude: tuple[str, ...]) -> dict:
    """The money totals in the scope `exclude` with their caption and scope statement, and the chart's
    inputs: the article roll-up, its source note, the chart's frame and its export notes."""
    lang, fy = p.lang, p.report_fy
    money = data.overview(p.key, fy, exclude=exclude)["money"]
    caption = t("ov_money_caption", lang) + "　" + t(
        "ov_other_money", lang,
        a_label=i18n.measure_label("actual_spend", lang, p.fy_style, report_fy=fy), a=fmt.format_money(money["actual_spend_kyen"], p.unit, lang),
        b_label=i18n.measure_label("outline_next", lang, p.fy_style, report_fy=fy), b=fmt.format_money(money["outline_next_kyen"], p.unit, lang))
    rollup = data.article_rollup(p.key, fy, exclude=exclude)
    source = _indicator_source(p)
    return {"money": money, "money_caption": caption, "statement": uscope.statement(exclude, p), "rollup": rollup, "source": source,
            "chart": frames.status_by_article(rollup, p), "chart_notes": caveats.notes(p, source)}


def rollup_tables(p: Prefs, exclude: tuple[str, ...]) -> tuple:
    """The roll-up (counts by status) and the money per article, each with its export notes."""
    lang, fy = p.lang, p.report_fy
    rollup = data.article_rollup(p.key, fy, exclude=exclude)
    title = data.source_title(p.key, lang)
    counts_notes = caveats.notes(p, _indicator_source(p))
    money_notes = caveats.notes(p, charts.source_note(title, data.programs(p.key)["page"], lang), exclude=exclude, money=True,
                                fiscal_years=(fy, fy + 1))
    return frames.article_rollup(rollup, p), counts_notes, frames.article_money(rollup, p), money_notes


def attention_view(p: Prefs) -> tuple:
    """The missed indicators of the report's year: their link labels, the frame shown and its notes."""
    lang = p.lang
    missed = data.missed_targets(p.key, p.report_fy, statuses=(ks.MISSED.key,))
    target, actual, mark = kl.column_label("target", lang), kl.column_label("actual", lang), i18n.STATUS_MARKS[ks.MISSED.key]
    links = tuple(
        (int(no), safe.md_escape(f"{mark} {fmt.format_attainment(att)}　{prog}｜{name}"
                                 f" {target} {fmt.format_quantity(tg)}{unit} → {actual} {fmt.format_quantity(ac)}{unit}"))
        for no, att, prog, name, tg, ac, unit in zip(
            missed["program_no"].to_list(), missed["attainment_pct"].to_list(), missed["program_name"].to_list(),
            missed["indicator_name"].to_list(), missed["target"].to_list(), missed["actual"].to_list(), missed["unit"].to_list()))
    notes = caveats.notes(p, charts.source_note(data.source_title(p.key, lang), missed["page"], lang))
    return missed, links, frames.needs_attention(missed, lang), notes


def quality_view(p: Prefs) -> tuple:
    """The corrections and discrepancies registers, and the imported report's file when it has none."""
    lang, report = p.lang, data.report(p.key)
    corr, disc = report.corrections, report.discrepancies
    imported = None
    if corr.empty and disc.empty:  # an imported report: its provenance is its file
        imported = t("ov_imported_from", lang, file=safe.md_escape(report.reports["source_file"].iloc[0]))
    return corr, frames.corrections(corr, lang), disc, frames.discrepancies(disc, lang), imported
