"""The peer catalogue for the pages: its cached tables, and the one link other pages add to it
("他都市の類似の取組", with the Kawasaki article and keywords in the query parameters)."""

from __future__ import annotations

import functools

import streamlit as st

from kpi import peers as kp
from ui import state
from ui.i18n import t

PEERS_PAGE = "app_pages/7_page_peers.py"


@st.cache_data(show_spinner=False)
def _load(path: str, mtime: float, size: int) -> kp.Peers:
    return kp.read_peers(path)


def load_peers() -> kp.Peers:
    """The peer tables (kpi.peers.read_peers), cached on the file's identity; DataFileError if unusable."""
    path = kp.DEFAULT_PEERS
    try:
        stat = path.stat()
    except OSError:
        return kp.read_peers(path)  # raises the friendly DataFileError
    return _load(str(path), stat.st_mtime, stat.st_size)


@functools.lru_cache(maxsize=1024)
def _keywords(names: tuple[str, ...]) -> tuple[str, ...]:
    """kpi.peers.keywords_for of the names, worked out once per names (a page shows the link on every rerun)."""
    return tuple(kp.keywords_for(*names))


def link_params(article_no, *names: str) -> dict[str, str]:
    """?article=15&kw=事業承継 事業継続 (keywords from Kawasaki program/indicator names), with the sidebar's settings."""
    out = dict(state.global_params())
    if article_no is not None:
        out["article"] = str(int(article_no))
    kw = _keywords(tuple(n for n in names if n))
    if kw:
        out["kw"] = " ".join(kw[:8])
    return out


def peers_link(article_no, *names: str, lang: str = "ja") -> None:
    """The link "他都市の類似の取組" to the peer page: peer activities of this article, best keyword matches first."""
    state.page_link(PEERS_PAGE, t("peers_link", lang), link_params(article_no, *names), icon=":material/travel_explore:")
