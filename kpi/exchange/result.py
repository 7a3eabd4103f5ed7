"""What an import gave: the report's typed tables, every issue, the file's identity."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kpi import schema
from kpi.exchange.issues import ERROR, INFO, SEVERITY_LABELS, WARNING, Issue
from kpi.io import Report, typed

@dataclass
class ImportResult:
    """What a file gave: the report's tables (typed, as kpi.schema declares them; empty when there
    are errors), every issue, and the file's identity."""

    filename: str
    sha256: str
    issues: list[Issue]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.tables)

    @property
    def key(self) -> tuple[str, int] | None:
        if "reports" not in self.tables or self.tables["reports"].empty:
            return None
        r = self.tables["reports"].iloc[0]
        return str(r["report_city"]), int(r["report_fy"])

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every table of kpi.schema (those the format does not carry are empty, typed)."""
        return {name: self.tables[name] if name in self.tables else typed(name, pd.DataFrame())
                for name in schema.TABLES}

    def report(self) -> Report:
        return Report(**self.frames(), source_sha256=self.sha256)

    def summary(self) -> dict:
        """Counts for a preview: programs, key programs, money rows, indicators, notes, years."""
        if not self.tables:
            return {}
        t = self.tables
        ind = t["indicators"]
        return {
            "city": self.key[0], "fiscal_year": self.key[1], "title": str(t["reports"]["report_title"].iloc[0]),
            "articles": len(t["articles"]), "programs": len(t["programs"]),
            "key_programs": int(t["programs"]["is_key"].sum()), "money_rows": len(t["money"]),
            "money_values": int(t["money"]["amount_kyen"].notna().sum()),
            "indicators": int(ind[["program_no", "indicator_no"]].drop_duplicates().shape[0]),
            "indicator_rows": len(ind), "indicator_years": sorted({int(y) for y in ind["fiscal_year"]}),
            "notes": len(t["notes"]),
        }

    def issues_frame(self, lang: str = "ja") -> pd.DataFrame:
        """The issues as a table (labels in `lang`), errors first."""
        order = {ERROR: 0, WARNING: 1, INFO: 2}
        rows = sorted(self.issues, key=lambda i: order[i.severity])
        ja = lang == "ja"
        return pd.DataFrame({
            "重大度" if ja else "Severity": [SEVERITY_LABELS[i.severity][0 if ja else 1] for i in rows],
            "内容" if ja else "Message": [i.message(lang) for i in rows],
            "シート" if ja else "Sheet": [i.sheet or "" for i in rows],
            "行" if ja else "Row": pd.array([i.row for i in rows], dtype="Int64"),
            "列" if ja else "Column": [i.column or "" for i in rows],
            "ファイル" if ja else "File": [i.file for i in rows],
            "コード" if ja else "Code": [i.code for i in rows],
        })

