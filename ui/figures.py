"""The figure cache: each ui.charts / ui.context_charts figure built once per cheap key and shared.

A figure is keyed as a view is (ui.views.key_of), by cheap values, never by hashing the frames it is drawn from:

- the builder (its code file and qualified name);
- ui.data.files_key() (the identities of the data files), and the prefs (which carry the shown report's key), so a page never
  gets a figure of data that has since changed;
- `options`: the page's own values that decide the frames (filters, level, scope, …), as the caller
  states them;
- every other argument that is not a frame (the prefs object, the source note, titles, flags);
- each frame's shape, a cheap guard only (the frame's content is decided by the values above).

Figures are kept in one process-wide store (ui.run.Kept: one object for every session, never pickled or
copied, as st.cache_resource would keep them, but looked up by the key's own Python hash: Streamlit's
cache hashed the nested key anew on every call, ≈1 ms a figure), at most MAX_ENTRIES of them, least
recently used dropped first, as SharedFigure: st.plotly_chart serialises a figure on every rerun through its
`to_dict()`, which deep-copies every trace (about 2/3 of the chart's per-rerun cost); a SharedFigure
makes that dict once. Callers must not modify a figure: show it, or export a copy (ui.export copies).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

import plotly.graph_objects as go

from ui import run, views

MAX_ENTRIES = 256


class SharedFigure(go.Figure):
    """A go.Figure that is not modified once built: `to_dict()` deep-copies it the first time only and
    then hands out that dict (each trace's top level copied, so st.plotly_chart removing a trace's uid
    touches nothing shared). The JSON Streamlit sends is the same as for the plain figure."""

    def to_dict(self) -> dict:
        made = self.__dict__.get("_made_dict")
        if made is None:
            made = super().to_dict()
            self.__dict__["_made_dict"] = made
        return {k: ([dict(t) for t in v] if k == "data" else v) for k, v in made.items()}


def shared(fig: go.Figure) -> SharedFigure:
    """`fig` itself, from now on a SharedFigure (no copy is made)."""
    if type(fig) is go.Figure:
        fig.__class__ = SharedFigure
    return fig


_KEPT = run.Kept(MAX_ENTRIES)


def figure(builder: Callable[..., go.Figure], options: Hashable, *args, **kwargs) -> go.Figure:
    """`builder(*args, **kwargs)`, built once per (builder, data files, `options`, the other arguments,
    among them the prefs, which carry the shown report's key) and shared. `options` holds the page's
    values that decided the frames passed in (e.g. `(article, year, statuses)`), or () when the frames
    follow from the report alone."""
    return _KEPT.get(views.key_of(builder, options, args, kwargs), lambda: shared(builder(*args, **kwargs)))


def clear() -> None:
    """Forget every kept figure (tests)."""
    _KEPT.clear()
