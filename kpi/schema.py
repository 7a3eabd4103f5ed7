"""The data model, declared once: every field and every table of `data/kawasaki_h28.parquet`.

Storage design: the one parquet file holds every table as one long, typed table.
Column `table` names the table a row belongs to; every other column is a field
declared once in FIELDS (one name, one arrow type, one unit, one meaning wherever it
appears). A table uses the fields listed in TABLES; its other columns are null in its
rows. `kpi.io.read_report` reads the file back into one tidy, typed frame per table.

The build and the store write through `kpi.io.to_arrow`/`write_parquet` and the model reads
through `kpi.io.read_report`; both check against this module (`table_schema`), so a field
cannot be produced or read under two names or two types.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from kpi import status, vocab

SCHEMA_VERSION = "1"


@dataclass(frozen=True)
class Field:
    """One column: arrow type, unit (or None), meaning, and allowed values where closed."""

    name: str
    type: pa.DataType
    unit: str | None
    description: str
    enum: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Table:
    """A table: its fields, primary key, required (non-null) fields and meaning."""

    name: str
    description: str
    fields: tuple[str, ...]
    primary_key: tuple[str, ...]
    required: tuple[str, ...]


# The closed vocabularies (measures, stages, classes, categories, units, missing marks) live in
# kpi.vocab; the fields below point at them.
F = Field
_FIELDS = (
    F("table", pa.string(), None, "Which table this row belongs to."),
    F("report_city", pa.string(), None, "Report key: the city that published the report (e.g. 川崎市)."),
    F("report_fy", pa.int16(), "fiscal year", "Report key: the fiscal year the report covers (Western, April–March; 2016 = 平成28年度)."),
    F("source_line", pa.int32(), "line", "1-based line of the shipped source text the row's values were read from (for a report imported from a spreadsheet: its row there)."),
    F("page", pa.int16(), "page", "Report page where the program or section starts, from the report's own contents pages; null where the report gives none."),
    # reports
    F("report_title", pa.string(), None, "The report's title as printed."),
    F("published", pa.string(), None, "Publication date as printed (e.g. 平成29年9月)."),
    F("source_file", pa.string(), None, "Path of the shipped source text inside the project."),
    F("source_sha256", pa.string(), None, "SHA-256 of the shipped source text the build read."),
    # articles
    F("article_no", pa.int8(), None, "Ordinance article number (第12条–第19条)."),
    F("article_title", pa.string(), None, "Article title as printed in the contents."),
    F("ordinance_text", pa.string(), None, "The article's text from the ordinance appendix."),
    F("text_line", pa.int32(), "line", "Source line of the article's text in the appendix."),
    # programs
    F("program_no", pa.int16(), None, "Program number: its position (1–65) in the report's programme list."),
    F("program_name", pa.string(), None, "Program (事務事業) name, with PDF-inserted spaces removed."),
    F("is_key", pa.bool_(), None, "True for the 23 key programs (重点事業), decided from the body (budget table and PDCA)."),
    F("remark", pa.string(), None, "A remark printed with the program (e.g. a footnote marked *)."),
    F("no_indicator_reason", pa.string(), None, "For a key program without indicators: the report's explanation."),
    F("no_money_reason", pa.string(), None, "Why a program has no money figures (the report prints none)."),
    # money
    F("measure", pa.string(), None, "What a value measures (money measure, procurement measure)."),
    F("amount_kyen", pa.int64(), "千円", "Amount in thousand yen; null where the report prints none (never 0 for missing)."),
    F("printed", pa.string(), None, "The text exactly as printed in the source for this value."),
    F("correction_id", pa.string(), None, "Id of the corrections-register entry applied to this value; null if printed value used as is."),
    # indicators
    F("indicator_no", pa.int16(), None, "Indicator position within its program (1-based)."),
    F("indicator_name", pa.string(), None, "Performance indicator (主な成果・活動指標) name."),
    F("unit", pa.string(), None, "Unit of the value as printed (人, 回, 件, %, 百万円, 万人, 社, …)."),
    F("is_cumulative", pa.bool_(), None, "True where the report marks the indicator as cumulative (累積/累計)."),
    F("direction", pa.string(), None, "Whether higher or lower values are better.", vocab.DIRECTIONS),
    F("fiscal_year", pa.int16(), "fiscal year", "Fiscal year the value refers to (Western; 2016 = 平成28年度)."),
    F("target", pa.float64(), "indicator unit", "Target (目標); null where blank or —."),
    F("actual", pa.float64(), "indicator unit", "Actual (実績); null where blank or —."),
    F("target_printed", pa.string(), None, "Target cell as printed."),
    F("actual_printed", pa.string(), None, "Actual cell as printed."),
    F("target_line", pa.int32(), "line", "Source line of the target row."),
    F("actual_line", pa.int32(), "line", "Source line of the actual row."),
    F("target_correction_id", pa.string(), None, "Corrections-register id applied to the target, if any."),
    F("actual_correction_id", pa.string(), None, "Corrections-register id applied to the actual, if any."),
    # notes
    F("stage", pa.string(), None, "PDCA stage of a note.", vocab.NOTE_STAGES),
    F("seq", pa.int16(), None, "Order of the row within its group (1-based)."),
    F("text", pa.string(), None, "Text as printed (tables flattened to readable lines); never interpreted as markup."),
    F("layout", pa.string(), None, "Do blocks that print a table: one line per printed line, a table row as a tab followed by its cells joined by tabs (empty cells kept); null for plain text."),
    # council opinions
    F("opinion_group", pa.string(), None, "Which list of council opinions: cross_cutting (各事業に横断的) or other (その他).", vocab.OPINION_GROUPS),
    F("opinion", pa.string(), None, "Council opinion (改善等意見)."),
    F("response", pa.string(), None, "City response (平成29年度以降の対応)."),
    # procurement (第19条)
    F("firm_class", pa.string(), None, "Contractor class of the procurement table.", vocab.FIRM_CLASSES),
    F("category", pa.string(), None, "Procurement category.", vocab.CATEGORIES),
    F("value", pa.float64(), "see unit", "A numeric value whose unit is in `unit`."),
    # context and survey
    F("key", pa.string(), None, "Stable identifier of a context figure."),
    F("label", pa.string(), None, "Label of a context figure (Japanese)."),
    F("period", pa.string(), None, "Period a context figure refers to, as stated."),
    F("industry_code", pa.string(), None, "Industry letter of the survey table (A–R); null for 不明/合計."),
    F("industry", pa.string(), None, "Industry (産業大分類) as printed."),
    F("responses", pa.int64(), "件", "Survey responses."),
    F("sent", pa.int64(), "件", "Survey questionnaires sent."),
    F("rate_pct", pa.float64(), "%", "Response rate as printed."),
    # corrections and discrepancies
    F("reason", pa.string(), None, "Why a correction was made or a discrepancy kept (Japanese)."),
    F("reason_en", pa.string(), None, "The same reason in English."),
    F("correction_kind", pa.string(), None, "What a correction repairs: a number read from the source, or the text of a line.", vocab.CORRECTION_KINDS),
    F("corrected", pa.string(), None, "The corrected value (as text)."),
    F("check", pa.string(), None, "Which build validation a discrepancy belongs to."),
    F("scope", pa.string(), None, "What a correction or discrepancy concerns (program and value, table cell)."),
    F("computed", pa.string(), None, "The value the report's other figures imply."),
    F("discrepancy_id", pa.string(), None, "Id of a reviewed discrepancy."),
)
FIELDS: dict[str, Field] = {f.name: f for f in _FIELDS}

_KEY = ("report_city", "report_fy")

_TABLES = (
    Table("reports", "One row per report: title and the source it was built from.",
          _KEY + ("report_title", "published", "source_file", "source_sha256"),
          _KEY, _KEY + ("report_title", "source_file", "source_sha256")),
    Table("articles", "Ordinance articles 第12条–第19条 with their titles and text.",
          _KEY + ("article_no", "article_title", "ordinance_text", "page", "source_line", "text_line"),
          _KEY + ("article_no",), _KEY + ("article_no", "article_title", "ordinance_text", "source_line")),
    Table("programs", "The 65 programs (事務事業): article, key flag, page.",
          _KEY + ("program_no", "program_name", "article_no", "is_key", "page", "remark",
                  "no_indicator_reason", "no_money_reason", "source_line"),
          _KEY + ("program_no",), _KEY + ("program_no", "program_name", "article_no", "is_key", "source_line")),
    Table("money", "Money per program and measure, in 千円, with the printed text and its line.",
          _KEY + ("program_no", "measure", "amount_kyen", "printed", "correction_id", "page", "source_line"),
          _KEY + ("program_no", "measure"), _KEY + ("program_no", "measure")),
    Table("indicators", "Performance indicators of key programs, one row per fiscal year.",
          _KEY + ("program_no", "indicator_no", "indicator_name", "unit", "is_cumulative", "direction",
                  "fiscal_year", "target", "actual", "target_printed", "actual_printed",
                  "target_line", "actual_line", "target_correction_id", "actual_correction_id",
                  "page", "source_line"),
          _KEY + ("program_no", "indicator_no", "fiscal_year"),
          _KEY + ("program_no", "indicator_no", "indicator_name", "unit", "is_cumulative", "direction",
                  "fiscal_year", "target_line", "actual_line", "source_line")),
    Table("notes", "PDCA text per program (or article, for 第19条), one row per bullet or block.",
          _KEY + ("article_no", "program_no", "stage", "seq", "text", "layout", "page", "source_line"),
          _KEY + ("article_no", "program_no", "stage", "seq"),
          _KEY + ("article_no", "stage", "seq", "text", "source_line")),
    Table("opinions", "Council opinions on the whole programme and the city's responses (section 4 opening).",
          _KEY + ("opinion_group", "seq", "opinion", "response", "page", "source_line"),
          _KEY + ("opinion_group", "seq"), _KEY + ("opinion_group", "seq", "opinion", "response", "source_line")),
    Table("procurement", "第19条 contract table: counts and amounts by contractor class and category, and the printed change rows.",
          _KEY + ("fiscal_year", "firm_class", "category", "measure", "value", "unit", "printed", "page", "source_line"),
          _KEY + ("fiscal_year", "firm_class", "category", "measure"),
          _KEY + ("fiscal_year", "firm_class", "category", "measure", "value", "unit", "printed", "source_line")),
    Table("context", "Numeric context of section 2 (市内産業の現状).",
          _KEY + ("key", "label", "value", "unit", "period", "printed", "page", "source_line"),
          _KEY + ("key",), _KEY + ("key", "label", "value", "unit", "printed", "source_line")),
    Table("survey", "Survey response table by industry (市内産業の実態調査).",
          _KEY + ("industry_code", "industry", "responses", "sent", "rate_pct", "page", "source_line"),
          _KEY + ("industry",), _KEY + ("industry", "responses", "source_line")),
    Table("corrections", "Source defects repaired by the reviewed corrections register, as applied.",
          _KEY + ("correction_id", "correction_kind", "scope", "printed", "corrected", "reason", "reason_en", "source_line"),
          _KEY + ("correction_id",), _KEY + ("correction_id", "correction_kind", "scope", "printed", "corrected", "reason", "source_line")),
    Table("discrepancies", "Places where the report contradicts itself: both figures kept, reviewed.",
          _KEY + ("discrepancy_id", "check", "scope", "printed", "computed", "reason", "reason_en", "source_line"),
          _KEY + ("discrepancy_id",), _KEY + ("discrepancy_id", "check", "scope", "printed", "computed", "reason", "source_line")),
)
TABLES: dict[str, Table] = {t.name: t for t in _TABLES}

def arrow_schema() -> pa.Schema:
    """The schema of the stored file: `table` then every field used by any table, in declaration order."""
    used = {name for t in _TABLES for name in t.fields}
    return pa.schema([pa.field(f.name, f.type, nullable=True) for f in _FIELDS if f.name == "table" or f.name in used])


def table_schema(name: str) -> pa.Schema:
    """Arrow schema of one table's columns."""
    t = TABLES[name]
    return pa.schema([pa.field(n, FIELDS[n].type, nullable=n not in t.required) for n in t.fields])


# ---------------------------------------------------------------- derived fields
# Columns the model computes (kpi.metrics, kpi.trends, kpi.rollup) and never stores, declared like the
# stored ones: one name, one type, one unit and one meaning on every page, chart and export.
_STATUS_KEYS = tuple(s.key for s in status.STATUSES)  # declared in kpi.status, in order
_DERIVED = (
    *(F(col, pa.float64(), vocab.BASE_MONEY_UNIT, f"Money measure `{m}` of the program, in thousand yen; null where none.")
      for m, col in vocab.MONEY_COLUMNS.items()),
    F("base_kyen", pa.float64(), "千円", "The amount a change is measured from: the budget (key program) or the actual (other program)."),
    F("next_kyen", pa.float64(), "千円", "The next year's amount: budget (key program) or outline (other program)."),
    F("change_kyen", pa.float64(), "千円", "next_kyen − base_kyen; null where either is missing."),
    F("change_pct", pa.float64(), "%", "change_kyen ÷ base_kyen × 100; null where the base is not above 0."),
    F("change_basis", pa.string(), None, "What the change is measured from.", ("budget", "actual")),
    F("execution_rate_pct", pa.float64(), "%", "Settlement ÷ budget × 100 of the report year, key programs only."),
    F("stated_change_differs", pa.bool_(), None, "True where the printed change differs from next year's budget − this year's."),
    F("is_scale_outlier", pa.bool_(), None, "True for the programs kpi.scope leaves out of money totals by default."),
    F("money_correction_ids", pa.string(), None, "Corrections-register ids applied to the program's money, comma-separated."),
    F("attainment_pct", pa.float64(), "%", "Actual ÷ target × 100 (target ÷ actual where lower is better); null where not evaluable."),
    F("status", pa.string(), None, "Attainment status (kpi.status).", _STATUS_KEYS),
    F("status_order", pa.int64(), None, "Position of the status in kpi.status.STATUSES (0 = achieved)."),
    F("shortfall", pa.float64(), "indicator unit", "How far the actual is from the target (0 when met); null where not evaluable."),
    F("actual_change", pa.float64(), "indicator unit", "Actual − the previous fiscal year's actual; null without that year."),
    F("is_corrected", pa.bool_(), None, "True where the target or the actual went through the corrections register."),
    F("check_text", pa.string(), None, "The program's council Check bullets, joined by newlines."),
    F("action_text", pa.string(), None, "The program's city Action bullets, joined by newlines."),
    F("sme_amount_myen", pa.float64(), "百万円", "第19条: contract amount to 市内中小企業."),
    F("total_amount_myen", pa.float64(), "百万円", "第19条: total contract amount."),
    F("sme_share_pct", pa.float64(), "%", "第19条: sme_amount_myen ÷ total_amount_myen × 100."),
    F("share_change_pt", pa.float64(), "percentage points", "第19条: change of sme_share_pct from the previous fiscal year."),
    F("category_order", pa.int64(), None, "Position of the procurement category in kpi.vocab.CATEGORIES."),
    F("program_key", pa.string(), None, "A program's identity across reports: its name NFKC width-folded, without spaces (kpi.vocab.name_key)."),
    F("share_achieved_pct", pa.float64(), "%", "Indicators achieved ÷ evaluable indicators × 100."),
    F("median_attainment_pct", pa.float64(), "%", "Median attainment of the evaluable indicators."),
    F("evaluable", pa.int64(), None, "Indicators with a target above 0 and an actual."),
    F("total", pa.int64(), None, "Indicators counted (every status)."),
)
DERIVED_FIELDS: dict[str, Field] = {f.name: f for f in _DERIVED}


# ---------------------------------------------------------------- peer catalogue (data/peers.parquet)
# The four other source documents (peer cities' precedents) are a sibling file with the same storage
# design (one long table, column `table`). Their fields are declared here once; names shared with the
# report's tables (text, printed, unit, source_line, fiscal_year, article_no, …) keep one meaning.

PEER_STATUSES = (
    "actual",  # the document reports it as done in that fiscal year (e.g. 28年度： in 001)
    "plan",  # the document reports it as planned for that fiscal year (e.g. 29年度： in 001)
    "plan_period",  # a program of an approved multi-year plan (004: 令和2–4年度)
    "undated",  # a focus paragraph without a year (002, c. 2013)
)
MAPPING_QUALITIES = (
    "clean",  # the entry is about one thing, and that thing is what one Kawasaki article covers
    "bundled-then-split",  # the printed entry named several programs; this row is one of them
    "ambiguous",  # the entry fits more than one article; the register names the one chosen and why
    "none",  # no Kawasaki article fits (article_no is null): explicitly unmappable
)
ACTOR_KINDS = ("municipality", "chamber", "council")
PEER_REPAIR_KINDS = ("nfkc", "join", "typo", "kept")

_PEER_FIELDS = (
    F("doc_id", pa.string(), None, "Peer source document: the seed file's number (000, 001, 002, 004)."),
    F("issuer", pa.string(), None, "Who issued the peer document."),
    F("framework", pa.string(), None, "The declaration or plan framework the document reports under (e.g. 尼崎宣言)."),
    F("approx_date", pa.string(), None, "When the document was issued, approximately (the documents carry no date)."),
    F("actual_fy", pa.int16(), "fiscal year", "Fiscal year the document reports as done (actual); null if none."),
    F("plan_fy", pa.int16(), "fiscal year", "First fiscal year the document reports as planned; null if none."),
    F("plan_fy_end", pa.int16(), "fiscal year", "Last fiscal year of the document's plan period (004: 2022); null if one year or none."),
    F("actor_name", pa.string(), None, "Reporting body as printed, NFKC-normalised (川⼝市 U+2F1D → 川口市)."),
    F("city", pa.string(), None, "City (市/区) the reporting body belongs to; null for the council as a whole."),
    F("actor_kind", pa.string(), None, "Kind of reporting body.", ACTOR_KINDS),
    F("activity_id", pa.string(), None, "Peer activity id: document:line of the entry's first line, with .N for a part of a bundled entry split by the register."),
    F("status", pa.string(), None, "Whether the entry reports something done, planned, in a plan period, or undated.", PEER_STATUSES),
    F("fy_end", pa.int16(), "fiscal year", "Last fiscal year an entry covers (plan periods); equals fiscal_year otherwise."),
    F("pillar", pa.string(), None, "Declaration pillar (●「…」関連) or plan pillar (1 事業承継支援) the entry is under; null where none."),
    F("title", pa.string(), None, "Heading of the entry where the document gives one (○ focus title, ● council item, 004 program name)."),
    F("last_line", pa.int32(), "line", "Last source line of the entry (wrapped lines joined)."),
    F("refers_to", pa.string(), None, "For a 「上記…」 entry: the activity_id(s) it refers to (reviewed register), comma-separated."),
    F("program_id", pa.string(), None, "Recurring named program (alias register) the entry belongs to; null if none."),
    F("program_label", pa.string(), None, "Canonical name of the recurring program (alias register) the entry belongs to."),
    F("mapping_quality", pa.string(), None, "How cleanly the entry maps to a Kawasaki article (reviewed mapping register).", MAPPING_QUALITIES),
    F("typo_note", pa.string(), None, "Source typos in the entry, kept as printed: 'printed→meant' (reviewed repairs register)."),
    F("qualifier", pa.string(), None, "Qualifier printed before a count (延べ, うち); null if none."),
    F("count", pa.int64(), "see unit", "A count printed in a peer entry (e.g. 58 in 延べ58商談)."),
    F("repair_id", pa.string(), None, "Id of a text repair (NFKC, joined wraps, typo kept as printed)."),
    F("repair_kind", pa.string(), None, "What a text repair is.", PEER_REPAIR_KINDS),
    F("repaired", pa.string(), None, "The text as read after the repair (for a typo: what is meant; the entry keeps the printed text)."),
    F("times", pa.int32(), None, "How many times a repair applies in the document."),
)
PEER_FIELDS: dict[str, Field] = {f.name: f for f in _PEER_FIELDS}  # kept apart: FIELDS is the main file's
_ANY_FIELD = {**FIELDS, **PEER_FIELDS}

_PEER_TABLES = (
    Table("peer_documents", "Peer source documents: issuer, framework, approximate date, the fiscal years reported as actual and as plan.",
          ("doc_id", "issuer", "framework", "approx_date", "actual_fy", "plan_fy", "plan_fy_end", "source_file", "source_sha256"),
          ("doc_id",), ("doc_id", "issuer", "framework", "approx_date", "source_file", "source_sha256")),
    Table("peer_actors", "Reporting bodies per peer document: city and kind (municipality, chamber of commerce, council).",
          ("doc_id", "actor_name", "city", "actor_kind", "source_line"),
          ("doc_id", "actor_name"), ("doc_id", "actor_name", "actor_kind", "source_line")),
    Table("peer_activities", "One row per body × fiscal year × entry (bundled entries split into their programs), mapped to a Kawasaki article.",
          ("activity_id", "doc_id", "actor_name", "city", "actor_kind", "fiscal_year", "fy_end", "status", "pillar", "title",
           "text", "source_line", "last_line", "refers_to", "program_id", "program_label", "article_no",
           "mapping_quality", "reason", "typo_note"),
          ("activity_id",), ("activity_id", "doc_id", "actor_name", "actor_kind", "status", "text", "source_line", "last_line",
                             "mapping_quality", "reason")),
    Table("peer_metrics", "Counts printed in peer entries (延べ58商談, 36企業参加): count, unit, qualifier, line.",
          ("activity_id", "doc_id", "seq", "count", "unit", "qualifier", "printed", "source_line"),
          ("activity_id", "seq"), ("activity_id", "doc_id", "seq", "count", "unit", "printed", "source_line")),
    Table("peer_repairs", "Text repairs of the peer documents as applied: NFKC characters, joined wraps, typos kept as printed.",
          ("doc_id", "repair_id", "repair_kind", "printed", "repaired", "times", "reason", "source_line"),
          ("doc_id", "repair_id"), ("doc_id", "repair_id", "repair_kind", "printed", "times", "reason")),
)
PEER_TABLES: dict[str, Table] = {t.name: t for t in _PEER_TABLES}
PEER_SCHEMA_VERSION = "1"


def peer_table_schema(name: str) -> pa.Schema:
    """Arrow schema of one peer table's columns."""
    t = PEER_TABLES[name]
    return pa.schema([pa.field(n, _ANY_FIELD[n].type, nullable=n not in t.required) for n in t.fields])


def peer_arrow_schema() -> pa.Schema:
    """The schema of data/peers.parquet: `table` then every field a peer table uses, in declaration order."""
    used = {name for t in _PEER_TABLES for name in t.fields}
    return pa.schema([pa.field(f.name, f.type, nullable=True) for f in _ANY_FIELD.values() if f.name == "table" or f.name in used])
