"""The figure cache: each ui.charts / ui.context_charts figure built once per cheap key and shared.

A figure is keyed by cheap values, never by hashing the frames it is drawn from:

- the builder's qualified name;
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

import dataclasses
from collections.abc import Callable, Hashable, Mapping

import pandas as pd
import plotly.graph_objects as go
from ui import data, run

MAX_ENTRIES = 256
_PLAIN = (str, int, float, bool, type(None))


def cheap_key(value) -> Hashable:
    """A hashable stand-in for one argument: plain values as they are, a frame by its shape, a frozen
    dataclass (the prefs object) by its fields, sequences and mappings item by item. Anything else is
    refused, so a caller cannot key a figure on something the cache cannot see."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, (pd.DataFrame, pd.Series, pd.Index)):
        return ("frame", type(value).__name__, value.shape)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__qualname__, *(cheap_key(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, (tuple, list)):
        return tuple(cheap_key(v) for v in value)
    if isinstance(value, Mapping):
        return tuple((k, cheap_key(v)) for k, v in value.items())
    raise TypeError(f"ui.figures cannot key a figure on a {type(value).__name__}; pass the values it comes from in `options`")


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
    key = (f"{builder.__module__}.{builder.__qualname__}", data.files_key(),
           cheap_key(options), cheap_key(args), cheap_key(sorted(kwargs.items())))
    return _KEPT.get(key, lambda: shared(builder(*args, **kwargs)))


def clear() -> None:
    """Forget every kept figure (tests)."""
    _KEPT.clear()
