"""Attainment status: thresholds, labels (ja/en), colours and icons, defined once."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NEAR_MISS_THRESHOLD_PCT = 90.0  # 概ね達成 from this attainment (%) up to, not including, 100 %
ACHIEVED_PCT = 100.0  # 達成 from this attainment (%)


@dataclass(frozen=True)
class Status:
    key: str
    ja: str
    en: str
    color: str  # Okabe–Ito palette: distinguishable with colour-vision deficiency
    icon: str  # the mark Japanese public documents print (○ △ × －): plain text, no emoji font needed
    order: int

    def label(self, lang: str = "ja") -> str:
        return self.ja if lang == "ja" else self.en


ACHIEVED = Status("achieved", "達成", "Achieved", "#0072B2", "○", 0)
NEAR_MISS = Status("near_miss", "概ね達成", "Near miss", "#E69F00", "△", 1)
MISSED = Status("missed", "未達成", "Missed", "#D55E00", "×", 2)
NOT_EVALUABLE = Status("not_evaluable", "評価不能", "Not evaluable", "#999999", "－", 3)

STATUSES: tuple[Status, ...] = (ACHIEVED, NEAR_MISS, MISSED, NOT_EVALUABLE)
BY_KEY: dict[str, Status] = {s.key: s for s in STATUSES}


def status_keys(attainment_pct, near_miss_pct: float = NEAR_MISS_THRESHOLD_PCT) -> np.ndarray:
    """Status keys of attainment rates (an array; NaN → not evaluable): the one place the thresholds apply."""
    rate = np.asarray(attainment_pct, dtype=float)
    return np.select([rate >= ACHIEVED_PCT, rate >= near_miss_pct, ~np.isnan(rate)],
                     [ACHIEVED.key, NEAR_MISS.key, MISSED.key], NOT_EVALUABLE.key).astype(object)


def status_for(attainment_pct: float | None, near_miss_pct: float = NEAR_MISS_THRESHOLD_PCT) -> Status:
    """The status of one attainment rate (None/NaN → not evaluable)."""
    rate = np.nan if attainment_pct is None else attainment_pct
    return BY_KEY[status_keys(np.atleast_1d(rate), near_miss_pct)[0]]
