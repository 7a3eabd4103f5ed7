"""Checks across rows and sheets, one small function per sheet, registered in CHECKS (run in order);
then the typed tables.

Each check reads its sheet's records (kpi.exchange.cells) and what earlier checks found (the report
key, the articles, the programs) from one `Context`, adds located Issues, and appends the rows it
accepts to `ctx.rows[table]`. A check that returns False stops the run (the rest would only repeat
its error)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from kpi.exchange.cells import _BAD
from kpi.exchange.files import _Raw
from kpi.exchange.issues import ERROR, Issue, make_issue
from kpi.exchange.vocab import MEASURE_LABELS
from kpi.vocab import KEY_MEASURES, NONKEY_MEASURES, NONNEGATIVE_MEASURES, name_key
from kpi.io import typed


def _bad(rec: dict, *fields: str) -> bool:
    return any(rec.get(f) is _BAD for f in fields)


class _Check:
    """Adds an Issue located at a record's row and a field's column of one sheet."""

    def __init__(self, raw: _Raw, issues: list[Issue]):
        self.raw, self.issues = raw, issues

    def __call__(self, code: str, rec: dict | None, field_name: str | None = None, **values) -> None:
        col = self.raw.sheet.col(field_name).header if field_name else None
        self.issues.append(make_issue(code, self.raw.file, self.raw.label, rec["_row"] if rec else None, col, **values))


@dataclass
class Context:
    """What the checks share: the records and raw sheets, the issues, and what earlier checks found."""

    records: dict[str, list[dict]]
    raws: dict[str, _Raw]
    issues: list[Issue]
    ordinances: Mapping[str, pd.DataFrame]
    city: str = ""
    fy: int = 0
    report: dict = field(default_factory=dict)
    articles: set[int] = field(default_factory=set)
    known_text: str = ""
    prog_by_no: dict[int, dict] = field(default_factory=dict)
    first_no: dict[int, int] = field(default_factory=dict)
    rows: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in
                                                                 ("articles", "programs", "money", "indicators", "notes")})

    def check(self, sheet: str) -> _Check:
        return _Check(self.raws[sheet], self.issues)

    def fields(self, sheet: str) -> list[str]:
        return [c.field for c in self.raws[sheet].sheet.columns]

    def program_of(self, chk: _Check, rec: dict) -> dict | None:
        """The program a row names (None if blank or unknown; unknown is an error)."""
        no = rec["program_no"]
        if no is None or no is _BAD:
            return None
        if no not in self.prog_by_no and no not in self.first_no:
            chk("unknown_program", rec, "program_no", no=no)
            rec["program_no"] = _BAD
            return None
        p = self.prog_by_no.get(no)
        name = rec.get("program_name")
        if p is not None and name not in (None, _BAD) and name_key(name) != name_key(p["program_name"]):
            chk("program_name_mismatch", rec, "program_name", no=no, name=name, expected=p["program_name"])
            rec["program_name"] = _BAD
        return p


def check_report(ctx: Context) -> bool:
    """報告書: exactly one row, the key."""
    chk = ctx.check("報告書")
    reps = ctx.records["報告書"]
    if len(reps) != 1:
        chk("report_rows", None, n=len(reps))
        return False
    rep = reps[0]
    if _bad(rep, "report_city", "report_fy", "report_title"):
        return False
    ctx.report, ctx.city, ctx.fy = rep, rep["report_city"], rep["report_fy"]
    return True


def check_articles(ctx: Context) -> bool:
    """条: the sheet, or the city's ordinance from the built dataset."""
    art_rows = ctx.rows["articles"]
    if ctx.records.get("条"):
        chk = ctx.check("条")
        first: dict[int, int] = {}
        for rec in ctx.records["条"]:
            if _bad(rec, *ctx.fields("条")):
                continue
            no = rec["article_no"]
            if no in first:
                chk("duplicate_article", rec, "article_no", no=no, first=first[no])
                continue
            first[no] = rec["_row"]
            art_rows.append({"article_no": no, "article_title": rec["article_title"],
                             "ordinance_text": rec["ordinance_text"] or "", "page": rec["page"],
                             "source_line": rec["source_line"] or rec["_row"], "text_line": rec["text_line"]})
    elif ctx.city in ctx.ordinances:
        art_rows += [{"article_no": int(a["article_no"]), "article_title": a["article_title"],
                      "ordinance_text": a["ordinance_text"], "page": None, "source_line": int(a["source_line"]),
                      "text_line": None if pd.isna(a["text_line"]) else int(a["text_line"])}
                     for _, a in ctx.ordinances[ctx.city].iterrows()]
    else:
        ctx.check("報告書")("no_articles", ctx.report, "report_city", city=ctx.city)
        return False
    ctx.articles = {a["article_no"] for a in art_rows}
    ctx.known_text = "・".join(f"第{a}条" for a in sorted(ctx.articles))
    return True


def check_programs(ctx: Context) -> bool:
    """事業: unique numbers and names (names compared NFKC-folded, without spaces), known articles."""
    chk = ctx.check("事業")
    first_name: dict[str, int] = {}
    for rec in ctx.records["事業"]:
        if rec["article_no"] is not None and rec["article_no"] is not _BAD and rec["article_no"] not in ctx.articles:
            chk("unknown_article", rec, "article_no", text=rec["article_no"], known=ctx.known_text)
            rec["article_no"] = _BAD
        no, name = rec["program_no"], rec["program_name"]
        if no is not _BAD and no in ctx.first_no:
            chk("duplicate_program", rec, "program_no", no=no, first=ctx.first_no[no])
            continue
        if no is not _BAD:
            ctx.first_no[no] = rec["_row"]
        if name is not _BAD and name_key(name) in first_name:
            chk("duplicate_program_name", rec, "program_name", name=name, first=first_name[name_key(name)])
            continue
        if name is not _BAD:
            first_name[name_key(name)] = rec["_row"]
        if _bad(rec, *ctx.fields("事業")):
            continue
        row = {"program_no": no, "program_name": name, "article_no": rec["article_no"], "is_key": bool(rec["is_key"]),
               "page": rec["page"], "remark": rec["remark"], "no_indicator_reason": rec["no_indicator_reason"],
               "no_money_reason": rec["no_money_reason"], "source_line": rec["source_line"] or rec["_row"]}
        ctx.rows["programs"].append(row)
        ctx.prog_by_no[no] = row
    if not ctx.records["事業"]:
        chk("no_programs", None)
    return True


def _measure_matches_program(chk: _Check, rec: dict, p: dict, m: str) -> None:
    expected = KEY_MEASURES if p["is_key"] else NONKEY_MEASURES
    if m not in expected:
        key_measure = m in KEY_MEASURES
        chk("measure_key_mismatch", rec, "measure", measure=MEASURE_LABELS[m], no=p["program_no"],
            expected="重点事業" if key_measure else "その他の事業", actual="重点事業" if p["is_key"] else "その他の事業",
            expected_en="key programs" if key_measure else "other programs",
            actual_en="a key program" if p["is_key"] else "not a key program")


def check_money(ctx: Context) -> bool:
    """金額: one row per program and measure; no negative amount but the stated change; the stated
    change against next year's budget − this year's (a warning)."""
    chk = ctx.check("金額")
    first_m: dict[tuple, int] = {}
    amounts: dict[tuple[int, str], tuple[int | None, dict]] = {}
    for rec in ctx.records["金額"]:
        p = ctx.program_of(chk, rec)
        m = rec["measure"]
        if rec["program_no"] is not _BAD and m is not _BAD:
            k = (rec["program_no"], m)
            if k in first_m:
                chk("duplicate_money", rec, "measure", no=k[0], measure=MEASURE_LABELS[m], first=first_m[k])
                continue
            first_m[k] = rec["_row"]
        amount = rec["amount_kyen"]
        if m is not _BAD and amount is not None and amount is not _BAD and amount < 0 and m in NONNEGATIVE_MEASURES:
            chk("negative_money", rec, "amount_kyen", value=amount)
            continue
        if p is not None and m is not _BAD:
            _measure_matches_program(chk, rec, p, m)
        if _bad(rec, *ctx.fields("金額")):
            continue
        printed = rec["printed"] if rec["printed"] is not None else rec["_raw"].get("amount_kyen")
        ctx.rows["money"].append({"program_no": rec["program_no"], "measure": m, "amount_kyen": amount, "printed": printed,
                                  "correction_id": rec["correction_id"], "page": rec["page"],
                                  "source_line": rec["source_line"] or rec["_row"]})
        amounts[(rec["program_no"], m)] = (amount, rec)
    for (no, m), (stated, rec) in amounts.items():
        if m != "stated_change" or stated is None:
            continue
        b0, b1 = amounts.get((no, "budget"), (None, None))[0], amounts.get((no, "budget_next"), (None, None))[0]
        if b0 is not None and b1 is not None and b1 - b0 != stated:
            chk("stated_change_differs", rec, "amount_kyen", no=no, stated=f"{stated:,}", computed=f"{b1 - b0:,}")
    return True


_INDICATOR_DEFINITION = (("indicator_name", "指標名"), ("unit", "単位"), ("is_cumulative", "累積"), ("direction", "方向"))


def _indicator_definition(ctx: Context, chk: _Check, rec: dict, defs: dict, names: dict) -> None:
    """One definition (name, unit, cumulative, direction) per indicator across its years; one
    indicator per (folded) name within a program."""
    no, ind = rec["program_no"], rec["indicator_no"]
    d = defs.setdefault((no, ind), rec)
    for f, what in _INDICATOR_DEFINITION:
        if d is not rec and not _bad(rec, f) and not _bad(d, f) and d[f] != rec[f]:
            chk("inconsistent_indicator", rec, f, no=no, ind=ind, what=what, first=d["_row"], a=d[f])
            rec[f] = _BAD
    if not _bad(rec, "indicator_name"):
        other = names.setdefault((no, name_key(rec["indicator_name"])), (ind, rec["_row"]))
        if other[0] != ind:
            chk("duplicate_indicator_name", rec, "indicator_name", no=no, name=rec["indicator_name"], first=other[1])
            rec["indicator_name"] = _BAD


def check_indicators(ctx: Context) -> bool:
    """指標: one row per indicator and year; one definition per indicator; years near the report's;
    negative values noted."""
    chk = ctx.check("指標")
    first_i: dict[tuple, int] = {}
    defs: dict[tuple, dict] = {}
    names: dict[tuple, tuple[int, int]] = {}
    for rec in ctx.records["指標"]:
        p = ctx.program_of(chk, rec)
        no, ind, year = rec["program_no"], rec["indicator_no"], rec["fiscal_year"]
        if rec["direction"] is None:
            rec["direction"] = "higher"
        if rec["is_cumulative"] is None:
            rec["is_cumulative"] = False
        if not _bad(rec, "program_no", "indicator_no", "fiscal_year"):
            k = (no, ind, year)
            if k in first_i:
                chk("duplicate_indicator", rec, "fiscal_year", no=no, ind=ind, fy=year, first=first_i[k])
                continue
            first_i[k] = rec["_row"]
            if abs(year - ctx.fy) > 5:
                chk("fy_out_of_range", rec, "fiscal_year", fy=year, report_fy=ctx.fy)
        if not _bad(rec, "program_no", "indicator_no"):
            _indicator_definition(ctx, chk, rec, defs, names)
        for f in ("target", "actual"):
            if rec[f] not in (None, _BAD) and rec[f] < 0:
                chk("negative_indicator", rec, f, value=rec["_raw"].get(f))
        if p is None or _bad(rec, *ctx.fields("指標")):
            continue
        ctx.rows["indicators"].append({
            "program_no": no, "indicator_no": ind, "indicator_name": rec["indicator_name"], "unit": rec["unit"],
            "is_cumulative": bool(rec["is_cumulative"]), "direction": rec["direction"], "fiscal_year": year,
            "target": rec["target"], "actual": rec["actual"],
            "target_printed": rec["target_printed"] if rec["target_printed"] is not None else rec["_raw"].get("target") or "",
            "actual_printed": rec["actual_printed"] if rec["actual_printed"] is not None else rec["_raw"].get("actual") or "",
            "target_line": rec["target_line"] or rec["_row"], "actual_line": rec["actual_line"] or rec["_row"],
            "target_correction_id": rec["target_correction_id"], "actual_correction_id": rec["actual_correction_id"],
            "page": rec["page"], "source_line": rec["source_line"] or rec["_row"]})
    return True


def _note_article(ctx: Context, chk: _Check, rec: dict, p: dict | None):
    """A note's article: its own (known), or its program's; _BAD or None when it cannot be placed."""
    a = rec["article_no"]
    if a is not None and a is not _BAD and a not in ctx.articles:
        chk("unknown_article", rec, "article_no", text=a, known=ctx.known_text)
        rec["article_no"] = a = _BAD
    if a is None and rec["program_no"] is None:
        chk("missing_value", rec, "article_no")
        return _BAD
    if p is not None and a is not _BAD:
        if a is None:
            a = rec["article_no"] = p["article_no"]
        elif a != p["article_no"]:
            chk("article_mismatch", rec, "article_no", a=a, no=p["program_no"], b=p["article_no"])
            return _BAD
    return a


def check_notes(ctx: Context) -> bool:
    """記述: each note placed in a known article (its program's), one per article, program, stage and order."""
    chk = ctx.check("記述")
    first_n: dict[tuple, int] = {}
    for rec in ctx.records["記述"]:
        p = ctx.program_of(chk, rec)
        a = _note_article(ctx, chk, rec, p)
        if a is None or a is _BAD:  # unplaced (reported), or its program's row had an error of its own
            continue
        if not _bad(rec, "article_no", "program_no", "stage", "seq"):
            k = (a, rec["program_no"], rec["stage"], rec["seq"])
            if k in first_n:
                chk("duplicate_note", rec, "seq", first=first_n[k])
                continue
            first_n[k] = rec["_row"]
        if _bad(rec, *ctx.fields("記述")):
            continue
        ctx.rows["notes"].append({"article_no": a, "program_no": rec["program_no"], "stage": rec["stage"], "seq": rec["seq"],
                                  "text": rec["text"], "page": rec["page"], "source_line": rec["source_line"] or rec["_row"]})
    return True


CHECKS: tuple[tuple[str, Callable[[Context], bool]], ...] = (  # (sheet, check), run in this order
    ("報告書", check_report),
    ("条", check_articles),
    ("事業", check_programs),
    ("金額", check_money),
    ("指標", check_indicators),
    ("記述", check_notes),
)


def build_tables(records: dict[str, list[dict]], raws: dict[str, _Raw], display: str, sha: str, issues: list[Issue],
                 ordinances: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Run CHECKS, then the typed tables (empty when any check found an error)."""
    ctx = Context(records, raws, issues, ordinances)
    for _sheet, check in CHECKS:
        if not check(ctx):
            return {}
    if any(i.severity == ERROR for i in issues):
        return {}
    rep = ctx.report
    frames = {
        "reports": pd.DataFrame([{"report_title": rep["report_title"], "published": rep["published"],
                                  "source_file": display, "source_sha256": sha}]),
        **{name: pd.DataFrame(rows) for name, rows in ctx.rows.items()},
    }
    return {name: typed(name, df.assign(report_city=ctx.city, report_fy=ctx.fy)) for name, df in frames.items()}
