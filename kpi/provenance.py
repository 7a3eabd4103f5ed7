"""Where every value comes from: its source record (page, printed text, value as read, correction or
discrepancy, line and the surrounding lines of the shipped report text), the report's text split by
section and page, and a width-folded search over its lines. No Streamlit here.

A value is named by a short reference that a URL can carry (`?src=money:1:settlement`):

    money:{program_no}:{measure}                       a money cell (千円)
    ind:{program_no}:{indicator_no}:{fiscal_year}:{target|actual}
    proc:{fiscal_year}:{firm_class}:{category}:{measure}  a 第19条 procurement cell
    note:{article_no}:{program_no or 0}:{stage}:{seq}  a PDCA bullet or block
    prog:{program_no}                                  a program's heading in the body
    ctx:{key}                                          a section-2 context figure
    survey:{source_line}:{responses|sent|rate_pct}     a cell of the survey table
    opinion:{group}:{seq}   corr:{id}   disc:{id}   line:{n}

Pages: the text carries no page markers, so a line's page is the start page (from the report's own
contents) of the listed section or program it stands in: the same rule as the data's `page` column.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kpi import notes as knotes
from kpi.build import parse as P
from kpi.build.source import Source, cells
from kpi.io import ROOT, Report

CONTEXT_LINES = 5  # lines shown above and below a value's line
COVER_TITLE = "表紙・目次"
APPENDIX_HEAD = "(参考) 川崎市中小企業活性化のための成長戦略に関する条例"
SURVEY_FIELDS = ("responses", "sent", "rate_pct")
_KEYS = ["report_city", "report_fy"]


class UnknownRef(ValueError):
    """A reference that names no value of the report (a mistyped or outdated link)."""


# --------------------------------------------------------------------------- the shipped text
@dataclass(frozen=True)
class ReportText:
    """The shipped report text as lines (1-based by `line(n)`), and whether it is the text the data was built from."""

    path: str
    lines: tuple[str, ...]
    sha256: str
    is_build_source: bool

    def line(self, no: int) -> str:
        return self.lines[no - 1] if 0 < no <= len(self.lines) else ""

    def __len__(self) -> int:
        return len(self.lines)


def text_path(report: Report) -> Path | None:
    """The shipped text named by `reports.source_file` (None for a report imported from a spreadsheet)."""
    if report.reports.empty:
        return None
    name = str(report.reports["source_file"].iloc[0])
    path = (ROOT / name).resolve()
    if path.suffix != ".txt" or ROOT.resolve() not in path.parents or not path.is_file():
        return None
    return path


def read_text(report: Report) -> ReportText | None:
    """The report's shipped text, or None when the report has none (imported) or it cannot be read."""
    path = text_path(report)
    if path is None:
        return None
    try:
        raw = path.read_bytes()
        lines = raw.decode("utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    sha = hashlib.sha256(raw).hexdigest()
    built = str(report.reports["source_sha256"].iloc[0])
    return ReportText(str(report.reports["source_file"].iloc[0]), tuple(lines), sha, sha == built)


def _source(text: ReportText) -> Source:
    return Source(Path(text.path), list(text.lines), text.sha256, {})


# --------------------------------------------------------------------------- sections and pages
def sections(report: Report, text: ReportText) -> pd.DataFrame:
    """The text split into spans: the cover and contents, each heading the contents list, each
    program, 第19条 and the appendix. Columns: section (1-based), title, page (nullable), first_line, last_line."""
    src = _source(text)
    try:
        heads = P.heading_pages(src)
    except Exception:  # a text without the contents' structure: one span
        heads = []
    anchors = [(1, None, COVER_TITLE)] + [(no, pg, title) for no, pg, title in heads]
    progs = report.programs[report.programs["page"].notna()]
    anchors += [(int(r.source_line), int(r.page), f"{int(r.program_no)}. {r.program_name}")
                for r in progs.itertuples(index=False)]
    a19 = report.articles[report.articles["article_no"] == 19]
    n19 = report.notes[(report.notes["article_no"] == 19) & report.notes["program_no"].isna()]
    if not a19.empty and not n19.empty and pd.notna(a19["page"].iloc[0]):
        anchors.append((int(n19["source_line"].min()) - 1, int(a19["page"].iloc[0]), f"第19条 {a19['article_title'].iloc[0]}"))
    appendix = next((no for no in range(50, len(text) + 1) if text.line(no).strip() == APPENDIX_HEAD), None)
    appendix_page = next((int(text.line(no).rsplit(" ", 1)[1]) for no in range(1, 60)
                          if text.line(no).startswith(APPENDIX_HEAD + " ") and text.line(no).rsplit(" ", 1)[1].isdigit()), None)
    if appendix and appendix_page:
        anchors.append((appendix, appendix_page, "(参考) 条例"))
    rows, last_page = [], 0
    for no, pg, title in sorted(set(anchors), key=lambda a: a[0]):
        if rows and no == rows[-1]["first_line"]:
            continue
        if pg is not None and pg < last_page:  # out of order: not a page start
            continue
        last_page = pg or last_page
        rows.append({"title": title, "page": pg, "first_line": no})
    out = pd.DataFrame(rows)
    out["last_line"] = list(out["first_line"].iloc[1:] - 1) + [len(text)]
    out.insert(0, "section", range(1, len(out) + 1))
    out["page"] = out["page"].astype("Int64")
    return out


def page_of_line(spans: pd.DataFrame, line: int) -> int | None:
    """The page of the span that holds `line` (None on the cover and contents)."""
    hit = spans[(spans["first_line"] <= line) & (spans["last_line"] >= line)]
    return None if hit.empty or pd.isna(hit["page"].iloc[0]) else int(hit["page"].iloc[0])


def lines_frame(text: ReportText, spans: pd.DataFrame) -> pd.DataFrame:
    """One row per line: line (1-based), text, section, page."""
    n = len(text)
    sec = pd.Series(pd.NA, index=range(1, n + 1), dtype="Int64")
    page = pd.Series(pd.NA, index=range(1, n + 1), dtype="Int64")
    for s in spans.itertuples(index=False):
        sec.loc[s.first_line:s.last_line] = s.section
        page.loc[s.first_line:s.last_line] = s.page
    return pd.DataFrame({"line": range(1, n + 1), "text": pd.array(text.lines, dtype="str"),
                         "section": sec.to_numpy(), "page": page.to_numpy()})


def page_lines(lines: pd.DataFrame, page: int | None) -> pd.DataFrame:
    """The lines of one page (None: the cover and contents)."""
    mask = lines["page"].isna() if page is None else (lines["page"] == page)
    return lines[mask.fillna(False)]


def search_lines(lines: pd.DataFrame, query: str) -> pd.DataFrame:
    """The non-blank lines containing every word of `query`, width- and case-folded as the notes search
    (kpi.notes.matches). Empty query → no rows."""
    if not knotes.fold(query).split():
        return lines.iloc[0:0]
    rows = lines[lines["text"].str.strip() != ""]
    return rows[knotes.matches(rows["text"], query)]


# --------------------------------------------------------------------------- one value's record
@dataclass(frozen=True)
class SourceRecord:
    """One value with its provenance. `printed` is the text exactly as printed; `value` the value as read."""

    ref: str
    kind: str
    subject: str  # what the value belongs to (data text: program, indicator, industry …)
    field: str  # which value of it (measure, target/actual, column key)
    fiscal_year: int | None
    page: int | None
    printed: str | None
    value: float | str | None
    unit: str | None
    source_line: int | None
    correction_id: str | None = None
    correction_reason: str | None = None
    correction_reason_en: str | None = None
    discrepancy_id: str | None = None
    discrepancy_reason: str | None = None
    discrepancy_reason_en: str | None = None
    discrepancy_computed: str | None = None
    line_text: str | None = None  # the value's line in the shipped text
    context: tuple[tuple[int, str], ...] = field(default_factory=tuple)  # surrounding lines (line, text)


def _one(df: pd.DataFrame, ref: str) -> pd.Series:
    if df.empty:
        raise UnknownRef(ref)
    return df.iloc[0]


def _int(x) -> int | None:
    return None if x is None or pd.isna(x) else int(x)


def _base(report: Report, ref: str) -> dict:
    """kind, subject, field, fiscal_year, page, printed, value, unit, source_line and correction id of `ref`."""
    kind, _, rest = ref.partition(":")
    parts = rest.split(":")
    r = report
    names = dict(zip(r.programs["program_no"].astype(int), r.programs["program_name"].astype(str)))
    try:
        if kind == "money":
            no, measure = int(parts[0]), parts[1]
            m = _one(r.money[(r.money["program_no"] == no) & (r.money["measure"] == measure)], ref)
            return dict(subject=names.get(no, str(no)), field=measure, fiscal_year=None, page=_int(m["page"]),
                        printed=m["printed"], value=m["amount_kyen"], unit="千円", source_line=_int(m["source_line"]),
                        correction_id=m["correction_id"])
        if kind == "ind":
            no, ino, fy, which = int(parts[0]), int(parts[1]), int(parts[2]), parts[3]
            if which not in ("target", "actual"):
                raise UnknownRef(ref)
            i = r.indicators
            m = _one(i[(i["program_no"] == no) & (i["indicator_no"] == ino) & (i["fiscal_year"] == fy)], ref)
            return dict(subject=f"{m['indicator_name']}（{names.get(no, no)}）", field=which, fiscal_year=fy,
                        page=_int(m["page"]), printed=m[f"{which}_printed"], value=m[which], unit=m["unit"],
                        source_line=_int(m[f"{which}_line"]), correction_id=m[f"{which}_correction_id"])
        if kind == "proc":
            fy, firm, cat, measure = int(parts[0]), parts[1], parts[2], parts[3]
            p = r.procurement
            m = _one(p[(p["fiscal_year"] == fy) & (p["firm_class"] == firm) & (p["category"] == cat) & (p["measure"] == measure)], ref)
            return dict(subject=f"第19条 {firm} {cat}", field=measure, fiscal_year=fy, page=_int(m["page"]),
                        printed=m["printed"], value=m["value"], unit=m["unit"], source_line=_int(m["source_line"]))
        if kind == "note":
            art, no, stage, seq = int(parts[0]), int(parts[1]), parts[2], int(parts[3])
            n = r.notes
            n = n[(n["article_no"] == art) & (n["stage"] == stage) & (n["seq"] == seq)]
            n = n[n["program_no"].isna()] if no == 0 else n[n["program_no"] == no]
            m = _one(n, ref)
            return dict(subject=names.get(no, f"第{art}条"), field=stage, fiscal_year=None, page=_int(m["page"]),
                        printed=m["text"], value=None, unit=None, source_line=_int(m["source_line"]))
        if kind == "prog":
            no = int(parts[0])
            m = _one(r.programs[r.programs["program_no"] == no], ref)
            return dict(subject=m["program_name"], field="program_name", fiscal_year=None, page=_int(m["page"]),
                        printed=None, value=m["program_name"], unit=None, source_line=_int(m["source_line"]))
        if kind == "ctx":
            m = _one(r.context[r.context["key"] == parts[0]], ref)
            return dict(subject=m["label"], field=m["key"], fiscal_year=None, page=_int(m["page"]), printed=m["printed"],
                        value=m["value"], unit=m["unit"], source_line=_int(m["source_line"]))
        if kind == "survey":
            line, col = int(parts[0]), parts[1]
            if col not in SURVEY_FIELDS:
                raise UnknownRef(ref)
            m = _one(r.survey[r.survey["source_line"] == line], ref)
            return dict(subject=m["industry"], field=col, fiscal_year=None, page=_int(m["page"]), printed=None,
                        value=m[col], unit="%" if col == "rate_pct" else "件", source_line=line)
        if kind == "opinion":
            o = r.opinions
            m = _one(o[(o["opinion_group"] == parts[0]) & (o["seq"] == int(parts[1]))], ref)
            return dict(subject=m["opinion_group"], field="opinion", fiscal_year=None, page=_int(m["page"]),
                        printed=m["opinion"], value=None, unit=None, source_line=_int(m["source_line"]))
        if kind == "corr":
            m = _one(r.corrections[r.corrections["correction_id"] == parts[0]], ref)
            return dict(subject=m["scope"], field="correction", fiscal_year=None, page=None, printed=m["printed"],
                        value=m["corrected"], unit=None, source_line=_int(m["source_line"]), correction_id=m["correction_id"])
        if kind == "disc":
            m = _one(r.discrepancies[r.discrepancies["discrepancy_id"] == parts[0]], ref)
            return dict(subject=m["scope"], field=m["check"], fiscal_year=None, page=None, printed=m["printed"],
                        value=None, unit=None, source_line=_int(m["source_line"]), discrepancy_id=m["discrepancy_id"])
        if kind == "line":
            return dict(subject="", field="line", fiscal_year=None, page=None, printed=None, value=None, unit=None,
                        source_line=int(parts[0]))
    except (IndexError, ValueError, TypeError) as exc:
        if isinstance(exc, UnknownRef):
            raise
        raise UnknownRef(ref) from None
    raise UnknownRef(ref)


def _clean(v):
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, str):
        return v
    return float(v)


def _norm(text) -> str:
    return "".join(str(text).split()).rstrip("%")


def record(report: Report, ref: str, text: ReportText | None = None, spans: pd.DataFrame | None = None,
           context: int = CONTEXT_LINES) -> SourceRecord:
    """The source record of `ref` (UnknownRef when it names nothing). With the shipped text, the line
    as printed and the lines around it are read from the file; the page falls back to the line's span."""
    b = _base(report, ref)
    line = b["source_line"]
    line_text, around = None, ()
    if text is not None and line is not None and 0 < line <= len(text):
        line_text = text.line(line)
        around = tuple((n, text.line(n)) for n in range(max(1, line - context), min(len(text), line + context) + 1))
    kind = ref.partition(":")[0]
    printed = b["printed"]
    if kind == "survey" and line_text is not None:  # the cell as printed on its line
        cs = cells(line_text)
        idx = 1 + SURVEY_FIELDS.index(b["field"])
        printed = cs[idx] if idx < len(cs) else None
    page = b["page"]
    if page is None and spans is not None and line is not None:
        page = page_of_line(spans, line)
    corr_id = None if b.get("correction_id") is None or pd.isna(b.get("correction_id")) else str(b["correction_id"])
    corr = report.corrections[report.corrections["correction_id"] == corr_id] if corr_id else report.corrections.iloc[0:0]
    if corr_id is None and kind not in ("corr", "disc", "line") and line is not None:  # a text repair on the line
        on_line = report.corrections[(report.corrections["source_line"] == line) & (report.corrections["correction_kind"] == "text")]
        if not on_line.empty:
            corr, corr_id = on_line.iloc[:1], str(on_line["correction_id"].iloc[0])
    disc = report.discrepancies.iloc[0:0]
    if b.get("discrepancy_id"):
        disc = report.discrepancies[report.discrepancies["discrepancy_id"] == b["discrepancy_id"]]
    elif line is not None and printed is not None and kind != "line":
        d = report.discrepancies[report.discrepancies["source_line"] == line]
        disc = d[[_norm(x) == _norm(printed) for x in d["printed"]]]
    return SourceRecord(
        ref=ref, kind=kind, subject=str(b["subject"]), field=str(b["field"]), fiscal_year=b["fiscal_year"], page=page,
        printed=None if printed is None or (not isinstance(printed, str) and pd.isna(printed)) else str(printed),
        value=_clean(b["value"]), unit=None if b["unit"] is None or pd.isna(b["unit"]) else str(b["unit"]),
        source_line=line,
        correction_id=corr_id,
        correction_reason=None if corr.empty else str(corr["reason"].iloc[0]),
        correction_reason_en=None if corr.empty or pd.isna(corr["reason_en"].iloc[0]) else str(corr["reason_en"].iloc[0]),
        discrepancy_id=None if disc.empty else str(disc["discrepancy_id"].iloc[0]),
        discrepancy_reason=None if disc.empty else str(disc["reason"].iloc[0]),
        discrepancy_reason_en=None if disc.empty or pd.isna(disc["reason_en"].iloc[0]) else str(disc["reason_en"].iloc[0]),
        discrepancy_computed=None if disc.empty else str(disc["computed"].iloc[0]),
        line_text=line_text, context=around)


def record_frame(rec: SourceRecord) -> pd.DataFrame:
    """The record as a one-row frame (without the surrounding lines)."""
    d = {k: getattr(rec, k) for k in rec.__dataclass_fields__ if k != "context"}
    return pd.DataFrame([d])


# --------------------------------------------------------------------------- the values of shown rows
def _money_refs(report: Report, rows: pd.DataFrame) -> list[tuple[int, str]]:
    have = report.money[["program_no", "measure"]]
    out = []
    for i, no in enumerate(rows["program_no"]):
        if pd.isna(no):
            continue
        out.append((i, f"prog:{int(no)}"))
        out += [(i, f"money:{int(no)}:{m}") for m in have[have["program_no"] == int(no)]["measure"]]
    return out


def refs(report: Report, rows: pd.DataFrame) -> pd.DataFrame:
    """Every sourced value of `rows` (frames of kpi: programs, indicators, procurement or its share,
    notes, context, survey, corrections, discrepancies, opinions), in row order.
    Columns: row (0-based position in `rows`), ref."""
    c = set(rows.columns)
    out: list[tuple[int, str]] = []
    if {"program_no", "indicator_no", "fiscal_year"} <= c:
        for i, r in enumerate(rows.itertuples(index=False)):
            out += [(i, f"ind:{int(r.program_no)}:{int(r.indicator_no)}:{int(r.fiscal_year)}:{w}") for w in ("target", "actual")]
    elif {"firm_class", "category", "measure", "fiscal_year"} <= c:
        out = [(i, f"proc:{int(r.fiscal_year)}:{r.firm_class}:{r.category}:{r.measure}") for i, r in enumerate(rows.itertuples(index=False))]
    elif {"category", "fiscal_year", "sme_amount_myen"} <= c:
        for i, r in enumerate(rows.itertuples(index=False)):
            out += [(i, f"proc:{int(r.fiscal_year)}:{firm}:{r.category}:amount_myen") for firm in ("local_sme", "total")]
    elif {"stage", "seq", "article_no"} <= c:
        out = [(i, f"note:{int(r.article_no)}:{0 if pd.isna(r.program_no) else int(r.program_no)}:{r.stage}:{int(r.seq)}")
               for i, r in enumerate(rows.itertuples(index=False))]
    elif {"key", "label", "period"} <= c:
        out = [(i, f"ctx:{k}") for i, k in enumerate(rows["key"])]
    elif {"industry", "responses"} <= c:
        for i, line in enumerate(rows["source_line"]):
            out += [(i, f"survey:{int(line)}:{f}") for f in SURVEY_FIELDS]
    elif {"correction_id", "corrected"} <= c:
        out = [(i, f"corr:{x}") for i, x in enumerate(rows["correction_id"])]
    elif "discrepancy_id" in c:
        out = [(i, f"disc:{x}") for i, x in enumerate(rows["discrepancy_id"])]
    elif "opinion_group" in c:
        out = [(i, f"opinion:{g}:{int(s)}") for i, (g, s) in enumerate(zip(rows["opinion_group"], rows["seq"]))]
    elif "program_no" in c:
        out = _money_refs(report, rows)
    return pd.DataFrame(out, columns=["row", "ref"]).astype({"row": "int64", "ref": "str"})


SOURCE_COLUMNS = ["row", "subject", "field", "fiscal_year", "value", "unit", "printed", "page", "source_line",
                  "correction_id", "discrepancy_id", "ref"]


def sources(report: Report, rows: pd.DataFrame, spans: pd.DataFrame | None = None,
            text: ReportText | None = None) -> pd.DataFrame:
    """One row per sourced value of `rows` (see `refs`): its row (1-based, as the exported table
    counts), subject, field, value as read, printed text (with `text`: survey cells as printed on
    their line), page, source line and correction/discrepancy ids."""
    recs = []
    for row, ref in refs(report, rows).itertuples(index=False):
        try:
            rec = record(report, ref, text, spans, context=0)
        except UnknownRef:
            continue
        recs.append({"row": row + 1, **{k: getattr(rec, k) for k in SOURCE_COLUMNS if k != "row"}})
    out = pd.DataFrame(recs, columns=SOURCE_COLUMNS)
    return out.astype({"row": "int64", "page": "Int64", "source_line": "Int64", "fiscal_year": "Int64"})


def row_citations(src: pd.DataFrame, n_rows: int) -> pd.DataFrame:
    """Per table row: its values' pages and lines as one text each ('16', '461; 462'), for a CSV column."""
    def join(values) -> str:
        return "; ".join(str(int(v)) for v in dict.fromkeys(v for v in values if pd.notna(v)))

    pages = src.groupby("row")["page"].apply(join) if not src.empty else pd.Series(dtype="str")
    lines = src.groupby("row")["source_line"].apply(join) if not src.empty else pd.Series(dtype="str")
    idx = range(1, n_rows + 1)
    return pd.DataFrame({"page": [pages.get(i, "") for i in idx], "source_line": [lines.get(i, "") for i in idx]})
