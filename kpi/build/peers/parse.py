"""Parsers of the three peer layouts: from NFKC lines to entries (dicts). Registers apply later."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kpi.build.peers.text import PeerDoc, join
from kpi.build.source import BuildError

YEAR = re.compile(r"^(R\s*元|\d{2})\s*年度\s*:\s*")  # 28 年度： / ３０年度： / R 元年度： (after NFKC)
PILLAR = re.compile(r"^●\s*「(.+?)」\s*関連")
SECTION = re.compile(r"^(\d)\s*(協議会全体|各都市)")
PLAN_HEAD = re.compile(r"^「(.+?)」\((.+?)\)\s*【計画期間:令和(\d+)年度~令和(\d+)年度】$")
PLAN_PILLAR = re.compile(r"^(?:-\s*)?(\d)\s+(\S.*)$")
FOCUS_HEAD = re.compile(r"^○(.+)\(([^()]+)\)\s*$")


@dataclass
class Entry:
    doc_id: str
    actor_name: str
    first: int
    status: str
    fiscal_year: int | None = None
    fy_end: int | None = None
    pillar: str | None = None
    title: str | None = None
    parts: list[str] = field(default_factory=list)
    last: int = 0

    def add(self, text: str, no: int) -> None:
        self.parts.append(text)
        self.last = no

    @property
    def text(self) -> str:
        return join(self.parts)


def fiscal_year(label: str) -> int:
    """平成 NN年度 → Western fiscal year; R元 (令和元年度) = 平成31年度 = 2019."""
    label = re.sub(r"\s", "", label)
    return 2019 if label == "R元" else 1988 + int(label)


def _status(doc: dict, fy: int, no: int) -> str:
    if fy == doc["actual_fy"]:
        return "actual"
    if fy == doc["plan_fy"]:
        return "plan"
    raise BuildError(f"{doc['doc_id']} line {no}: year {fy} is neither the document's actual ({doc['actual_fy']}) nor plan ({doc['plan_fy']}) year")


def _next_nonblank(src: PeerDoc, no: int) -> str:
    for n in range(no + 1, len(src.lines) + 1):
        if src.line(n).strip():
            return src.line(n).strip()
    return ""


def council(src: PeerDoc, doc: dict, actors: dict[str, dict]) -> list[Entry]:
    """000/001: section 1 (the council's own items, ● title + paragraph, the actual year) and section 2
    (body heading → ●「pillar」関連 → `NN年度：` entries; a line starting with ： is a further entry of
    the year above; other lines continue the entry they follow)."""
    out: list[Entry] = []
    section, actor, pillar, year, cur = 0, None, None, None, None
    for no in range(1, len(src.lines) + 1):
        s = src.line(no).strip()
        if not s:
            continue
        if m := SECTION.match(s):
            section, actor, pillar, cur = int(m.group(1)), None, None, None
            continue
        if section == 0:
            continue
        if s in actors and _next_nonblank(src, no).startswith("●"):
            actor, pillar, year, cur = s, None, None, None
            continue
        if actor is None:
            raise BuildError(f"{src.doc_id} line {no}: text before any reporting body: {s[:30]!r}")
        if s.startswith("●"):
            cur = None
            if section == 1:
                cur = Entry(src.doc_id, actor, no, "actual", doc["actual_fy"], doc["actual_fy"], None, s.lstrip("● ").strip())
                out.append(cur)
                cur.last = no
            elif m := PILLAR.match(s):
                pillar = m.group(1)
            else:
                raise BuildError(f"{src.doc_id} line {no}: cannot read the pillar {s!r}")
            continue
        if section == 2 and (m := YEAR.match(s)):
            year = fiscal_year(m.group(1))
            cur = Entry(src.doc_id, actor, no, _status(doc, year, no), year, year, pillar)
            cur.add(s[m.end():], no)
            out.append(cur)
        elif section == 2 and s.startswith(":"):
            if year is None:
                raise BuildError(f"{src.doc_id} line {no}: continuation entry (：) without a year above")
            cur = Entry(src.doc_id, actor, no, _status(doc, year, no), year, year, pillar)
            cur.add(s[1:], no)
            out.append(cur)
        elif cur is not None:
            cur.add(s, no)
        else:
            raise BuildError(f"{src.doc_id} line {no}: text outside any entry: {s[:30]!r}")
    return out


def focus(src: PeerDoc, doc: dict, actors: dict[str, dict]) -> list[Entry]:
    """002: the undated focus paragraphs (○title(body) + paragraph) after 「…以下の取組みに重点を置いて」."""
    start = next((n for n in range(1, len(src.lines) + 1) if src.line(n).strip().startswith("置いて、施策展開")), None)
    if start is None:
        raise BuildError(f"{src.doc_id}: the focus paragraphs' introduction was not found")
    out: list[Entry] = []
    cur = None
    for no in range(start + 1, len(src.lines) + 1):
        s = src.line(no).strip()
        if not s:
            continue
        if s == "以上":
            break
        if s.startswith("○"):
            m = FOCUS_HEAD.match(s)
            if not m or m.group(2) not in actors:
                raise BuildError(f"{src.doc_id} line {no}: focus heading without a known body in (…): {s!r}")
            cur = Entry(src.doc_id, m.group(2), no, "undated", title=m.group(1).strip())
            cur.last = no
            out.append(cur)
        elif cur is None:
            raise BuildError(f"{src.doc_id} line {no}: text before the first ○ heading")
        else:
            cur.add(s, no)
    return out


def split_programs(text: str) -> list[str]:
    """A plan pillar's program line split at the commas outside parentheses."""
    out, depth, buf = [], 0, ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "、" and depth == 0:
            out.append(buf)
            buf = ""
        else:
            buf += ch
    out.append(buf)
    return [p.strip() for p in out if p.strip()]


def plans(src: PeerDoc, doc: dict, actors: dict[str, dict]) -> tuple[list[Entry], list[dict]]:
    """004: per plan, 「title」(city)【計画期間…】, an overview paragraph, photo captions, then numbered
    pillars each followed by one line of programs; one entry per program. Also the plans (title, line)."""
    out: list[Entry] = []
    plan_rows: list[dict] = []
    actor = pillar = None
    expect_programs = False
    period = (None, None)
    for no in range(1, len(src.lines) + 1):
        s = src.line(no).strip()
        if not s:
            continue
        if m := PLAN_HEAD.match(s):
            if m.group(2) not in actors:
                raise BuildError(f"{src.doc_id} line {no}: plan of {m.group(2)!r}, not in kpi/build/peers/actors.csv")
            actor, pillar, expect_programs = m.group(2), None, False
            period = (2018 + int(m.group(3)), 2018 + int(m.group(4)))
            plan_rows.append({"actor_name": actor, "title": m.group(1), "line": no, "period": period})
            continue
        if actor is None:
            continue  # the document's heading
        if expect_programs:
            for prog in split_programs(s):
                title = re.match(r"^((?:\(仮称\)\s*)?[^(]+)", prog).group(1).strip()  # the name before its (…) outline
                e = Entry(src.doc_id, actor, no, "plan_period", period[0], period[1], pillar, title)
                e.add(prog, no)
                out.append(e)
            expect_programs = False
            continue
        if m := PLAN_PILLAR.match(s):
            pillar, expect_programs = f"{m.group(1)} {m.group(2)}", True
    return out, plan_rows
