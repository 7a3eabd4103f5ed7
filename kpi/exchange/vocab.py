"""Value vocabularies of the exchange format: missing marks, flags, measures, stages, directions,
units, and the folding used to match labels and names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from kpi import labels as kl
from kpi import vocab

# Missing-value marks: the build's (kpi.vocab.MISSING_MARKS) plus other dashes seen in typed sheets.
MISSING_MARKS = frozenset(vocab.MISSING_MARKS | {"ー", "−", "–", "‒", "─", "―", "‑"})
FLAG_TRUE = ("○", "〇", "◯", "●", "◎", "1", "true", "yes", "y", "はい", "✓", "✔")
FLAG_FALSE = ("", "×", "✕", "0", "false", "no", "n", "いいえ")
MEASURE_LABELS = {m: ja for m, (ja, _en) in kl.MONEY_MEASURES.items()}  # 当年度予算 …
STAGE_LABELS = {  # year-free labels for the template (kpi.labels' plan_next heading names a year)
    "plan": "事業計画(Plan)", "main_actions": "主な取組", "do": "実施状況(Do)", "check": "検証意見(Check)",
    "action": "対応(Action)", "plan_next": "翌年度の事業計画", "summary_actual": "当年度の実績",
    "summary_next": "翌年度の概要", "footnote": "注記",
}
DIRECTION_LABELS = {"higher": "高いほど良い", "lower": "低いほど良い"}
UNIT_ALIASES = {"件数": "件", "パーセント": "%"}
CITY_FORBIDDEN = re.compile(r"[\\/:*?\"<>|\x00-\x1f]")

# Characters never accepted in any cell: C0/C1 controls (tab and line breaks aside in text) and
# characters that change how text is shown without being seen (zero-width, bidi controls).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
INVISIBLE_CHARS = re.compile(r"[\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\ufff9-\ufffb]")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _token(text: str) -> str:
    """A label for matching: NFKC, no spaces or brackets, lower case."""
    return re.sub(r"[\s()（）「」\[\]]", "", nfkc(str(text))).lower()


def _vocabulary(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {_token(label): key for label, key in pairs}


_MEASURES = _vocabulary([*((ja, m) for m, ja in MEASURE_LABELS.items()), *((m, m) for m in MEASURE_LABELS),
                         *((en, m) for m, (_ja, en) in kl.MONEY_MEASURES.items())])
_STAGES = _vocabulary([*((ja, s) for s, ja in STAGE_LABELS.items()), *((s, s) for s in STAGE_LABELS),
                       *((ja, s) for s, (ja, _en) in kl.STAGES.items() if s != "plan_next"),
                       ("Plan", "plan"), ("Do", "do"), ("Check", "check"), ("Action", "action")])
_DIRECTIONS = _vocabulary([*((ja, d) for d, ja in DIRECTION_LABELS.items()), ("higher", "higher"), ("lower", "lower"),
                           ("大きいほど良い", "higher"), ("小さいほど良い", "lower")])

