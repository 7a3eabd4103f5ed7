"""Values worked out once per script run: the prefs (ui.state) and the data files' identity
(ui.data.files_key) are asked for dozens of times a rerun (every loader, every source label, every
figure key), and each answer costs a few file stats or session reads.

A value is kept on Streamlit's script run context, tagged with the object Streamlit makes afresh at
the start of every run, full or fragment (`ctx.parallel_coordinator`), so the next run (after a widget
change, or after a report was accepted on disk) works it out again. Outside a script run (bare calls,
tests calling a loader directly) nothing is kept: every call computes.
"""

from __future__ import annotations

from collections.abc import Callable
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


def once(name: str, compute: Callable[[], T]) -> T:
    """`compute()` the first time `name` is asked for in this run, its kept value afterwards
    (an exception is not kept: the next call tries again)."""
    memo = _memo()
    if memo is None:
        return compute()
    if name not in memo:
        memo[name] = compute()
    return memo[name]


def forget(name: str) -> None:
    """Drop `name`'s value for the rest of this run (its inputs changed during the run)."""
    memo = _memo()
    if memo is not None:
        memo.pop(name, None)
