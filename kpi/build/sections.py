"""Parsers of the report's parts outside the program blocks: the council opinions opening section 4,
第19条's procurement table, and section 2's context figures and survey table."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from kpi.build.source import HERE, BuildError, Source
from kpi.source import cells, find_line, find_prefix, is_separator, join_wrapped, strip_markup
from kpi.vocab import CATEGORIES


# ---------------------------------------------------------------- section 4 opening: council opinions


def opinions(src: Source) -> list[dict]:
    out = []
    groups = (("cross_cutting", "○各事業に横断的に関わる施策等の改善の意見"), ("other", "○その他、検証対象事業等に関する産業振興協議会での意見"))
    for group, heading in groups:
        no = find_line(src, heading) + 1
        seq = 0
        while not src.line(no).startswith("|"):
            no += 1
        while src.line(no).startswith("|"):
            raw = src.line(no)
            cs = cells(raw)
            if not is_separator(raw) and cs[0] != "改善等意見":
                seq += 1
                out.append({"opinion_group": group, "seq": seq, "opinion": join_wrapped(strip_markup(cs[0])),
                            "response": join_wrapped(strip_markup(cs[1])), "source_line": no})
            no += 1
    return out


# ---------------------------------------------------------------- 第19条 procurement

PRINTED_FIRM_CLASSES = {"市大企業": "local_large", "市内大企業": "local_large", "中小企業": "local_sme", "その他": "other",
                "準市内・市外": "outside", "契約実績合計": "total"}  # printed row head → kpi.vocab.FIRM_CLASSES


def procurement(src: Source, start: int, end: int) -> tuple[list[dict], int, int]:
    """The 規模等・種別契約実績 table: values, and the printed change rows. Returns rows and the table's line span."""
    head = find_prefix(src, "【規模等・種別契約実績割合", start, end)
    no = head + 1
    while not src.line(no).startswith("|"):
        no += 1
    first = no
    out = []
    year = None
    change_kind = None
    while no < end and src.line(no).startswith("|"):
        raw = src.line(no)
        cs = cells(raw)
        no += 1
        if is_separator(raw) or cs[0] == "年度" or cs[0] == "" and cs[1] == "" and "契約件数" in raw:
            continue
        if m := re.match(r"平成\s*(\d+)\s*年度", cs[0]):
            year = 1988 + int(m.group(1))
        label = re.sub(r"\s+", "", cs[1])
        line = no - 1
        if label == "市内中小企業契約金額増減" or (label == "" and change_kind == "change_myen"):
            change_kind = "change_myen" if label else "change_pct"
            vals = [c for c in cs[2:] if c]
            if len(vals) != 4:
                raise BuildError(f"line {line}: procurement change row: expected 4 values, got {vals}")
            for cat, printed in zip(CATEGORIES, vals):
                unit = "百万円" if change_kind == "change_myen" else "%"
                n = src.number(printed.replace("百万円", "").replace("%", ""), line, f"procurement {change_kind} {cat}")
                out.append({"fiscal_year": year, "firm_class": "local_sme", "category": cat, "measure": change_kind,
                            "value": float(n.value), "unit": unit, "printed": printed, "source_line": line})
            continue
        if label not in PRINTED_FIRM_CLASSES:
            raise BuildError(f"line {line}: procurement: unknown contractor class {cs[1]!r}")
        if year is None:
            raise BuildError(f"line {line}: procurement row before any fiscal year")
        vals = cs[2:10]
        if len(vals) != 8:
            raise BuildError(f"line {line}: procurement: expected 8 values, got {len(vals)}")
        for k, printed in enumerate(vals):
            cat = CATEGORIES[k // 2]
            measure = "contract_count" if k % 2 == 0 else "amount_myen"
            n = src.number(printed, line, f"procurement {label} {cat} {measure}")
            if n.value is None:
                raise BuildError(f"line {line}: procurement {label} {cat} {measure}: empty cell")
            out.append({"fiscal_year": year, "firm_class": PRINTED_FIRM_CLASSES[label], "category": cat, "measure": measure,
                        "value": float(n.value), "unit": "件" if measure == "contract_count" else "百万円",
                        "printed": printed, "source_line": line})
    return out, first, no


# ---------------------------------------------------------------- section 2: context figures and survey


def context_facts(src: Source, end: int, spec: Path = HERE / "context_facts.csv") -> list[dict]:
    out = []
    with spec.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            pat = re.compile(row["pattern"])
            hits = [(no, m) for no in range(1, end) for m in [pat.search(src.line(no))] if m]
            if len(hits) != 1:
                raise BuildError(f"context_facts.csv {row['key']}: pattern matched {len(hits)} lines, expected exactly one")
            no, m = hits[0]
            printed = m.group(1)
            value = src.decimal(printed, no, f"context figure {row['key']}") * int(row["sign"])
            out.append({"key": row["key"], "label": row["label"], "value": value, "unit": row["unit"],
                        "period": row["period"], "printed": m.group(0), "source_line": no})
    return out


def survey(src: Source) -> list[dict]:
    head = find_prefix(src, "| 産業大分類 |")
    out = []
    no = head + 1
    while src.line(no).startswith("|"):
        raw = src.line(no)
        no += 1
        if is_separator(raw):
            continue
        cs = cells(raw)
        m = re.match(r"^([A-Z])\s+(.+)$", cs[0])
        code, industry = (m.group(1), m.group(2)) if m else (None, cs[0])
        resp = src.number(cs[1], no - 1, f"survey {industry} responses")
        sent = src.number(cs[2], no - 1, f"survey {industry} sent")
        rate = src.decimal(cs[3].rstrip("%"), no - 1, f"survey {industry} rate")
        out.append({"industry_code": code, "industry": industry, "responses": resp.value, "sent": sent.value,
                    "rate_pct": rate, "source_line": no - 1})
    return out
