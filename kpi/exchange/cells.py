"""Cells → typed values: one row's cells read by their column's kind, every problem an Issue."""

from __future__ import annotations

import datetime as dt
import math
import re

from kpi import fmt, inert
from kpi.exchange import limits
from kpi.exchange.files import _NoValue, _Raw
from kpi.exchange.issues import Issue, make_issue
from kpi.exchange.layout import Col
from kpi.exchange.vocab import (_DIRECTIONS, _MEASURES, _STAGES, CITY_FORBIDDEN, DIRECTION_LABELS, FLAG_FALSE, FLAG_TRUE,
                                CONTROL_CHARS, INVISIBLE_CHARS, MEASURE_LABELS, MISSING_MARKS, STAGE_LABELS,
                                UNIT_ALIASES, _token, nfkc)
from kpi.vocab import KNOWN_UNITS


class _Cells:
    """Reads one row's cells into typed values, adding an Issue for every problem."""

    def __init__(self, raw: _Raw, issues: list[Issue]):
        self.raw, self.issues = raw, issues

    def issue(self, code: str, row: int | None, col: Col | None = None, **values) -> None:
        self.issues.append(make_issue(code, self.raw.file, self.raw.label, row, col.header if col else None, **values))

    def value(self, col: Col, cell, row: int):
        """The cell read as its column's kind; None when blank, missing (—) or unreadable."""
        if isinstance(cell, _NoValue):
            self.issue("formula_no_value", row, col, formula=cell.formula[:60])
            return _BAD
        if isinstance(cell, str):
            cell = unquote_formula(cell)
            if not self._clean(col, cell, row):
                return _BAD
        if col.kind == "printed":  # kept exactly as typed
            return _text(cell, strip=False)
        text = _text(cell)
        if text is None:
            if col.required:
                self.issue("missing_value", row, col)
                return _BAD
            return None
        reader = getattr(self, f"_{col.kind}")
        return reader(col, cell, text, row)

    def _clean(self, col: Col, cell: str, row: int) -> bool:
        """No control character (tab and line breaks aside), no invisible or bidi control, not too long."""
        bad = CONTROL_CHARS.search(cell.replace("\t", " ").replace("\n", " ").replace("\r", " "))
        if bad:
            self.issue("control_character", row, col, char=f"U+{ord(bad.group()):04X}")
            return False
        bad = INVISIBLE_CHARS.search(cell)
        if bad:
            self.issue("invisible_character", row, col, char=f"U+{ord(bad.group()):04X}")
            return False
        limit = limits.MAX_LABEL_CHARS if col.field in _LABEL_FIELDS else limits.MAX_TEXT_CHARS
        if len(cell) > limit:
            self.issue("text_too_long", row, col, n=f"{len(cell):,}", limit=f"{limit:,}")
            return False
        return True

    # kinds
    def _text(self, col, cell, text, row):
        return text

    def _city(self, col, cell, text, row):
        text = nfkc(text).strip()  # one spelling per city: width variants folded
        if CITY_FORBIDDEN.search(text) or len(text) > limits.MAX_NAME_CHARS or text.startswith("."):
            self.issue("bad_city", row, col, text=text)
            return _BAD
        return text

    def _fy(self, col, cell, text, row):
        fy = None
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            if math.isfinite(cell) and float(cell).is_integer() and abs(cell) < 10**6:
                fy = int(cell)
        else:
            try:
                fy = fmt.parse_fy(text) if len(text) <= 40 else None
            except ValueError:
                fy = None
        if fy is None:
            self.issue("bad_fy", row, col, text=text)
            return _BAD
        low, high = limits.FY_RANGE
        if not low <= fy <= high:
            self.issue("implausible_fy", row, col, fy=fy, low=low, high=high)
            return _BAD
        return fy

    def _int(self, col, cell, text, row, low: int, high: int):
        if isinstance(cell, str):
            text = nfkc(text).strip()
            if col.kind == "article":
                text = re.sub(r"^第\s*(\d+)\s*条$", r"\1", text)
        v = self._numeric(col, cell, text, row, integer=True, bounds=(low, high))
        if v is None or v is _BAD:
            if v is None and col.required:
                self.issue("missing_value", row, col)
                return _BAD
            return v
        if not low <= v <= high:
            self.issue("out_of_range", row, col, text=text, low=low, high=high)
            return _BAD
        return v

    def _posint(self, col, cell, text, row):
        return self._int(col, cell, text, row, 1, 32767)

    def _page(self, col, cell, text, row):
        return self._int(col, cell, text, row, 1, 32767)

    def _line(self, col, cell, text, row):
        return self._int(col, cell, text, row, 1, 2**31 - 1)

    def _article(self, col, cell, text, row):
        return self._int(col, cell, text, row, 1, 127)

    def _flag(self, col, cell, text, row):
        t = _token(text)
        if t in {_token(x) for x in FLAG_TRUE}:
            return True
        if t in {_token(x) for x in FLAG_FALSE}:
            return False
        self.issue("bad_flag", row, col, text=text)
        return _BAD

    def _vocab(self, col, text, row, vocab: dict[str, str], code: str, known: str):
        found = vocab.get(_token(text))
        if found is None:
            self.issue(code, row, col, text=text, known=known)
            return _BAD
        return found

    def _direction(self, col, cell, text, row):
        return self._vocab(col, text, row, _DIRECTIONS, "unknown_direction", "・".join(DIRECTION_LABELS.values()))

    def _measure(self, col, cell, text, row):
        return self._vocab(col, text, row, _MEASURES, "unknown_measure", "・".join(MEASURE_LABELS.values()))

    def _stage(self, col, cell, text, row):
        return self._vocab(col, text, row, _STAGES, "unknown_stage", "・".join(STAGE_LABELS.values()))

    def _unit(self, col, cell, text, row):
        unit = nfkc(text).strip()
        unit = UNIT_ALIASES.get(unit, unit)
        if unit not in KNOWN_UNITS:
            self.issue("unknown_unit", row, col, text=text, known="・".join(KNOWN_UNITS))
            return _BAD
        return unit

    def _money(self, col, cell, text, row):
        return self._numeric(col, cell, text, row, integer=True)

    def _number(self, col, cell, text, row):
        return self._numeric(col, cell, text, row, integer=False)

    def _numeric(self, col, cell, text, row, integer: bool, bounds: tuple[int, int] | None = None):
        """A number from a numeric cell or from text: NFKC (full-width digits), separators and spaces
        removed, △/▲ as minus, a trailing 千円 in the money column; —, －, - and blank are missing."""
        if isinstance(cell, bool) or isinstance(cell, (dt.date, dt.time, dt.timedelta)):
            self.issue("not_a_number", row, col, text=text)
            return _BAD
        if isinstance(cell, (int, float)):
            if isinstance(cell, float) and not math.isfinite(cell):
                self.issue("not_a_number", row, col, text=text)
                return _BAD
            if not self._in_magnitude(col, cell, text, row, bounds):
                return _BAD
            if integer:
                if not float(cell).is_integer():
                    self.issue("not_integer", row, col, text=text)
                    return _BAD
                return int(cell)
            return float(cell)
        t = nfkc(text).strip()
        if t in MISSING_MARKS:
            return None
        s = re.sub(r"[,\s、]", "", t)
        sign = ""
        if s[:1] in ("△", "▲", "−"):
            sign, s = "-", s[1:]
        if col.kind == "money":
            s = s.removesuffix("千円")
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", s):
            self.issue("not_a_number", row, col, text=text)
            return _BAD
        s = sign + s
        digits = len(s.split(".")[0].lstrip("+-").lstrip("0"))
        if not self._in_magnitude(col, float(s) if digits <= _MAX_DIGITS else math.inf, text, row, bounds):
            return _BAD
        if integer:
            f = float(s)
            if not f.is_integer():
                self.issue("not_integer", row, col, text=text)
                return _BAD
            value = int(s) if re.fullmatch(r"[+-]?\d+", s) else int(f)
        else:
            value = float(s)
        if s != text.strip():
            shown = value if integer or not float(value).is_integer() else int(value)
            self.issue("number_normalized", row, col, text=text, value=shown)
        return value

    def _in_magnitude(self, col: Col, value: float, text: str, row: int, bounds: tuple[int, int] | None = None) -> bool:
        """Finite and within the column's declared magnitude (kpi.exchange.limits) or `bounds`; an
        out_of_range error otherwise. (Integer kinds check their own range again after reading.)"""
        if bounds is not None:
            low, high = bounds
        elif col.kind in _MAGNITUDE:
            low, high = -_MAGNITUDE[col.kind], _MAGNITUDE[col.kind]
        else:
            return True
        if math.isfinite(value) and low <= value <= high:
            return True
        self.issue("out_of_range", row, col, text=text, low=f"{low:,}", high=f"{high:,}")
        return False


_MAGNITUDE = {"money": limits.MAX_ABS_KYEN, "number": limits.MAX_ABS_INDICATOR}  # by column kind
_MAX_DIGITS = 15  # more integer digits than any bound above: refused before converting
_LABEL_FIELDS = ("report_city", "report_title", "program_name", "indicator_name", "article_title", "unit", "measure",
                 "stage", "direction")


def unquote_formula(text: str) -> str:
    """A cell the template wrote inert ('=…, see kpi.inert) read back as typed."""
    return text[1:] if text.startswith("'") and inert.is_formula_like(text[1:]) else text


_BAD = object()  # a cell that gave an error (already reported)


def _text(cell, strip: bool = True) -> str | None:
    """A cell as text: None for blank; numbers without a spurious .0; dates as ISO dates."""
    if cell is None or isinstance(cell, _NoValue):
        return None
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(sep=" ")
    if isinstance(cell, (dt.date, dt.time)):
        return cell.isoformat()
    text = str(cell).replace("\r\n", "\n").replace("\r", "\n")
    if strip:
        text = text.strip()
        return text or None
    return text if text.strip() else None


def _header_row(raw: _Raw, issues: list[Issue]) -> tuple[int, dict[int, Col]] | None:
    """The header row (the first of the first rows naming a required column) and column positions."""
    wanted = {}
    for c in raw.sheet.columns:
        for name in (c.header, c.field, c.en):
            if name:
                wanted.setdefault(_token(name), c)
    required = [c for c in raw.sheet.columns if c.required]
    for index, (r, cells) in enumerate(raw.rows[:limits.HEADER_SEARCH_ROWS]):
        found = {i: wanted.get(_token(_text(v) or "")) for i, v in enumerate(cells) if _text(v)}
        if not any(c is not None and c.required for c in found.values()):
            continue
        positions: dict[int, Col] = {}
        seen: dict[str, int] = {}
        ok = True
        for i, c in found.items():
            if c is None:
                issues.append(make_issue("unknown_column", raw.file, raw.label, r, _text(cells[i])))
                continue
            if c.field in seen:
                issues.append(make_issue("duplicate_column", raw.file, raw.label, r, c.header, name=c.header))
                ok = False
                continue
            seen[c.field] = i
            positions[i] = c
        for c in required:
            if c.field not in seen:
                issues.append(make_issue("missing_column", raw.file, raw.label, r, c.header, name=c.header))
                ok = False
        del raw.rows[: index + 1]
        return (r, positions) if ok else None
    r = raw.rows[0][0] if raw.rows else 1
    for c in required:
        issues.append(make_issue("missing_column", raw.file, raw.label, r, c.header, name=c.header))
    return None


def _records(raw: _Raw, issues: list[Issue]) -> list[dict] | None:
    """Typed records of one sheet (key `_row`: the spreadsheet row), or None when its header is unusable.
    Fields whose cell gave an error hold _BAD."""
    header = _header_row(raw, issues)
    if header is None:
        return None
    _, positions = header
    reader = _Cells(raw, issues)
    out = []
    for r, cells in raw.rows:
        if all(_text(v) is None and not isinstance(v, _NoValue) for v in cells):
            continue  # blank rows are allowed anywhere
        rec = {"_row": r, "_raw": {}}
        for i, col in positions.items():
            cell = cells[i] if i < len(cells) else None
            rec["_raw"][col.field] = _text(cell)  # as typed: the 記載どおり of a row typed without one
            rec[col.field] = reader.value(col, cell, r)
        for col in raw.sheet.columns:
            if col.field not in rec:
                rec[col.field] = None
        out.append(rec)
    return out

