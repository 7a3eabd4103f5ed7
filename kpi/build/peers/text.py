"""A peer document's text: the shipped bytes, the NFKC step (recorded), and joining wrapped lines."""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kpi.build.parse import join_wrapped
from kpi.build.source import BuildError

HERE = Path(__file__).parent
ROOT = HERE.parents[2]
RAW = ROOT / "data" / "raw" / "peers"


def read_register(name: str) -> list[dict]:
    """Rows of one of this package's CSV registers, with their CSV line (header = line 1)."""
    with (HERE / name).open(encoding="utf-8", newline="") as fh:
        return [dict(row, _line=n) for n, row in enumerate(csv.DictReader(fh), start=2)]


@dataclass
class PeerDoc:
    """One shipped peer text: raw lines as printed and the NFKC lines every parser reads."""

    doc_id: str
    path: Path
    raw: list[str]
    lines: list[str]
    sha256: str

    @classmethod
    def read(cls, doc_id: str, path: Path) -> "PeerDoc":
        data = path.read_bytes()
        raw = data.decode("utf-8").split("\n")
        return cls(doc_id, path, raw, [unicodedata.normalize("NFKC", ln) for ln in raw], hashlib.sha256(data).hexdigest())

    def line(self, no: int) -> str:
        """NFKC text of 1-based line `no`."""
        return self.lines[no - 1]

    def nfkc_repairs(self) -> list[dict]:
        """The NFKC step as data: one row per printed character it changed, with count and first line."""
        seen: Counter = Counter()
        first: dict[str, int] = {}
        for no, ln in enumerate(self.raw, start=1):
            for ch in ln:
                if unicodedata.normalize("NFKC", ch) != ch:
                    seen[ch] += 1
                    first.setdefault(ch, no)
        out = []
        for ch in sorted(seen, key=lambda c: (first[c], ord(c))):
            nf = unicodedata.normalize("NFKC", ch)
            kind = "Kangxi radical" if 0x2F00 <= ord(ch) <= 0x2FDF else unicodedata.name(ch, "?").title()
            out.append({"doc_id": self.doc_id, "repair_id": f"N-U+{ord(ch):04X}", "repair_kind": "nfkc", "printed": ch,
                        "repaired": nf, "times": seen[ch], "source_line": first[ch],
                        "reason": f"NFKC: U+{ord(ch):04X} ({kind}) → {nf!r}; PDF extraction / full-width forms, so one name is one key"})
        return out


def clean(text: str) -> str:
    """Spaces collapsed; spaces the PDF put between two CJK characters removed."""
    return join_wrapped(re.sub(r"\s+", " ", text).strip())


def join(parts: list[str]) -> str:
    """Wrapped lines (and the blank-line padding between them) as one text, with no separator: the
    PDF wraps mid-word (カリキ|ュラム, Ｐ|Ｒする), and every wrap in these documents is inside a sentence."""
    return clean("".join(p.strip() for p in parts))


def stale(register: str, row: dict, problem: str) -> BuildError:
    return BuildError(f"kpi/build/peers/{register} line {row['_line']}: {problem}")
