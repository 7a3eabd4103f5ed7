"""Japanese display helpers: money in 千円/百万円/億円, 平成/令和 fiscal years (April–March)."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from kpi.vocab import MONEY_DECIMALS, MONEY_UNITS, MONEY_UNITS_EN  # noqa: F401  (declared in kpi.vocab)

# Era start years: year N of the era is (start + N − 1). Fiscal years take the era in force on 1 April,
# except FY2019, which Japanese public documents call 令和元年度 (the era changed on 1 May 2019).
ERAS = (("令和", 2019), ("平成", 1989), ("昭和", 1926))


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is getattr(__import__("pandas"), "NA")


def convert_kyen(value_kyen: float | int | None, unit: str = "千円") -> float | None:
    """An amount in 千円 converted to `unit` (千円, 百万円, 億円)."""
    if unit not in MONEY_UNITS:
        raise ValueError(f"unknown money unit {unit!r}; one of {', '.join(MONEY_UNITS)}")
    if _missing(value_kyen):
        return None
    return float(value_kyen) / MONEY_UNITS[unit]


def format_money(value_kyen: float | int | None, unit: str = "千円", lang: str = "ja", signed: bool = False,
                 missing: str = "—") -> str:
    """'10,220千円', '10.2百万円', '238.96億円' (en: '10,220 thousand yen'); missing values as —."""
    v = convert_kyen(value_kyen, unit)
    if v is None:
        return missing
    d = MONEY_DECIMALS[unit]
    v = round(v, d) + 0.0  # the money rule (money_value); + 0.0: a small negative that rounds to zero prints as 0, never -0
    text = f"{v:+,.{d}f}" if signed else f"{v:,.{d}f}"
    return f"{text}{unit}" if lang == "ja" else f"{text} {MONEY_UNITS_EN[unit]}"


# ----------------------------------------------------------------------------- rounding rules
# One rule per kind of number, used by pages, charts, tables, CSV/XLSX exports and slide notes alike:
#   money        converted to the chosen unit (千円/百万円/億円) and rounded to MONEY_DECIMALS[unit];
#   attainment   rounded DOWN to ATTAINMENT_DECIMALS (14/31 = 45.16… % → 45.1 %), so a printed rate never
#                reaches a status threshold its value does not (99.96 % → 99.9 %, never 100.0 % beside 概ね達成);
#   other %      (execution rate, change %, local-SME share) rounded to PCT_DECIMALS;
#   quantities   (targets, actuals, counts) as the report prints them: whole numbers with no decimals
#                (20, never 20.0), others with at most QUANTITY_DECIMALS, thousands separated on screen.
ATTAINMENT_DECIMALS = 1
PCT_DECIMALS = 1
QUANTITY_DECIMALS = 2


def money_value(value_kyen: float | int | None, unit: str = "千円") -> float | None:
    """An amount in 千円 as the number shown in `unit` (rounded to that unit's decimals)."""
    v = convert_kyen(value_kyen, unit)
    return None if v is None else round(v, MONEY_DECIMALS[unit]) + 0.0


def attainment_value(value: float | None, decimals: int = ATTAINMENT_DECIMALS) -> float | None:
    """An attainment rate as the number shown: rounded down to `decimals`."""
    if _missing(value):
        return None
    k = 10 ** decimals
    return math.floor(float(value) * k + 1e-9) / k + 0.0


def pct_value(value: float | None, decimals: int = PCT_DECIMALS) -> float | None:
    """Any other percentage as the number shown: rounded to `decimals`."""
    return None if _missing(value) else round(float(value), decimals) + 0.0


def quantity_value(value: float | int | None) -> int | float | None:
    """A target, actual or count as the number shown: an int when whole, else at most QUANTITY_DECIMALS."""
    if _missing(value):
        return None
    v = round(float(value), QUANTITY_DECIMALS) + 0.0
    return int(v) if v.is_integer() else v


def format_quantity(value: float | int | None, missing: str = "—") -> str:
    """'1,300', '97', '2.5' (a whole number never prints as '20.0')."""
    v = quantity_value(value)
    if v is None:
        return missing
    return f"{v:,}" if isinstance(v, int) else f"{v:,.{QUANTITY_DECIMALS}f}".rstrip("0").rstrip(".")


def format_number(value: float | int | None, decimals: int = 0, missing: str = "—", signed: bool = False) -> str:
    """A plain number with thousands separators and fixed decimals: '40,123' (for inline `{x:,.0f}`);
    `signed`: '+1,234' / '-56'."""
    return missing if _missing(value) else f"{float(value):{'+' if signed else ''},.{decimals}f}"


def format_pct(value: float | None, decimals: int = PCT_DECIMALS, signed: bool = False, missing: str = "—") -> str:
    if _missing(value):
        return missing
    value = round(value, decimals) + 0.0
    return f"{value:+.{decimals}f}%" if signed else f"{value:.{decimals}f}%"


def format_attainment(value: float | None, decimals: int = ATTAINMENT_DECIMALS, missing: str = "—") -> str:
    """An attainment rate rounded down (see the rounding rules above): '45.1%' for 14/31."""
    v = attainment_value(value, decimals)
    return missing if v is None else f"{v:.{decimals}f}%"


# ----------------------------------------------------------------------------- fiscal years
# One family: wareki_fy (平成28年度), era_abbr (H28), fy_long (平成28年度 / FY2016), fy_abbr (H28 / FY2016),
# fy_label (a style in one language), fy_text (the presenter's style: 平成28年度 / 2016年度 / FY2016 (H28) / FY2016).
ERA_LETTERS = {"平成": "H", "令和": "R", "昭和": "S"}


def wareki_fy(fy: int) -> str:
    """Western fiscal year → '平成28年度' (2016), '令和元年度' (2019)."""
    for era, start in ERAS:
        if fy >= start:
            n = fy - start + 1
            return f"{era}{'元' if n == 1 else n}年度"
    raise ValueError(f"fiscal year {fy} is before 昭和")


def era_abbr(fy: int) -> str:
    """'H28' (2016), 'R1' (2019)."""
    w = wareki_fy(fy)
    return f"{ERA_LETTERS.get(w[:2], w[:2])}{w[2:].removesuffix('年度').replace('元', '1')}"


def western_fy(fy: int, lang: str = "ja") -> str:
    """'2016年度' in Japanese, 'FY2016' in English."""
    return f"{fy}年度" if lang == "ja" else f"FY{fy}"


def fy_long(fy: int, lang: str = "ja") -> str:
    """'平成28年度' in Japanese, 'FY2016' in English."""
    return wareki_fy(fy) if lang == "ja" else western_fy(fy, lang)


def fy_abbr(fy: int, lang: str = "ja") -> str:
    """A fiscal year in running text: 'H28' (R1 …) in Japanese, 'FY2016' in English."""
    return era_abbr(fy) if lang == "ja" else western_fy(fy, lang)


def fy_label(fy: int, style: str = "wareki", lang: str = "ja") -> str:
    """'平成28年度' (wareki) or 'FY2016' / '2016年度' (western)."""
    return wareki_fy(fy) if style == "wareki" else western_fy(fy, lang)


def fy_text(fy: int, lang: str, style: str) -> str:
    """A fiscal year in the chosen style: 平成28年度 / 2016年度 in Japanese; FY2016 (H28) / FY2016 in English
    (English text always leads with FY2016)."""
    if lang != "ja" and style == "wareki":
        return f"{western_fy(fy, lang)} ({era_abbr(fy)})"
    return fy_label(fy, style, lang)


def parse_fy(text: str) -> int:
    """'平成28年度', '平成 28 年度', 'H28', '令和元年度', 'R2', '2016年度', 'FY2016', '2016 (28) 年度' → Western year."""
    t = unicodedata.normalize("NFKC", text).replace(" ", "")
    if m := re.search(r"(20\d\d|19\d\d)", t):
        return int(m.group(1))
    abbrev = {"H": "平成", "R": "令和", "S": "昭和"}
    m = re.match(r"^(平成|令和|昭和|[HRS])(元|\d+)(?:年度?)?$", t)
    if not m:
        raise ValueError(f"not a fiscal year: {text!r}")
    era = abbrev.get(m.group(1), m.group(1))
    n = 1 if m.group(2) == "元" else int(m.group(2))
    start = dict(ERAS)[era]
    return start + n - 1


def fy_period(fy: int) -> tuple[dt.date, dt.date]:
    """Japanese fiscal year: 1 April fy – 31 March fy+1."""
    return dt.date(fy, 4, 1), dt.date(fy + 1, 3, 31)


def fy_of_date(d: dt.date) -> int:
    return d.year if d.month >= 4 else d.year - 1
