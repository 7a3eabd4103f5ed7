"""The app shell around every page: page setup, the sidebar's presenter options and report choice,
navigation, the friendly page for an unusable data file, and the provenance line under every page.

app.py calls `main()` on every run. The shell lives in this module rather than in app.py so that it is
compiled once per process (Streamlit's test runner compiles the entry script anew on every run).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from kpi.io import BUILD_COMMAND, DataFileError
from ui import data, i18n, safe, state, views, widgets
from ui.i18n import t

PAGE_TITLE = "川崎市 中小企業活性化施策 ダッシュボード"
# The pages live in app_pages/, not pages/: Streamlit treats a `pages/` folder beside the entry script
# as a v1 multipage app until st.navigation has run once in the process, so on a fresh server the first
# visits of a deep link (/attainment?article=12) showed "Page not found" and fell back to the root.
PAGES = [  # file, title key, icon, URL path
    ("app_pages/1_page_overview.py", "nav_overview", ":material/dashboard:", "overview"),
    ("app_pages/2_page_attainment.py", "nav_attainment", ":material/flag:", "attainment"),
    ("app_pages/3_page_budgets.py", "nav_budgets", ":material/payments:", "budgets"),
    ("app_pages/4_page_pdca.py", "nav_pdca", ":material/autorenew:", "pdca"),
    ("app_pages/5_page_import.py", "nav_import", ":material/upload_file:", "import"),
    ("app_pages/6_page_trends.py", "nav_trends", ":material/timeline:", "trends"),  # with two or more reports
    ("app_pages/7_page_peers.py", "nav_peers", ":material/travel_explore:", "peers"),
    ("app_pages/8_page_report.py", "nav_report", ":material/menu_book:", "report"),
    ("app_pages/9_page_context.py", "nav_context", ":material/factory:", "context"),
]
TRENDS = "trends"


def main() -> None:
    st.set_page_config(page_title=PAGE_TITLE, page_icon="📊", layout="wide")
    lang, n_reports, problem = sidebar()
    if problem is not None:
        error_pages(lang, problem)
        return
    p = state.prefs()
    pages = [st.Page(file, title=t(title, lang), icon=icon, url_path=url, default=(i == 0))
             for i, (file, title, icon, url) in enumerate(PAGES) if url != TRENDS or n_reports > 1]
    for bad in data.load_problems():  # an unreadable accepted report: the others are shown, and it is named
        st.warning(safe.md_escape(t("report_problem", lang, file=Path(bad.path).name, problem=f"{bad.problem}. {bad.remedy}")),
                   icon=":material/warning:")
    with st.sidebar:
        st.caption(t("app_title", lang))
    st.navigation(pages).run()
    # Provenance on every page.
    st.divider()
    st.caption(views.kept(provenance_line, (), p))


def sidebar() -> tuple[str, int, DataFileError | None]:
    """Presenter options and, with several reports, the report shown (sidebar, kept in the URL).
    Returns the language, the number of loaded reports and the data file's problem, if any."""
    with st.sidebar:
        lang = widgets.url_choice(st.radio, t("sidebar_language"), list(i18n.LANGS), "lang", i18n.DEFAULT_LANG,
                                  format_func=i18n.LANGS.get, horizontal=True)
    try:
        n_reports = len(data.report_keys())
        problem = None
    except DataFileError as exc:
        n_reports, problem = 0, exc
    with st.sidebar:
        if n_reports > 1:
            widgets.report_selector(lang)
        st.subheader(t("sidebar_presenter", lang))
        widgets.url_choice(st.radio, t("sidebar_unit", lang), list(i18n.MONEY_UNITS), "unit", i18n.DEFAULT_UNIT,
                           format_func=lambda u: i18n.unit_name(u, lang), horizontal=True)
        widgets.url_choice(st.radio, t("sidebar_fy_style", lang), list(i18n.FY_STYLES), "fy", i18n.DEFAULT_FY_STYLE,
                           format_func=lambda s: t(f"fy_style_{s}", lang))
        st.caption(t("sidebar_link_hint", lang))
    return lang, n_reports, problem


def error_pages(lang: str, problem: DataFileError) -> None:
    """The data are unusable: one friendly page instead of a traceback, under every URL, so a deep
    link lands on it without a "page not found"."""

    def error_page() -> None:
        st.title(t("error_title", lang))
        st.write(t("error_body", lang))
        st.error(f"**{t('error_problem', lang)}**: {safe.md_escape(problem.problem)}\n\n"
                 f"{t('data_file', lang)}: {safe.md_escape(Path(problem.path).name)}", icon=":material/error:")  # no server path
        st.write(t("error_remedy", lang))
        st.code(f".venv/bin/{BUILD_COMMAND}", language="bash")
        st.write(t("error_restore", lang))
        st.code("git checkout -- data/kawasaki_h28.parquet", language="bash")

    st.navigation([st.Page(error_page, title=t("error_title", lang), url_path=url, default=(i == 0))
                   for i, (_, _, _, url) in enumerate(PAGES)], position="hidden").run()


def provenance_line(p: state.Prefs) -> str:
    """'出典: <report> (<published>) · データファイル: <file> · source sha256 <12 hex>', markdown-escaped."""
    report = data.report(p.key)
    return (f"{t('source_label', p.lang)}: {safe.md_escape(data.source_title(p.key, p.lang))} "
            f"({safe.md_escape(report.reports['published'].fillna('—').iloc[0])}) · {t('data_file', p.lang)}: "
            f"{safe.md_escape(data.report_file(p.key).name)} · source sha256 {str(report.reports['source_sha256'].iloc[0])[:12]}")
