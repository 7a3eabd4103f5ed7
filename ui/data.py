"""Cached access to the dataset and to the kpi measures: the only place pages get numbers from.

Every loader is keyed on the data file's identity (path, mtime, size), so a rebuilt file is read
again without restarting the server. The file is `data/kawasaki_h28.parquet`, or the path in the
environment variable KAWASAKI_DATA (tests point it at a broken or hostile file).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from kpi import io as kio
from kpi import metrics, notes
from kpi.io import DataFileError, Report

ENV_VAR = "KAWASAKI_DATA"
DataKey = tuple[str, int, int]  # path, mtime_ns, size


def data_path() -> Path:
    """The data file this run reads."""
    return Path(os.environ.get(ENV_VAR) or kio.DEFAULT_DATA)


def data_key() -> DataKey:
    """The file's identity; DataFileError (from kpi) when it does not exist or cannot be read."""
    path = data_path()
    try:
        s = path.stat()
    except OSError:
        kio.read_report(path)  # raises DataFileError with kpi's own message and remedy
        raise
    return str(path), s.st_mtime_ns, s.st_size


@st.cache_data(show_spinner=False, max_entries=4)
def _report(key: DataKey) -> Report:
    return kio.read_report(key[0])


def report() -> Report:
    """The whole dataset (raises DataFileError when unusable; errors are not cached)."""
    return _report(data_key())


def report_fy() -> int:
    """The fiscal year the shown report covers (2016 for the 平成28年度 report)."""
    return int(report().reports["report_fy"].iloc[0])


@st.cache_data(show_spinner=False, max_entries=4)
def _programs(key: DataKey) -> pd.DataFrame:
    return metrics.programs(_report(key))


def programs() -> pd.DataFrame:
    """kpi.metrics.programs: one row per program with money, change and execution rate."""
    return _programs(data_key())


@st.cache_data(show_spinner=False, max_entries=4)
def _indicators(key: DataKey) -> pd.DataFrame:
    return metrics.indicators(_report(key))


def indicators() -> pd.DataFrame:
    """kpi.metrics.indicators: one row per program × indicator × fiscal year."""
    return _indicators(data_key())


@st.cache_data(show_spinner=False, max_entries=16)
def _overview(key: DataKey, fiscal_year: int | None, exclude: tuple[str, ...]) -> dict:
    return metrics.overview(_report(key), fiscal_year, exclude)


def overview(fiscal_year: int | None = None, exclude: tuple[str, ...] = ("間接融資事業",)) -> dict:
    """kpi.metrics.overview: headline counts and money totals."""
    return _overview(data_key(), fiscal_year, tuple(exclude))


@st.cache_data(show_spinner=False, max_entries=16)
def _article_rollup(key: DataKey, fiscal_year: int | None, exclude: tuple[str, ...]) -> pd.DataFrame:
    return metrics.article_rollup(_report(key), fiscal_year, exclude)


def article_rollup(fiscal_year: int | None = None, exclude: tuple[str, ...] = ()) -> pd.DataFrame:
    """kpi.metrics.article_rollup: per article and a total row (article_no NA)."""
    return _article_rollup(data_key(), fiscal_year, tuple(exclude))


@st.cache_data(show_spinner=False, max_entries=16)
def _money_totals(key: DataKey, exclude: tuple[str, ...], by: tuple[str, ...]) -> pd.DataFrame:
    return metrics.money_totals(_programs(key), exclude, by)


def money_totals(exclude: tuple[str, ...] = (), by: tuple[str, ...] = ()) -> pd.DataFrame:
    """kpi.metrics.money_totals over all programs."""
    return _money_totals(data_key(), tuple(exclude), tuple(by))


@st.cache_data(show_spinner=False, max_entries=16)
def _missed_targets(key: DataKey, fiscal_year: int | None, statuses: tuple[str, ...]) -> pd.DataFrame:
    return metrics.missed_targets(_report(key), fiscal_year, statuses)


def missed_targets(fiscal_year: int | None = None, statuses: tuple[str, ...] = ("missed", "near_miss")) -> pd.DataFrame:
    """kpi.metrics.missed_targets: indicators below target with Check and Action text."""
    return _missed_targets(data_key(), fiscal_year, tuple(statuses))


@st.cache_data(show_spinner=False, max_entries=4)
def _procurement_share(key: DataKey) -> pd.DataFrame:
    return metrics.procurement_share(_report(key))


def procurement_share() -> pd.DataFrame:
    """kpi.metrics.procurement_share: 第19条 local-SME share of contract amounts."""
    return _procurement_share(data_key())


@st.cache_data(show_spinner=False, max_entries=128)
def _program_notes(key: DataKey, program_no: int | None, article_no: int | None) -> pd.DataFrame:
    return notes.program_notes(_report(key), program_no, article_no)


def program_notes(program_no: int | None = None, article_no: int | None = None) -> pd.DataFrame:
    """kpi.notes.program_notes: a program's (or an article's own) notes in PDCA order."""
    return _program_notes(data_key(), program_no, article_no)


@st.cache_data(show_spinner=False, max_entries=64)
def _search(key: DataKey, query: str) -> pd.DataFrame:
    return notes.search(_report(key), query)


def search(query: str) -> pd.DataFrame:
    """kpi.notes.search: notes and council opinions containing every word of `query`."""
    return _search(data_key(), query)


def source_title(lang: str = "ja") -> str:
    """Short citation of the report, e.g. 「川崎市 平成28年度 中小企業活性化施策実施状況報告書」."""
    from kpi import fmt

    r = report().reports.iloc[0]
    title = str(r["report_title"])
    short = title.split("に基づく")[-1] if "に基づく" in title else title
    return f"{r['report_city']} {fmt.wareki_fy(int(r['report_fy']))} {short}"


__all__ = ["DataFileError", "ENV_VAR", "data_path", "report", "programs", "indicators", "overview",
           "article_rollup", "money_totals", "missed_targets", "procurement_share", "program_notes",
           "search", "source_title"]
