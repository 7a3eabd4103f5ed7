"""The source text and the strict reading of numbers in it, through the corrections register."""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from kpi.source import SourceError
from kpi.vocab import MISSING_MARKS  # declared with the model

HERE = Path(__file__).parent
CORRECTIONS_CSV = HERE / "corrections.csv"

_STRICT_INT = re.compile(r"^[+\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)$")
_STRICT_DECIMAL = re.compile(r"^[+\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


BuildError = SourceError  # the build fails as the source text does: one class, the message names the line


@dataclass(frozen=True)
class Correction:
    correction_id: str
    kind: str  # "number": a value read through Source.number; "text": a repair of the line's text
    source_line: int
    printed: str
    corrected: str
    reason: str
    reason_en: str


@dataclass
class Number:
    """A number read from the source: its value, printed text, line and applied correction."""

    value: int | None
    printed: str
    line: int
    correction_id: str | None = None


def load_corrections(path: Path = CORRECTIONS_CSV) -> dict[tuple[int, str], Correction]:
    """The reviewed corrections register, keyed by (line, printed text)."""
    out: dict[tuple[int, str], Correction] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            c = Correction(row["correction_id"], row["kind"], int(row["source_line"]), row["printed"], row["corrected"],
                           row["reason"], row["reason_en"])
            if c.kind not in ("number", "text"):
                raise BuildError(f"corrections.csv {c.correction_id}: unknown kind {c.kind!r}")
            if (c.source_line, c.printed) in out:
                raise BuildError(f"corrections.csv: duplicate entry for line {c.source_line} {c.printed!r}")
            out[(c.source_line, c.printed)] = c
    return out


@dataclass
class Source:
    """The report text as lines (1-based access) plus the corrections register and its use."""

    path: Path
    lines: list[str]
    sha256: str
    corrections: dict[tuple[int, str], Correction]
    used_corrections: dict[str, str] = field(default_factory=dict)  # correction id → what it corrected

    @classmethod
    def read(cls, path: Path, corrections_path: Path = CORRECTIONS_CSV) -> "Source":
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BuildError(f"{path}: not UTF-8 text ({exc})") from exc
        src = cls(path, text.split("\n"), hashlib.sha256(raw).hexdigest(), load_corrections(corrections_path))
        src._repair_text()
        return src

    def _repair_text(self) -> None:
        """Apply the register's text repairs (kind "text"): each printed text must occur once on its line."""
        for c in self.corrections.values():
            if c.kind != "text" or not 0 < c.source_line <= len(self.lines):
                continue
            line = self.lines[c.source_line - 1]
            if line.count(c.printed) == 1:
                self.lines[c.source_line - 1] = line.replace(c.printed, c.corrected)
                self.used_corrections[c.correction_id] = f"本文 {c.source_line}行目 (text of line {c.source_line})"

    def line(self, no: int) -> str:
        return self.lines[no - 1]

    def decimal(self, printed: str, line: int, what: str) -> float | None:
        """Read one printed decimal (e.g. 25.0, 1,588) strictly; BuildError naming the line otherwise."""
        text = printed.strip()
        if text in MISSING_MARKS:
            return None
        if not _STRICT_DECIMAL.match(text):
            raise BuildError(f"line {line}: {what}: cannot read number {text!r}")
        return float(text.replace(",", "").replace("−", "-"))

    def number(self, printed: str, line: int, what: str) -> Number:
        """Read one printed integer strictly; a defect must be in the corrections register."""
        text = printed.strip()
        if text in MISSING_MARKS:
            return Number(None, text, line)
        if _STRICT_INT.match(text):
            return Number(int(text.replace(",", "").replace("−", "-")), text, line)
        corr = self.corrections.get((line, text))
        if corr is None or corr.kind != "number":
            raise BuildError(
                f"line {line}: {what}: cannot read number {text!r}; "
                f"if this is a source defect, add it to kpi/build/corrections.csv"
            )
        self.used_corrections[corr.correction_id] = what
        return Number(int(corr.corrected), text, line, corr.correction_id)


def normalize_name(text: str) -> str:
    """A program or indicator name without PDF-inserted spaces, markers and footnote stars."""
    text = re.sub(r"^[\-・○〇●\s]+", "", text)
    text = text.replace("*", "").replace("＊", "")
    return re.sub(r"\s+", "", text)
