"""Cached access to the reports and to the kpi measures: the only place pages get numbers from.

The data are the built dataset (`data/kawasaki_h28.parquet`, or the path in the environment variable
KAWASAKI_DATA; tests point it at a broken, hostile or multi-report folder) plus every report accepted
beside it (`reports/*.parquet`, see kpi.store). Every loader is keyed on all those files' identities
(path, mtime, size), so an accepted, replaced or removed report is seen without restarting the server.

Several reports: every loader of one report takes its key (city, fiscal year) as its first argument
(`report(p.key)`, `indicators(p.key)`, …); the pages get the key chosen in the sidebar from
`ui.state.prefs()`. Nothing here reads the session or the URL. `default_key()` is the newest report
of the dataset's city. `all_reports()` and the trend loaders see every report.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from kpi import metrics, notes, rollup, store, trends
from kpi.io import DataFileError, Report
from ui import run

ENV_VAR = store.ENV_VAR
FilesKey = tuple[store.FileIdentity, ...]
Key = tuple[str, int]  # (city, fiscal year): the report key every loader takes


def _fresh(value):
    """A caller's own view of a shared cached value. A frame: a shallow copy (≈0.1 ms; with pandas'
    copy-on-write a page can add or change columns of its copy without touching the shared one).
    A Report is handed out as it is (copying its 13 tables cost ≈0.5 ms a call, several calls a
    rerun): it is frozen, and its tables are only read (filtered, merged, assigned into new frames)
    by the pages and ui modules; tests/test_data.py runs every page and checks that the shared report
    is unchanged. Change one of its tables in place only on a `.copy()`."""
    if isinstance(value, pd.DataFrame):
        return value.copy(deep=False)
    return value


_STORES: list[run.Kept] = []  # every loader's store (clear() empties them)


def _shared(max_entries: int):
    """One object per arguments shared by every session, never pickled, each call handed
    `_fresh(value)`; st.cache_data would unpickle a full copy of every frame on every call.

    The arguments are plain hashable values (the data files' identity, the report key, filters), so
    the value is looked up by their Python hash in a process-wide store (ui.run.Kept, at most
    `max_entries`, least recently used dropped first): st.cache_resource hashed them anew on every
    call (≈0.2–0.4 ms a loader a run). Within one script run a repeated call is served from the run's
    memo (ui.run)."""
    def decorate(fn):
        kept = run.Kept(max_entries)
        _STORES.append(kept)
        name = fn.__qualname__

        @functools.wraps(fn)
        def call(*args, **kwargs):
            key = (name, args, tuple(kwargs.items()))
            return _fresh(run.once(key, lambda: kept.get(key, lambda: fn(*args, **kwargs))))

        call.clear = kept.clear
        return call

    return decorate


def clear() -> None:
    """Forget every loaded value (tests; the loaders key on the files' identity, so a changed file is
    read again without it)."""
    for kept in _STORES:
        kept.clear()


def data_path() -> Path:
    """The built dataset this run reads."""
    return store.base_path()


def files_key() -> FilesKey:
    """Identity of the dataset and of every accepted report; DataFileError when the dataset is unusable.
    Stat'ed once per script run (ui.run): a report accepted meanwhile is seen on the next run."""
    return run.once("files_key", lambda: store.identity(data_path()))


@_shared(max_entries=4)
def _loaded(key: FilesKey) -> store.Loaded:
    return store.load_reports(Path(key[0][0]))


@_shared(max_entries=4)
def _catalog(key: FilesKey) -> tuple[dict[Key, str], tuple[store.Problem, ...]]:
    """The loaded reports' keys and files, and the problems (shared: callers only read them)."""
    loaded = _loaded(key)
    return {k: str(p) for k, p in loaded.files.items()}, loaded.problems


def _this_catalog() -> tuple[dict[Key, str], tuple[store.Problem, ...]]:
    """_catalog of this run's files, read once per run (its callers only read it)."""
    return run.once("catalog", lambda: _catalog(files_key()))


def all_reports() -> Report:
    """Every loaded report as one Report (DataFileError when the dataset is unusable)."""
    return _loaded(files_key()).report


def load_problems() -> tuple[store.Problem, ...]:
    """Accepted report files that could not be loaded (the others are shown)."""
    return _this_catalog()[1]


def report_keys() -> list[Key]:
    """(city, fiscal year) of every loaded report, in order (DataFileError when the dataset is unusable)."""
    return list(_this_catalog()[0])


def key_param(key: Key) -> str:
    """'川崎市-2017': a report key as the URL writes it."""
    return f"{key[0]}-{key[1]}"


def parse_key_param(text: str | None) -> Key | None:
    if not text or "-" not in str(text):
        return None
    city, _, fy = str(text).rpartition("-")
    return (city, int(fy)) if fy.isdigit() else None


def default_key() -> Key:
    """The newest report of the built dataset's city (the only report when one is loaded)."""
    return run.once("default_key", lambda: _default_key(files_key()))


@_shared(max_entries=4)
def _default_key(key: FilesKey) -> Key:
    """default_key of these files, worked out once for all sessions (a scan of every report: with a
    thousand reports it cost ≈ 18 ms a rerun when each key asked for the dataset's city anew)."""
    files = _catalog(key)[0]
    base = key[0][0]  # the dataset's own path (kpi.store.identity lists it first)
    city = next((k[0] for k, p in files.items() if p == base), next(iter(files))[0])
    keys = list(files)
    mine = [k for k in keys if k[0] == city] or keys
    return max(mine, key=lambda k: k[1])


def report_file(sel: Key) -> Path:
    """The file the report `sel` was read from."""
    return Path(_this_catalog()[0][sel])


@_shared(max_entries=8)
def _report(key: FilesKey, sel: Key) -> Report:
    return _loaded(key).report.select(*sel)


def report(sel: Key) -> Report:
    """The report `sel` (raises DataFileError when the dataset is unusable)."""
    return _report(files_key(), sel)


@_shared(max_entries=8)
def _programs(key: FilesKey, sel: Key) -> pd.DataFrame:
    return metrics.programs(_report(key, sel))


def programs(sel: Key) -> pd.DataFrame:
    """kpi.metrics.programs: one row per program with money, change and execution rate."""
    return _programs(files_key(), sel)


@_shared(max_entries=8)
def _indicators(key: FilesKey, sel: Key) -> pd.DataFrame:
    return metrics.indicators(_report(key, sel))


def indicators(sel: Key) -> pd.DataFrame:
    """kpi.metrics.indicators: one row per program × indicator × fiscal year."""
    return _indicators(files_key(), sel)


def present(sel: Key, names: tuple[str, ...]) -> tuple[str, ...]:
    """The names among `names` that are programs of the report `sel` (to exclude only what exists)."""
    def find() -> tuple[str, ...]:
        have = set(programs(sel)["program_name"].astype(str))
        return tuple(n for n in names if n in have)

    return run.once(("present", sel, tuple(names)), find)


@_shared(max_entries=16)
def _overview(key: FilesKey, sel: Key, fiscal_year: int | None, exclude: tuple[str, ...]) -> dict:
    return metrics.overview(_report(key, sel), fiscal_year, exclude)


def overview(sel: Key, fiscal_year: int | None = None, exclude: tuple[str, ...] | None = None) -> dict:
    """kpi.metrics.overview: headline counts and money totals (`exclude` None: the default money
    scope of kpi.scope). Shared by every session: read it, do not change it."""
    if exclude is None:
        from kpi import scope

        exclude = scope.default_excluded(programs(sel)["program_name"].astype(str))
    return _overview(files_key(), sel, fiscal_year, tuple(exclude))


@_shared(max_entries=16)
def _article_rollup(key: FilesKey, sel: Key, fiscal_year: int | None, exclude: tuple[str, ...]) -> pd.DataFrame:
    # kpi.rollup's DuckDB path (the same frame as kpi.metrics.article_rollup): ≈2× faster already on
    # the one shipped report, ≈3× on 1,000 reports
    return rollup.article_rollup(_report(key, sel), fiscal_year, exclude)


def article_rollup(sel: Key, fiscal_year: int | None = None, exclude: tuple[str, ...] = ()) -> pd.DataFrame:
    """kpi.metrics.article_rollup: per article and a total row (article_no NA)."""
    return _article_rollup(files_key(), sel, fiscal_year, tuple(exclude))


@_shared(max_entries=16)
def _money_totals(key: FilesKey, sel: Key, exclude: tuple[str, ...], by: tuple[str, ...]) -> pd.DataFrame:
    # the pandas path over the cached programs frame: kpi.rollup.money_totals, which works the programs
    # out again from the report's tables, took 3× as long here on the shipped report and on 1,000 reports
    return metrics.money_totals(_programs(key, sel), exclude, by)


def money_totals(sel: Key, exclude: tuple[str, ...] = (), by: tuple[str, ...] = ()) -> pd.DataFrame:
    """kpi.metrics.money_totals over all programs."""
    return _money_totals(files_key(), sel, tuple(exclude), tuple(by))


@_shared(max_entries=16)
def _missed_targets(key: FilesKey, sel: Key, fiscal_year: int | None, statuses: tuple[str, ...]) -> pd.DataFrame:
    return metrics.missed_targets(_report(key, sel), fiscal_year, statuses)


def missed_targets(sel: Key, fiscal_year: int | None = None,
                   statuses: tuple[str, ...] = ("missed", "near_miss")) -> pd.DataFrame:
    """kpi.metrics.missed_targets: indicators below target with Check and Action text."""
    return _missed_targets(files_key(), sel, fiscal_year, tuple(statuses))


@_shared(max_entries=8)
def _procurement_share(key: FilesKey, sel: Key) -> pd.DataFrame:
    return metrics.procurement_share(_report(key, sel))


def procurement_share(sel: Key) -> pd.DataFrame:
    """kpi.metrics.procurement_share: 第19条 local-SME share of contract amounts (empty when the
    report has no procurement table, as an imported report has none)."""
    if report(sel).procurement.empty:
        return pd.DataFrame()
    return _procurement_share(files_key(), sel)


@_shared(max_entries=128)
def _program_notes(key: FilesKey, sel: Key, program_no: int | None, article_no: int | None) -> pd.DataFrame:
    return notes.program_notes(_report(key, sel), program_no, article_no)


def program_notes(sel: Key, program_no: int | None = None, article_no: int | None = None) -> pd.DataFrame:
    """kpi.notes.program_notes: a program's (or an article's own) notes in PDCA order."""
    return _program_notes(files_key(), sel, program_no, article_no)


@_shared(max_entries=64)
def _search(key: FilesKey, sel: Key, query: str) -> pd.DataFrame:
    return notes.search(_report(key, sel), query)


def search(sel: Key, query: str) -> pd.DataFrame:
    """kpi.notes.search: notes and council opinions containing every word of `query`."""
    return _search(files_key(), sel, query)


# --------------------------------------------------------------------------- trends (every report)
@_shared(max_entries=8)
def _attainment_trend(key: FilesKey, level: str) -> pd.DataFrame:
    return trends.attainment_by_year(_loaded(key).report, level)


def attainment_trend(level: str = "article") -> pd.DataFrame:
    """kpi.trends.attainment_by_year over every loaded report."""
    return _attainment_trend(files_key(), level)


@_shared(max_entries=16)
def _money_trend(key: FilesKey, level: str, exclude: tuple[str, ...]) -> pd.DataFrame:
    return trends.money_by_year(_loaded(key).report, level, exclude)


def money_trend(level: str = "article", exclude: tuple[str, ...] = ()) -> pd.DataFrame:
    """kpi.trends.money_by_year over every loaded report."""
    return _money_trend(files_key(), level, tuple(exclude))


def source_title(sel: Key, lang: str = "ja") -> str:
    """Short citation of the report `sel`, e.g. 「川崎市 平成28年度 中小企業活性化施策実施状況報告書」."""
    return _source_title(files_key(), sel)


@_shared(max_entries=8)
def _source_title(key: FilesKey, sel: Key) -> str:
    from kpi import fmt

    r = _report(key, sel).reports.iloc[0]
    title = str(r["report_title"])
    short = title.split("に基づく")[-1] if "に基づく" in title else title
    return f"{r['report_city']} {fmt.wareki_fy(int(r['report_fy']))} {short}"


__all__ = ["DataFileError", "ENV_VAR", "Key", "data_path", "report", "all_reports", "report_keys",
           "default_key", "load_problems", "programs", "indicators", "overview", "article_rollup", "money_totals",
           "missed_targets", "procurement_share", "program_notes", "search", "attainment_trend", "money_trend",
           "source_title"]
