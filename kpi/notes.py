"""PDCA notes: per program, full-text search, and match segments for highlighting."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from kpi.io import Report
from kpi.labels import STAGES

STAGE_ORDER = {k: n for n, k in enumerate(STAGES)}
_KEYS = ["report_city", "report_fy"]


def fold(text: str) -> str:
    """Text folded for matching: NFKC (full-width → half-width) and case-folded. Length-preserving
    for the characters the report uses, so match offsets apply to the original text."""
    return unicodedata.normalize("NFKC", text).casefold()


def matches(texts: pd.Series, query: str) -> pd.Series:
    """Boolean mask: which texts contain every word of `query` (width- and case-insensitive)."""
    folded = texts.astype(str).map(fold)
    mask = pd.Series(True, index=texts.index)
    for word in fold(query).split():
        mask &= folded.str.contains(word, regex=False)
    return mask


def program_notes(report: Report, program_no: int | None = None, article_no: int | None = None) -> pd.DataFrame:
    """Notes of one program (or of an article's own notes, e.g. 第19条), in PDCA order."""
    n = report.notes
    if program_no is not None:
        n = n[n["program_no"] == program_no]
    else:
        n = n[n["program_no"].isna() & (n["article_no"] == article_no)]
    n = n.assign(stage_order=n["stage"].map(STAGE_ORDER))
    return n.sort_values(["stage_order", "seq"]).reset_index(drop=True)


def search(report: Report, query: str) -> pd.DataFrame:
    """Every note and council opinion containing `query` (case- and width-insensitive; all words
    must occur), with its program. Empty query → empty result."""
    words = [w for w in fold(query).split() if w]
    cols = ["kind", "article_no", "program_no", "program_name", "stage", "seq", "text", "source_line"]
    if not words:
        return pd.DataFrame(columns=cols)
    names = report.programs[_KEYS + ["program_no", "program_name"]]
    notes = report.notes.merge(names, on=_KEYS + ["program_no"], how="left").assign(kind="note")
    ops = report.opinions.assign(kind="opinion", article_no=pd.NA, program_no=pd.NA, program_name=pd.NA,
                                 stage=report.opinions["opinion_group"],
                                 text=report.opinions["opinion"] + "\n→ " + report.opinions["response"])
    allrows = pd.concat([notes[cols], ops[cols]], ignore_index=True)
    return allrows[matches(allrows["text"], query)].reset_index(drop=True)


def segments(text: str, query: str) -> list[tuple[str, bool]]:
    """`text` split into (piece, is_match) for highlighting every word of `query`; plain text only."""
    words = sorted({w for w in fold(query).split() if w}, key=len, reverse=True)
    folded = fold(text)
    if not words or len(folded) != len(text):
        return [(text, False)] if not words else _segments_slow(text, words)
    pat = re.compile("|".join(re.escape(w) for w in words))
    out, pos = [], 0
    for m in pat.finditer(folded):
        if m.start() > pos:
            out.append((text[pos:m.start()], False))
        out.append((text[m.start():m.end()], True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def _segments_slow(text: str, words: list[str]) -> list[tuple[str, bool]]:
    """Per-character folding when NFKC changes the length (rare ligatures)."""
    flags = [False] * len(text)
    folded_chars = [fold(c) for c in text]
    joined = "".join(folded_chars)
    starts = []
    acc = 0
    for c in folded_chars:
        starts.append(acc)
        acc += len(c)
    for w in words:
        for m in re.finditer(re.escape(w), joined):
            for k, s in enumerate(starts):
                if m.start() <= s < m.end():
                    flags[k] = True
    out: list[tuple[str, bool]] = []
    for ch, f in zip(text, flags):
        if out and out[-1][1] == f:
            out[-1] = (out[-1][0] + ch, f)
        else:
            out.append((ch, f))
    return out
