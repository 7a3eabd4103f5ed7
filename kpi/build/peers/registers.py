"""The reviewed peer registers, applied to the parsed rows; a stale or missing row fails the build."""

from __future__ import annotations

import re

from kpi.build.peers.text import PeerDoc, join, read_register, stale
from kpi.build.source import BuildError
from kpi.schema import MAPPING_QUALITIES

ARTICLES = range(12, 19)  # 第12条–第18条: the peers have no equivalent of 第19条 (the city's own procurement)
# A count printed in an entry: optional 延べ/うち, the number, a unit. Not 第N回 (an ordinal) and not a
# number run into other characters (6010金士公連携プログラム is a name, 2018 in アワード2018 a year).
METRIC = re.compile(r"(延べ|うち)?\s*(?<![\d,.A-Za-z])(\d{1,3}(?:,\d{3})+|\d+)\s*(製品|技術|企業|商談|商品|事業所|団体|件|社|回)")


def _where(row: dict) -> str:
    return f"{row['activity_id']} (document {row['doc_id']} line {row['source_line']})"


def apply_splits(rows: list[dict]) -> list[dict]:
    """Bundled entries that name several programs → one row per program (splits.csv: where each part starts)."""
    reg: dict[str, list[dict]] = {}
    for r in read_register("splits.csv"):
        reg.setdefault(r["activity_id"], []).append(r)
    by_id = {r["activity_id"]: r for r in rows}
    for aid, parts in reg.items():
        if aid not in by_id:
            raise stale("splits.csv", parts[0], f"no activity {aid}")
    out = []
    for row in rows:
        parts = sorted(reg.get(row["activity_id"], []), key=lambda p: int(p["seq"]))
        if not parts:
            out.append(row)
            continue
        text, starts = row["text"], []
        for p in parts:
            pos = text.find(p["starts_with"], starts[-1] + 1 if starts else 0)
            if pos < 0 or (not starts and pos != 0):
                raise stale("splits.csv", p, f"{p['starts_with']!r} not found {'at the start of' if not starts else 'in'} the text of {_where(row)}")
            starts.append(pos)
        for k, (a, p) in enumerate(zip(starts, parts)):
            b = starts[k + 1] if k + 1 < len(starts) else len(text)
            out.append({**row, "activity_id": f"{row['activity_id']}.{p['seq']}", "text": re.sub(r"(?:また|さらに)$", "", text[a:b].strip(" 、,")).strip(), "_split": True})
    return out


def apply_repairs(rows: list[dict], srcs: dict[str, PeerDoc]) -> list[dict]:
    """Typos kept as printed (noted on their entry) and real names that look like noise, kept intact."""
    out = []
    for r in read_register("repairs.csv"):
        src = srcs.get(r["doc_id"])
        line = int(r["source_line"])
        # A name may be wrapped over lines (東大|阪部品・部材供給.com): look at the line joined with the next ones.
        if src is None or not src.line(line).strip() or r["printed"] not in join([src.line(n) for n in range(line, min(line + 5, len(src.lines) + 1))]):
            raise stale("repairs.csv", r, f"{r['printed']!r} does not start on line {line} of document {r['doc_id']}")
        hits = [x for x in rows if x["doc_id"] == r["doc_id"] and x["source_line"] <= line <= x["last_line"] and r["printed"] in x["text"] + (x.get("title") or "")]
        if not hits:
            raise stale("repairs.csv", r, f"no entry of document {r['doc_id']} keeps {r['printed']!r} (line {line}) intact")
        if r["kind"] == "typo":
            for x in hits:
                note = f"{r['printed']}→{r['repaired']}"
                x["typo_note"] = f"{x['typo_note']}; {note}" if x.get("typo_note") else note
        elif r["kind"] != "kept":
            raise stale("repairs.csv", r, f"unknown kind {r['kind']!r} (typo or kept)")
        out.append({"doc_id": r["doc_id"], "repair_id": r["repair_id"], "repair_kind": r["kind"], "printed": r["printed"],
                    "repaired": r["repaired"] or r["printed"], "times": sum((x["text"] + (x.get("title") or "")).count(r["printed"]) for x in rows if x["doc_id"] == r["doc_id"]),
                    "reason": r["reason"], "source_line": line})
    return out


def join_repairs(rows: list[dict], srcs: dict[str, PeerDoc]) -> list[dict]:
    """The wrap-joining step as data: per document, how many source lines were joined into entries."""
    out = []
    for doc_id, src in srcs.items():
        multi = [x for x in rows if x["doc_id"] == doc_id and x["last_line"] > x["source_line"]]
        seen, joins = set(), 0
        for x in multi:
            key = (x["source_line"], x["last_line"])
            if key in seen:
                continue
            seen.add(key)
            joins += sum(1 for n in range(x["source_line"] + 1, x["last_line"] + 1) if src.line(n).strip())
        if joins:
            out.append({"doc_id": doc_id, "repair_id": "J-wrap", "repair_kind": "join", "printed": f"{len(seen)} entries over several lines",
                        "repaired": "one text per entry", "times": joins, "source_line": min(k[0] for k in seen),
                        "reason": "PDF line wraps (often mid-word) and blank-line padding joined without a separator"})
    return out


def apply_references(rows: list[dict]) -> None:
    """「上記…」 entries → the entry (or entries) they refer to (references.csv, reviewed)."""
    reg = {r["activity_id"]: r for r in read_register("references.csv")}
    ids = {x["activity_id"] for x in rows}
    for aid, r in reg.items():
        if aid not in ids:
            raise stale("references.csv", r, f"no activity {aid}")
        for ref in r["refers_to"].split(","):
            if ref.strip() not in ids:
                raise stale("references.csv", r, f"refers to {ref.strip()}, which is not an activity")
    for x in rows:
        has = "上記" in x["text"]
        r = reg.get(x["activity_id"])
        if has and r is None:
            raise BuildError(f"peer activity {_where(x)} says 上記… but is not in kpi/build/peers/references.csv")
        if r is not None and not has:
            raise stale("references.csv", r, f"{x['activity_id']} does not say 上記")
        if r is not None:
            x["refers_to"] = ",".join(s.strip() for s in r["refers_to"].split(","))


def apply_aliases(rows: list[dict]) -> None:
    """Recurring named programs across documents and years (aliases.csv: program, city, a name as printed)."""
    for r in read_register("aliases.csv"):
        hits = [x for x in rows if x["city"] == r["city"] and r["alias"] in (x["text"] + (x.get("title") or ""))]
        if not hits:
            raise stale("aliases.csv", r, f"{r['alias']!r} matches no entry of {r['city']}")
        for x in hits:
            if x.get("program_id") not in (None, r["program_id"]):
                continue  # an entry naming two programs keeps the first listed
            x["program_id"], x["program_label"] = r["program_id"], r["program_label"]
    by_id = {x["activity_id"]: x for x in rows}
    for x in rows:  # a 「上記…」 entry belongs to the program of the entry it refers to
        if x.get("refers_to") and not x.get("program_id"):
            ref = by_id[x["refers_to"].split(",")[0]]
            x["program_id"], x["program_label"] = ref.get("program_id"), ref.get("program_label")


def apply_mapping(rows: list[dict]) -> None:
    """Every activity → a Kawasaki article (第12条–第18条) or explicitly none, with quality and reason."""
    reg = {}
    for r in read_register("mapping.csv"):
        if r["activity_id"] in reg:
            raise stale("mapping.csv", r, f"{r['activity_id']} listed twice")
        reg[r["activity_id"]] = r
    ids = {x["activity_id"]: x for x in rows}
    for aid, r in reg.items():
        if aid not in ids:
            raise stale("mapping.csv", r, f"no activity {aid} (stale row)")
    for x in rows:
        r = reg.get(x["activity_id"])
        if r is None:
            raise BuildError(f"peer activity {_where(x)} is not in kpi/build/peers/mapping.csv: {x['text'][:40]!r}")
        q, art = r["quality"], r["article_no"].strip()
        if q not in MAPPING_QUALITIES:
            raise stale("mapping.csv", r, f"quality {q!r} is not one of {MAPPING_QUALITIES}")
        if (q == "none") != (art == ""):
            raise stale("mapping.csv", r, "quality none goes with an empty article_no, and only it")
        if art and int(art) not in ARTICLES:
            raise stale("mapping.csv", r, f"article {art} is not one of 第12条–第18条")
        if (q == "bundled-then-split") != bool(x.get("_split")):
            raise stale("mapping.csv", r, "bundled-then-split is the quality of, and only of, a part split by splits.csv")
        if not r["reason"].strip():
            raise stale("mapping.csv", r, "no reason given")
        x["article_no"], x["mapping_quality"], x["reason"] = (int(art) if art else None), q, r["reason"]
    for x in rows:
        x.pop("_split", None)


def _line_of(src: PeerDoc, x: dict, printed: str) -> int:
    """The source line of the entry where `printed` (spaces ignored) stands."""
    want = re.sub(r"\s", "", printed)
    for n in range(x["source_line"], x["last_line"] + 1):
        if want in re.sub(r"\s", "", src.line(n)):
            return n
    return x["source_line"]


def metrics(rows: list[dict], srcs: dict[str, PeerDoc]) -> list[dict]:
    """Counts printed in the entries' text, with their qualifier (延べ, うち), unit and line."""
    out = []
    for x in rows:
        for k, m in enumerate((m for m in METRIC.finditer(x["text"]) if not x["text"][: m.start(2)].rstrip().endswith("第")), start=1):
            out.append({"activity_id": x["activity_id"], "doc_id": x["doc_id"], "seq": k, "count": int(m.group(2).replace(",", "")),
                        "unit": m.group(3), "qualifier": m.group(1), "printed": m.group(0).strip(), "source_line": _line_of(srcs[x["doc_id"]], x, m.group(0))})
    return out
