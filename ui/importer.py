"""The import page's logic as functions of bytes: parse an upload (kept in this session only) and show
its validation and a preview of what the dashboard would show. The page calls these with the
uploaded files; tests call them with generated files (AppTest cannot upload).

Nothing here writes to the data folder or to anything shared between users: the parse result lives
in this session's state (ui.state), and accepting a report is the command line's job (kpi.exchange).
"""

from __future__ import annotations

import dataclasses
import hashlib
import shlex
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from kpi import exchange, metrics, scope
from kpi import status as ks
from kpi.exchange import ImportResult
from ui import charts, frames, i18n, state, tables
from ui.safe import md_escape
from ui.state import Prefs
from ui.i18n import t

SESSION_KEY = "import_result"  # (digest of the uploaded files, ImportResult), this session only
SHOWN_ERRORS = 10
LOAN = scope.LOAN_FUND


def parse_uploads(files: Sequence[tuple[str, bytes]]) -> ImportResult:
    """kpi.exchange.parse_files, done once per upload: the result is kept in this session's state."""
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    cached = state.get(SESSION_KEY)
    if cached is not None and cached[0] == digest.hexdigest():
        return cached[1]
    result = exchange.parse_files(list(files))
    state.put(SESSION_KEY, (digest.hexdigest(), result))
    return result


def sheet_frame(result: ImportResult, sheet: exchange.Sheet) -> pd.DataFrame:
    """A parsed table with the template's Japanese headers (codes shown as the template writes them)."""
    df = result.tables[sheet.table]
    out = {}
    for col in sheet.columns:
        if col.field in df.columns:
            out[col.header] = [exchange.cell_value(col, v) for v in df[col.field].tolist()]
    return pd.DataFrame(out)


def show_result(result: ImportResult, p: Prefs, loaded_keys: Sequence[tuple[str, int]] = ()) -> None:
    """Validation (errors spelled out, then every issue in a table), and for a clean file the preview:
    headline counts, attainment by article, the article roll-up and the tables read."""
    lang = p.lang
    st.subheader(t("im_result", lang))
    errors = result.errors
    if errors:
        lines = "\n".join(f"- {md_escape(i.message(lang))}" for i in errors[:SHOWN_ERRORS])
        more = f"\n- … (+{len(errors) - SHOWN_ERRORS})" if len(errors) > SHOWN_ERRORS else ""
        st.error(t("im_errors", lang, n=len(errors)) + "\n\n" + lines + more, icon=":material/error:")
    else:
        n_info = sum(i.severity == exchange.INFO for i in result.issues)
        st.success(t("im_ok", lang, w=len(result.warnings), i=n_info), icon=":material/check_circle:")
    if result.issues:
        st.markdown(f"**{t('im_issues', lang)}**")
        tables.show_table(result.issues_frame(lang), "im_issues", "import_issues", lang,
                      column_config={("内容" if lang == "ja" else "Message"): st.column_config.TextColumn(width="large")})
    if not result.ok:
        return
    preview(result, p, loaded_keys)


def preview(result: ImportResult, p: Prefs, loaded_keys: Sequence[tuple[str, int]] = ()) -> None:
    """What the dashboard would show for the uploaded report (computed by kpi.metrics, as the pages do)."""
    lang = p.lang
    report = result.report()
    city, fy = result.key
    st.subheader(t("im_preview", lang))
    if (city, fy) in loaded_keys:
        st.info(t("im_exists", lang, report=f"{city} {p.fy(fy)}"), icon=":material/info:")
    # as the overview shows it by default: the loan fund left out of the money totals where there is one
    exclude = tuple(n for n in (LOAN,) if n in set(report.programs["program_name"].astype(str)))
    head = metrics.overview(report, fy, exclude=exclude)
    cols = st.columns(4)
    cols[0].metric(t("im_city", lang), city)
    cols[1].metric(t("im_fy", lang), p.fy(fy))
    cols[2].metric(t("ov_programs", lang), f"{head['programs']}")
    cols[3].metric(t("ov_key_programs", lang), f"{head['key_programs']}")
    cols = st.columns(len(ks.STATUSES))
    for col, s in zip(cols, ks.STATUSES):
        col.metric(i18n.status_text(s.key, lang), f"{head['status_counts'][s.key]}")
    st.caption(t("ov_indicators_fy", lang, fy=p.fy(fy), n=head["status_counts"]["total"]))
    money = head["money"]
    mcols = st.columns(3)
    for col, measure in zip(mcols, ("budget", "settlement", "budget_next")):
        tables.money_metric(col, i18n.measure_label(measure, lang, p.fy_style, report_fy=fy), money[f"{measure}_kyen"], p)
    if exclude:
        st.caption(t("ov_excluded", lang, names=LOAN, reason=scope.reason(LOAN, lang)))

    rollup = metrics.article_rollup(report, fy, exclude=exclude)
    source = charts.source_line(result.filename, lang)
    fig = charts.status_by_article(rollup, p, source, fiscal_year=fy)
    tables.show_chart(fig, "im_by_article", "import_attainment_by_article", lang, alt_text=t("ov_by_article", lang))
    table = frames.import_rollup(rollup, dataclasses.replace(p, key=(city, fy)))
    st.markdown(f"**{t('ov_rollup', lang)}**")
    tables.show_table(table.frame, "im_rollup", "import_article_rollup", lang, column_config=table.config(),
                      formats=table.formats)

    st.markdown(f"**{t('im_tables', lang)}**")
    sheets = [s for s in exchange.SHEETS if s.table != "reports"]
    for tab, sheet in zip(st.tabs([f"{s.name}（{len(result.tables[s.table])}）" for s in sheets]), sheets):
        with tab:
            tables.show_table(sheet_frame(result, sheet), f"im_table_{sheet.alias}", f"import_{sheet.alias}", lang)

    st.subheader(t("im_accept", lang))
    st.write(t("im_accept_body", lang))
    files = " ".join(shlex.quote(n) for n in result.filename.split(", "))
    st.code(f".venv/bin/python -m kpi.exchange import {files}", language="bash")
