"""Cached access to the peer catalogue for the peer page: kpi.peers computes, this keeps the results
(shared by every session, never pickled, each caller given a shallow copy: ui.data's loader pattern).

Every loader is keyed on the catalogue file's identity (path, mtime, size), so a rebuilt
data/peers.parquet is seen without restarting the server, and on the page's filter values."""

from __future__ import annotations

import pandas as pd

from kpi import peers as kp
from ui.data import _shared

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
