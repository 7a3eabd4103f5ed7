"""The report's source text as the model reads it: the cells of its markdown-like table rows, headings
found by their text, and the page of each heading the contents list. The build (kpi.build, which
adds the corrections register) and the provenance model (kpi.provenance) both read through here."""

from __future__ import annotations

import html
import re
from typing import Protocol


class SourceError(Exception):
    """The source cannot be turned into data as it stands; the message names the line."""


class Lines(Protocol):
    """A text as lines with 1-based access (kpi.build.source.Source, kpi.provenance.ReportText)."""

    lines: list[str] | tuple[str, ...]

    def line(self, no: int) -> str: ...


def cells(row: str) -> list[str]:
    """The cells of a markdown-like table row, stripped."""
    row = row.strip()
    if not row.startswith("|"):
        return []
    parts = row.split("|")[1:]
    if parts and parts[-1].strip() == "":
        parts = parts[:-1]
    return [p.strip() for p in parts]


def is_separator(row: str) -> bool:
    return bool(re.match(r"^\|[\s|:\-]+\|?$", row.strip())) and "-" in row


def strip_markup(text: str) -> str:
    """Cell text without the PDF extractor's HTML tags; entities decoded; spaces collapsed."""
    text = re.sub(r"<\s*(?:br|/p|/li|/div)\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"<[^>]+>", " ", text)
    text = html.unescape(text)
    lines = [re.sub(r"[ \t\u3000]+", " ", ln).strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


_CJK = r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]"


def join_wrapped(text: str) -> str:
    """Remove spaces the PDF inserted between two CJK characters at line wraps."""
    return re.sub(rf"(?<={_CJK}) (?={_CJK})", "", text)


def find_line(src: Lines, text: str, start: int = 1, end: int | None = None) -> int:
    """The first line (1-based) in [start, end) whose stripped text equals `text`; SourceError if none."""
    end = end or len(src.lines) + 1
    for no in range(start, end):
        if src.line(no).strip() == text:
            return no
    raise SourceError(f"heading {text!r} not found between lines {start} and {end}")


def find_prefix(src: Lines, prefix: str, start: int = 1, end: int | None = None) -> int:
    end = end or len(src.lines) + 1
    for no in range(start, end):
        if src.line(no).strip().startswith(prefix):
            return no
    raise SourceError(f"line starting {prefix!r} not found between lines {start} and {end}")


def section_pages(src: Lines) -> dict[str, int]:
    """Start pages of the sections listed in the contents, by heading text without spaces."""
    end = find_line(src, "1 はじめに")
    out = {}
    for no in range(1, end):
        cs = cells(src.line(no))
        if len(cs) >= 3 and re.fullmatch(r"\d+", cs[-1] or ""):
            out[re.sub(r"\s+", "", cs[-2])] = int(cs[-1])
    return out


def heading_pages(src: Lines, pages: dict[str, int] | None = None) -> list[tuple[int, int, str]]:
    """(line, page, heading) of each body heading the contents list (e.g. 「(3) 倒産件数の動向」 → p.6),
    in line order: where each listed section starts in the text."""
    pages = section_pages(src) if pages is None else pages
    out, seen = [], set()
    for no in range(find_line(src, "1 はじめに"), len(src.lines) + 1):
        text = src.line(no).strip()
        key = re.sub(r"\s+", "", text)
        key = key if key in pages else re.sub(r"^\d+", "", key)
        if key in pages and key not in seen and not text.startswith(("|", "第")):  # 第N条: page headers
            seen.add(key)
            out.append((no, pages[key], text))
    return out
