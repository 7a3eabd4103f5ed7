"""The money scope, declared once: which programs a default money total, chart, table or export covers.

Two programs dwarf the rest and would make every total and chart about them:
間接融資事業 (a loan-fund deposit of about ¥23.9 billion) and 新川崎・創造のもり推進事業, whose FY2016
budget includes the one-off cost of the AIRBIC research facility (about ¥4.04 billion; its FY2017
budget is ¥76 million). By default both are left out of every money total and chart; a reader can
include either (the URL keeps the choice), and every surface states what it leaves out and what the
total would be with them. Counts and attainment always cover every program."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

LOAN_FUND = "間接融資事業"  # the loan-fund deposit
AIRBIC = "新川崎・創造のもり推進事業"  # the program whose FY2016 budget holds the AIRBIC facility cost

# name → (reason ja, reason en); the order is the order they are named in.
SCALE_OUTLIERS: dict[str, tuple[str, str]] = {
    LOAN_FUND: ("融資原資の預託金（約239億円）で、他の事業と規模が桁違い",
                "A loan-fund deposit (about ¥23.9 billion), orders of magnitude above any other program"),
    AIRBIC: ("H28予算に産学交流・研究開発施設（AIRBIC）整備の一時的な費用（約40億円）を含む",
                       "Its FY2016 budget includes a one-off facility cost (AIRBIC, about ¥4.0 billion)"),
}
# The URL parameter (?loan=1, ?airbic=1) of each program's "include it" toggle, the same on every page.
URL_KEYS: dict[str, str] = {"loan": LOAN_FUND, "airbic": AIRBIC}
# The program whose one-off FY2016 cost explains most of the FY2016 → FY2017 budget drop when included.
ONE_OFF = AIRBIC
DEFAULT_INCLUDED: tuple[str, ...] = ()  # the default scope leaves every scale outlier out


def reason(name: str, lang: str = "ja") -> str:
    """Why `name` is left out by default (empty for a program that is not a scale outlier)."""
    r = SCALE_OUTLIERS.get(name)
    return "" if r is None else r[0 if lang == "ja" else 1]


def excluded(present: Iterable[str], include: Mapping[str, bool] | None = None) -> tuple[str, ...]:
    """The programs a money figure leaves out: every scale outlier present in the report, unless
    `include` (URL key → bool) asks for it. With no `include`, the default scope."""
    include = include or {}
    have = set(present)
    return tuple(name for key, name in URL_KEYS.items()
                 if name in have and not include.get(key, name in DEFAULT_INCLUDED))


def default_excluded(present: Iterable[str]) -> tuple[str, ...]:
    """The default scope's exclusions among the programs of a report."""
    return excluded(present)
