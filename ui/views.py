"""Views: what a page builds from the data for its screen (labelled frames, figures, the source
pickers' references), built once per cheap key and shared by every session.

A view is keyed by cheap values, never by hashing the frames it is built from:

- the builder: its code file and qualified name (a function defined in a page file is new on every
  run, and every page file runs as `__main__`, so the name alone would not tell two pages apart);
- ui.data.files_key() (the identities of the data files), and the prefs (which carry the shown
  report's key), so a page never gets a view of data that has since changed;
- `options`: the page's own values that decide the inputs (filters, level, scope, …), as the caller
  states them;
- every other argument that is not a frame (the prefs object, source notes, titles, flags);
- each frame's shape, a cheap guard only (the frame's content is decided by the values above).

Values are kept in one process-wide store (ui.run.Kept: never pickled or copied, looked up by the
key's own Python hash), at most MAX_ENTRIES of them, least recently used dropped first. Callers must
not modify what they get: show it, or copy it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Mapping
from typing import TypeVar

import pandas as pd

from ui import data, run

T = TypeVar("T")
MAX_ENTRIES = 512
_PLAIN = (str, int, float, bool, type(None))


def cheap_key(value) -> Hashable:
    """A hashable stand-in for one argument: plain values as they are, a frame by its shape, a frozen
    dataclass (the prefs object) by its fields, sequences and mappings item by item. Anything else is
    refused, so a caller cannot key a view on something the cache cannot see."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, (pd.DataFrame, pd.Series, pd.Index)):
        return ("frame", type(value).__name__, value.shape)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__qualname__, *(cheap_key(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, (tuple, list, frozenset)):
        return tuple(cheap_key(v) for v in (sorted(value, key=repr) if isinstance(value, frozenset) else value))
    if isinstance(value, Mapping):
        return tuple((k, cheap_key(v)) for k, v in value.items())
    raise TypeError(f"ui.views cannot key a view on a {type(value).__name__}; pass the values it comes from in `options`")


def builder_name(builder: Callable) -> str:
    """'<code file>:<module>.<qualified name>' of a function (the file tells page functions apart)."""
    code = getattr(builder, "__code__", None)
    where = code.co_filename if code is not None else ""
    return f"{where}:{builder.__module__}.{builder.__qualname__}"


def key_of(builder: Callable, options: Hashable, args: tuple, kwargs: Mapping) -> Hashable:
    """The cache key of `builder(*args, **kwargs)` under `options` (see the module docstring)."""
    return (builder_name(builder), data.files_key(), cheap_key(options), cheap_key(args), cheap_key(sorted(kwargs.items())))


_KEPT = run.Kept(MAX_ENTRIES)


def kept(builder: Callable[..., T], options: Hashable, *args, **kwargs) -> T:
    """`builder(*args, **kwargs)`, built once per (builder, data files, `options`, the other arguments,
    among them the prefs, which carry the shown report's key) and shared. `options` holds the page's
    values that decided the frames passed in (e.g. `(article, year, statuses)`), or () when the inputs
    follow from the prefs alone (a builder that loads its own data from ui.data with `p.key`)."""
    return _KEPT.get(key_of(builder, options, args, kwargs), lambda: builder(*args, **kwargs))


def clear() -> None:
    """Forget every kept view (tests)."""
    _KEPT.clear()
