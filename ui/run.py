"""Values worked out once per script run: the prefs (ui.state) and the data files' identity
(ui.data.files_key) are asked for dozens of times a rerun (every loader, every source label, every
figure key), and each answer costs a few file stats or session reads.

A value is kept on Streamlit's script run context, tagged with the object Streamlit makes afresh at
the start of every run, full or fragment (`ctx.parallel_coordinator`), so the next run (after a widget
change, or after a report was accepted on disk) works it out again. Outside a script run (bare calls,
tests calling a loader directly) nothing is kept: every call computes.

`Kept` is the process-wide counterpart (ui.figures, ui.source_view): values shared by every session
under a cheap key, without Streamlit's per-call argument hashing.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from streamlit.runtime.scriptrunner import get_script_run_ctx

T = TypeVar("T")
_ATTR = "_kw_run_memo"


def _memo() -> dict | None:
    """This run's memo, or None outside a script run."""
    ctx = get_script_run_ctx(suppress_warning=True)
    token = getattr(ctx, "parallel_coordinator", None) if ctx is not None else None
    if token is None:
        return None
    held = getattr(ctx, _ATTR, None)
    if held is None or held[0] is not token:  # a new run: forget the last one's values
        held = (token, {})
        setattr(ctx, _ATTR, held)
    return held[1]


def once(name: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` the first time `name` is asked for in this run, its kept value afterwards
    (an exception is not kept: the next call tries again)."""
    memo = _memo()
    if memo is None:
        return compute()
    if name not in memo:
        memo[name] = compute()
    return memo[name]


def forget(name: Hashable) -> None:
    """Drop `name`'s value for the rest of this run (its inputs changed during the run)."""
    memo = _memo()
    if memo is not None:
        memo.pop(name, None)


class Kept:
    """A process-wide store of at most `max_entries` values (least recently used dropped first), looked
    up by a plain hashable key's own Python hash: for values that st.cache_resource would hold, where
    Streamlit's hashing of a nested key on every call costs more than the lookup saves. The key must
    say everything that decides the value; values are shared by every session (read them only)."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._values: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Lock] = {}  # one lock per key being computed

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value kept under `key`, `compute()`d on first use. A key is computed by one caller at a
        time (others asking for it meanwhile wait for that value, so twenty sessions arriving at once
        read the data once), outside the store's lock (a slow build does not hold up other keys)."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            building = self._building.setdefault(key, threading.Lock())
        with building:
            with self._lock:
                if key in self._values:  # built while this caller waited
                    self._values.move_to_end(key)
                    return self._values[key]
            try:
                value = compute()
                with self._lock:
                    self._values[key] = value
                    while len(self._values) > self.max_entries:
                        self._values.popitem(last=False)
            finally:
                with self._lock:
                    self._building.pop(key, None)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
