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
from kpi.io import ROOT, Report
from kpi.source import cells, heading_pages

CONTEXT_LINES = 5  # lines shown above and below a value's line
COVER_TITLE = "表紙・目次"
APPENDIX_HEAD = "(参考) 川崎市中小企業活性化のための成長戦略に関する条例"
SURVEY_FIELDS = ("responses", "sent", "rate_pct")
_KEYS = ["report_city", "report_fy"]
_CORR, _TEXT_REPAIRS, _DISC = "#corrections", "#text_repairs", "#discrepancies"  # lookups kept beside the values


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


# --------------------------------------------------------------------------- sections and pages
def sections(report: Report, text: ReportText) -> pd.DataFrame:
    """The text split into spans: the cover and contents, each heading the contents list, each
    program, 第19条 and the appendix. Columns: section (1-based), title, page (nullable), first_line, last_line."""
    try:
        heads = heading_pages(text)
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


def _int(x) -> int | None:
    return None if x is None or pd.isna(x) else int(x)


def _rows(df: pd.DataFrame):
    return df.to_dict("records")


def bases(report: Report) -> dict[str, dict]:
    """Every sourced value of the report by reference: subject, field, fiscal_year, page, printed,
    value, unit, source_line and correction/discrepancy id as stored. Built in one pass, so callers
    that look up many values (a table's picker, an export) pay once."""
    r = report
    names = dict(zip(r.programs["program_no"].astype(int), r.programs["program_name"].astype(str)))
    out: dict[str, dict] = {}

    def put(ref, subject, field, fy, page, printed, value, unit, line, corr=None, disc=None):
        out[ref] = dict(subject=subject, field=field, fiscal_year=fy, page=_int(page), printed=printed, value=value,
                        unit=unit, source_line=_int(line), correction_id=corr, discrepancy_id=disc)

    for m in _rows(r.money):
        no = int(m["program_no"])
        put(f"money:{no}:{m['measure']}", names.get(no, str(no)), m["measure"], None, m["page"], m["printed"],
            m["amount_kyen"], "千円", m["source_line"], m["correction_id"])
    for m in _rows(r.indicators):
        no = int(m["program_no"])
        for w in ("target", "actual"):
            put(f"ind:{no}:{int(m['indicator_no'])}:{int(m['fiscal_year'])}:{w}", f"{m['indicator_name']}（{names.get(no, no)}）",
                w, int(m["fiscal_year"]), m["page"], m[f"{w}_printed"], m[w], m["unit"], m[f"{w}_line"], m[f"{w}_correction_id"])
    for m in _rows(r.procurement):
        put(f"proc:{int(m['fiscal_year'])}:{m['firm_class']}:{m['category']}:{m['measure']}", f"第19条 {m['firm_class']} {m['category']}",
            m["measure"], int(m["fiscal_year"]), m["page"], m["printed"], m["value"], m["unit"], m["source_line"])
    for m in _rows(r.notes):
        no = 0 if pd.isna(m["program_no"]) else int(m["program_no"])
        put(f"note:{int(m['article_no'])}:{no}:{m['stage']}:{int(m['seq'])}", names.get(no, f"第{int(m['article_no'])}条"),
            m["stage"], None, m["page"], m["text"], None, None, m["source_line"])
    for m in _rows(r.programs):
        put(f"prog:{int(m['program_no'])}", m["program_name"], "program_name", None, m["page"], None, m["program_name"], None,
            m["source_line"])
    for m in _rows(r.context):
        put(f"ctx:{m['key']}", m["label"], m["key"], None, m["page"], m["printed"], m["value"], m["unit"], m["source_line"])
    for m in _rows(r.survey):
        for col in SURVEY_FIELDS:
            put(f"survey:{int(m['source_line'])}:{col}", m["industry"], col, None, m["page"], None, m[col],
                "%" if col == "rate_pct" else "件", m["source_line"])
    for m in _rows(r.opinions):
        put(f"opinion:{m['opinion_group']}:{int(m['seq'])}", m["opinion_group"], "opinion", None, m["page"], m["opinion"],
            None, None, m["source_line"])
    for m in _rows(r.corrections):
        put(f"corr:{m['correction_id']}", m["scope"], "correction", None, None, m["printed"], m["corrected"], None,
            m["source_line"], m["correction_id"])
    for m in _rows(r.discrepancies):
        put(f"disc:{m['discrepancy_id']}", m["scope"], m["check"], None, None, m["printed"], None, None, m["source_line"],
            None, m["discrepancy_id"])
    out[_CORR] = {str(m["correction_id"]): m for m in _rows(r.corrections)}
    out[_TEXT_REPAIRS] = {int(m["source_line"]): str(m["correction_id"]) for m in _rows(r.corrections)
                          if m["correction_kind"] == "text"}
    out[_DISC] = {str(m["discrepancy_id"]): m for m in _rows(r.discrepancies)}
    return out


def _base(report: Report, ref: str, index: dict[str, dict] | None) -> dict:
    if ref.startswith("line:"):
        n = ref.removeprefix("line:")
        if not n.isdigit():
            raise UnknownRef(ref)
        return dict(subject="", field="line", fiscal_year=None, page=None, printed=None, value=None, unit=None,
                    source_line=int(n), correction_id=None, discrepancy_id=None)
    found = (bases(report) if index is None else index).get(ref)
    if found is None or ref.startswith("#"):
        raise UnknownRef(ref)
    return found


def _clean(v):
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, str):
        return v
    return float(v)


def _norm(text) -> str:
    return "".join(str(text).split()).rstrip("%")


def record(report: Report, ref: str, text: ReportText | None = None, spans: pd.DataFrame | None = None,
           context: int = CONTEXT_LINES, index: dict[str, dict] | None = None) -> SourceRecord:
    """The source record of `ref` (UnknownRef when it names nothing). With the shipped text, the line
    as printed and the lines around it are read from the file; the page falls back to the line's span.
    `index` (from `bases`) saves rebuilding the lookup when many values are asked for."""
    b = _base(report, ref, index)
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
    index = bases(report) if index is None else index
    corrections, text_repairs, discrepancies = index[_CORR], index[_TEXT_REPAIRS], index[_DISC]
    corr_id = None if b.get("correction_id") is None or pd.isna(b.get("correction_id")) else str(b["correction_id"])
    if corr_id is None and kind not in ("corr", "disc", "line") and line in text_repairs:  # a text repair on the line
        corr_id = text_repairs[line]
    corr = corrections.get(corr_id) if corr_id else None
    disc = None
    if b.get("discrepancy_id"):
        disc = discrepancies.get(b["discrepancy_id"])
    elif line is not None and printed is not None and kind != "line":
        disc = next((d for d in discrepancies.values() if d["source_line"] == line and _norm(d["printed"]) == _norm(printed)), None)

    def text_of(row, col):
        return None if row is None or row.get(col) is None or pd.isna(row.get(col)) else str(row[col])

    return SourceRecord(
        ref=ref, kind=kind, subject=str(b["subject"]), field=str(b["field"]), fiscal_year=b["fiscal_year"], page=page,
        printed=None if printed is None or (not isinstance(printed, str) and pd.isna(printed)) else str(printed),
        value=_clean(b["value"]), unit=None if b["unit"] is None or pd.isna(b["unit"]) else str(b["unit"]),
        source_line=line,
        correction_id=corr_id,
        correction_reason=text_of(corr, "reason"), correction_reason_en=text_of(corr, "reason_en"),
        discrepancy_id=text_of(disc, "discrepancy_id"), discrepancy_reason=text_of(disc, "reason"),
        discrepancy_reason_en=text_of(disc, "reason_en"), discrepancy_computed=text_of(disc, "computed"),
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
    recs, index = [], bases(report)
    for row, ref in refs(report, rows).itertuples(index=False):
        try:
            rec = record(report, ref, text, spans, context=0, index=index)
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
