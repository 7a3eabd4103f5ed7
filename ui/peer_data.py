"""Cached access to the peer catalogue for the peer page: kpi.peers computes, this keeps the results
(shared by every session, never pickled, each caller given a shallow copy: ui.data's loader pattern),
and what the page shows of them (`view`, `ours`: labelled frames and labels, which the page keeps with
ui.views.kept under the catalogue file's identity and its filters).

Every loader is keyed on the catalogue file's identity (path, mtime, size), so a rebuilt
data/peers.parquet is seen without restarting the server, and on the page's filter values."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import streamlit as st

from kpi import peers as kp
from ui import data, frames, i18n, safe
from ui.data import _shared
from ui.i18n import t
from ui.state import Prefs

Identity = tuple[str, float, int]


def identity() -> Identity:
    """The catalogue file's identity; DataFileError (kpi.peers.read_peers') when it is missing."""
    path = kp.DEFAULT_PEERS
    try:
        stat = path.stat()
    except OSError:
        kp.read_peers(path)  # raises the friendly DataFileError
        raise
    return (str(path), stat.st_mtime, stat.st_size)


@_shared(max_entries=2)
def _catalogue(ident: Identity) -> kp.Catalogue:
    return kp.catalogue(kp.read_peers(ident[0]))


def catalogue() -> kp.Catalogue:
    """kpi.peers.catalogue of data/peers.parquet; DataFileError when the file is unusable."""
    return _catalogue(identity())


@_shared(max_entries=64)
def _rows(ident: Identity, article, cities: tuple, years: tuple, statuses: tuple, query: str, keywords: tuple) -> pd.DataFrame:
    return kp.select(_catalogue(ident), article, cities, years, statuses, query, keywords)


def rows(article=None, cities=(), years=(), statuses=(), query: str = "", keywords=()) -> pd.DataFrame:
    """kpi.peers.select: the activities the page's filters, search and keywords choose."""
    return _rows(identity(), article, tuple(cities), tuple(years), tuple(statuses), query or "", tuple(keywords))


@_shared(max_entries=64)
def _timeline(ident: Identity, program_id: str) -> pd.DataFrame:
    return kp.timeline(_catalogue(ident).peers.activities, program_id)


def timeline(program_id: str) -> pd.DataFrame:
    """kpi.peers.timeline of a recurring program, with `verbatim_of`."""
    return _timeline(identity(), program_id)


def view(p: Prefs, art, cities: tuple, years: tuple, statuses: tuple, query: str, keywords: tuple) -> SimpleNamespace:
    """What the page shows of the activities its filters choose (`rows`): the labelled table (None when
    there are none), its column config, and the passage picker's options with each entry's document,
    lines and recurring program."""
    found = rows(art, cities, years, statuses, query, keywords)
    ids = found["activity_id"].tolist()
    entries = dict(zip(ids, zip(found["doc_id"].tolist(), found["source_line"].tolist(), found["last_line"].tolist(),
                                found["program_id"].tolist(), found["program_label"].tolist())))
    labels = {i: f"{i}｜{a}｜{str(x)[:40]}" for i, a, x in zip(ids, found["actor_name"].tolist(), found["text"].tolist())}
    table = frames.peer_activities(found, p, catalogue().frameworks, scored=bool(keywords)) if ids else None
    return SimpleNamespace(n=len(ids), table=table, ids=ids, labels=labels, entries=entries,
                           config={t("peers_col_text", p.lang): st.column_config.TextColumn(width="large")})


def ours(p: Prefs, art: int) -> SimpleNamespace:
    """Kawasaki's programs of article `art` beside the peers' activities, and the article's caption."""
    progs = data.programs(p.key)
    articles = data.report(p.key).articles
    titles = dict(zip(articles["article_no"].tolist(), articles["article_title"].tolist()))
    caption = f"{i18n.article_label(art, p.lang)} {titles.get(art, '')}（{p.key[0]} {p.fy(p.report_fy)}）"
    return SimpleNamespace(table=frames.our_programs(progs[progs["article_no"] == art], p.lang), caption=safe.md_escape(caption))
