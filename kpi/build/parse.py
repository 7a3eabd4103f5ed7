"""Parsers: from the report's lines to plain records (dicts). No validation across sections here."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from kpi.build.source import HERE, BuildError, Source, normalize_name
from kpi.build.sections import PRINTED_FIRM_CLASSES, context_facts, opinions, procurement, survey  # noqa: F401  (P.procurement …)
from kpi.source import cells, find_line, find_prefix, heading_pages, is_separator, join_wrapped, section_pages, strip_markup  # noqa: F401  (P.find_line …)
from kpi.vocab import KNOWN_UNITS  # declared with the model

ARTICLES = tuple(range(12, 20))
BULLET = re.compile(r"^\s*(?:-\s+|・|○|〇|●|- ・)")
TOP_BULLET = re.compile(r"^(?:-\s+(?!・)|○|〇|●)")  # a bullet at the left margin, not a ・ sub-item
ARTICLE_MARKER = re.compile(r"^第\s*(1[2-9])\s*条(?:\s|$)")

# Section headings of a key program, in the order they appear.
H_PLAN = "事業計画 Plan"
H_MAIN = "主な取組"
H_INDICATORS = "主な成果・活動指標"
H_DO = "事業の実施状況 Do"
H_DO_H28 = "平成28年度の実績"
H_PLAN_NEXT = "平成29年度の事業計画"
H_CHECK = "川崎市産業振興協議会からの主な検証意見 Check"
H_ACTION = "平成29年度以降の対応 Action"


# ---------------------------------------------------------------- report key and title


def report_key(src: Source) -> dict:
    """City, fiscal year, title and publication date from the cover."""
    title_no = find_line(src, "中小企業活性化施策実施状況報告書")
    fy_line = next(no for no in range(1, title_no) if re.match(r"^平成\s*\d+\s*年度$", src.line(no).strip()))
    era_year = int(re.search(r"\d+", src.line(fy_line)).group())
    ordinance = src.line(title_no - 2).strip()
    published_no = next(no for no in range(title_no + 1, title_no + 6) if re.match(r"^平成\s*\d+\s*年\s*\d+\s*月$", src.line(no).strip()))
    city_no = next(no for no in range(published_no + 1, published_no + 6) if src.line(no).strip())
    return {
        "report_city": re.sub(r"\s+", "", src.line(city_no)),
        "report_fy": 1988 + era_year,
        "report_title": re.sub(r"\s+", "", f"平成{era_year}年度{ordinance}中小企業活性化施策実施状況報告書"),
        "published": re.sub(r"\s+", "", src.line(published_no)),
        "source_line": fy_line,
    }


# ---------------------------------------------------------------- contents (目次) and articles


def contents_articles(src: Source) -> list[dict]:
    """Articles 第12条–第19条 with title and start page from the contents (目次)."""
    end = find_line(src, "1 はじめに")
    out = []
    pat = re.compile(r"第\s*(1[2-9])\s*条\s+(.+?)\s*\|?\s*(\d+)\s*\|?\s*$")
    for no in range(1, end):
        m = pat.search(src.line(no).replace("| |", "|"))
        if m:
            title = re.sub(r"\s*\|\s*", "", m.group(2)).strip()
            out.append({"article_no": int(m.group(1)), "article_title": title, "page": int(m.group(3)), "source_line": no})
    if [a["article_no"] for a in out] != list(ARTICLES):
        raise BuildError(f"contents: expected articles 12–19, found {[a['article_no'] for a in out]}")
    return out


def ordinance_texts(src: Source) -> dict[int, tuple[str, int]]:
    """Each article's text from the ordinance appendix: article_no → (text, line)."""
    start = find_line(src, "(参考) 川崎市中小企業活性化のための成長戦略に関する条例")
    found: dict[int, tuple[str, int]] = {}
    for no in range(start, len(src.lines) + 1):
        for m in re.finditer(r"第(1[2-9])条 (.+?)\s*(?:\||</p>|$)", src.line(no)):
            art = int(m.group(1))
            if art in found:
                raise BuildError(f"line {no}: article {art} text found twice in the appendix")
            found[art] = (m.group(0).rstrip(" |").replace("</p>", "").strip(), no)
    missing = set(ARTICLES) - set(found)
    if missing:
        raise BuildError(f"ordinance appendix: no text for articles {sorted(missing)}")
    return found


def appendix_titles(src: Source) -> dict[int, str]:
    """Article titles as printed in the appendix: the (title) cell above each 第N条 cell."""
    start = find_line(src, "(参考) 川崎市中小企業活性化のための成長戦略に関する条例")
    out = {}
    for no in range(start + 1, len(src.lines) + 1):
        cs, above = cells(src.line(no)), cells(src.line(no - 1))
        for j, c in enumerate(cs):
            m = re.match(r"^(?:<p>)?第(1[2-9])条 ", c)
            if m and j < len(above) and (t := re.fullmatch(r"[(（](.+)[)）]", above[j])):
                out[int(m.group(1))] = t.group(1)
    return out


# ---------------------------------------------------------------- programme list (施策一覧)


def programme_list(src: Source) -> list[dict]:
    """The 65 programs in list order with their page (null where none printed) and list line."""
    start = find_line(src, "図表 中小企業活性化施策一覧")
    end = find_prefix(src, "事業全体に係る産業振興協議会からの意見等", start)
    out = []
    for no in range(start + 1, end):
        row = src.line(no)
        cs = cells(row)
        if not any(cs) or is_separator(row) or cs[0] == "条文":
            continue
        # Rows are shifted in places: the name is the last cell that is not a page number,
        # a ○ mark, or empty, after the article/施策 columns; the page is the number after it.
        idx = [i for i, c in enumerate(cs) if i >= 1 and c and c != "○" and not re.fullmatch(r"\d+", c)]
        if not idx:
            raise BuildError(f"line {no}: programme list row without a program name: {row!r}")
        i = idx[-1]
        name = cs[i]
        if name.startswith("※"):
            continue  # 第19条: no program of its own (本市の調達等の取組)
        page = next((int(c) for c in cs[i + 1 :] if re.fullmatch(r"\d+", c)), None)
        out.append({"program_name": normalize_name(name), "page": page, "list_line": no})
    for n, p in enumerate(out, start=1):
        p["program_no"] = n
    return out


# ---------------------------------------------------------------- body anchors


@dataclass
class Anchor:
    program_name: str
    line: int  # the line the program's block starts at
    is_key: bool
    money_line: int  # key: 29年度予算 row; non-key: the row with the amounts


def body_anchors(src: Source, names: set[str], start: int, end: int) -> list[Anchor]:
    """Where each program's block starts in the body, and whether it is a key-program block."""
    out: list[Anchor] = []
    for no in range(start, end):
        row = src.line(no)
        if row.startswith("| 29年度予算"):
            name_no = no - 1
            while name_no > start and (not src.line(name_no).strip() or src.line(name_no).startswith("|")):
                name_no -= 1
            name = normalize_name(src.line(name_no))
            if name not in names:
                raise BuildError(f"line {no}: budget table under {src.line(name_no)!r}, which is not in the programme list")
            out.append(Anchor(name, name_no, True, no))
            continue
        cs = cells(row)
        if len(cs) == 2 and cs[0] and not is_separator(row) and normalize_name(cs[0]) in names:
            nxt = no + 1
            while is_separator(src.line(nxt)):
                nxt += 1
            if "平成28年度の実績" in re.sub(r"\s+", "", src.line(nxt)):
                out.append(Anchor(normalize_name(cs[0]), no, False, nxt))
    return out


def article_markers(src: Source, start: int, end: int) -> list[tuple[int, int]]:
    """(line, article) of the 第N条 page-header lines in the body."""
    return [(no, int(m.group(1))) for no in range(start, end) if (m := ARTICLE_MARKER.match(src.line(no).strip()))]


# ---------------------------------------------------------------- money

_KEY_AMOUNT = re.compile(r"^([\d,\s]+)千円$")
_CHANGE = re.compile(r"^([\d,\s]+)千円(増|減)$")


def key_money(src: Source, a: Anchor) -> list[dict]:
    """H29 budget and stated change (row 1), H28 budget and settlement (row 2) of a key program."""
    r1, r2 = cells(src.line(a.money_line)), cells(src.line(a.money_line + 1))
    if not (len(r1) == 5 and len(r2) == 5 and r1[0] == "29年度予算" and r2[0] == "28年度予算" and not any(r1[3:])
            and r2[2] in ("—", "-", "－") and re.sub(r"\s", "", r2[3]) == "28年度決算(見込)"):
        raise BuildError(f"line {a.money_line}: unexpected budget table layout for {a.program_name}")

    def amount(cell: str, line: int, measure: str) -> dict:
        m = _KEY_AMOUNT.match(cell)
        if not m:
            raise BuildError(f"line {line}: {a.program_name} {measure}: expected 'N千円', got {cell!r}")
        n = src.number(m.group(1), line, f"{a.program_name} {measure}")
        return {"measure": measure, "amount_kyen": n.value, "printed": cell, "correction_id": n.correction_id, "source_line": line}

    out = [
        amount(r2[1], a.money_line + 1, "budget"),
        amount(r2[4], a.money_line + 1, "settlement"),
        amount(r1[1], a.money_line, "budget_next"),
    ]
    stated = r1[2]
    if stated == "増減なし":
        change = {"measure": "stated_change", "amount_kyen": 0, "printed": stated, "correction_id": None, "source_line": a.money_line}
    else:
        m = _CHANGE.match(stated)
        if not m:
            raise BuildError(f"line {a.money_line}: {a.program_name}: cannot read stated change {stated!r}")
        n = src.number(m.group(1), a.money_line, f"{a.program_name} stated change")
        change = {"measure": "stated_change", "amount_kyen": n.value * (1 if m.group(2) == "増" else -1),
                  "printed": stated, "correction_id": n.correction_id, "source_line": a.money_line}
    out.append(change)
    return out


_NONKEY_AMOUNT = re.compile(r"[（(]\s*([^()（）]*?)\s*千円\s*[)）]")


def nonkey_block(src: Source, a: Anchor) -> tuple[list[dict], dict[str, tuple[str, int]], str | None]:
    """Money (H28 actual, H29 outline), the two description texts, and a * footnote of a non-key program."""
    header = src.line(a.money_line)
    amount_line = a.money_line
    found = _NONKEY_AMOUNT.findall(header)
    if not found:  # amounts printed on the row below the headings
        amount_line = a.money_line + 1
        found = _NONKEY_AMOUNT.findall(src.line(amount_line))
    if len(found) != 2:
        raise BuildError(f"line {a.money_line}: {a.program_name}: expected two amounts (実績, 概要), found {found}")
    money = []
    for printed, measure in zip(found, ("actual_spend", "outline_next")):
        n = src.number(printed, amount_line, f"{a.program_name} {measure}")
        money.append({"measure": measure, "amount_kyen": n.value, "printed": f"({printed} 千円)",
                      "correction_id": n.correction_id, "source_line": amount_line})
    text_line = amount_line + 1
    cs = cells(src.line(text_line))
    if len(cs) != 2:
        raise BuildError(f"line {text_line}: {a.program_name}: expected the two description cells")
    texts = {"summary_actual": (strip_markup(cs[0]), text_line), "summary_next": (strip_markup(cs[1]), text_line)}
    footnote = None
    no = text_line + 1
    while no <= len(src.lines) and not src.line(no).strip():
        no += 1
    if "*" in src.line(a.line) and src.line(no).startswith("*"):
        footnote = (src.line(no).lstrip("*").strip(), no)
    return money, texts, footnote


# ---------------------------------------------------------------- key program sections


@dataclass
class Sections:
    """Line ranges [start, end) of a key program's sections."""

    plan: tuple[int, int]
    main: tuple[int, int]
    indicators: tuple[int, int]
    do: tuple[int, int]
    plan_next: tuple[int, int]
    check: tuple[int, int]
    action: tuple[int, int]


def key_sections(src: Source, a: Anchor, end: int) -> Sections:
    heads = {}
    for h in (H_PLAN, H_MAIN, H_INDICATORS, H_DO, H_DO_H28, H_PLAN_NEXT, H_CHECK, H_ACTION):
        hits = [no for no in range(a.line, end) if src.line(no).strip() == h]
        if len(hits) != 1:
            raise BuildError(f"{a.program_name} (lines {a.line}–{end - 1}): heading {h!r} found {len(hits)} times, expected once")
        heads[h] = hits[0]
    return Sections(
        plan=(a.money_line + 2, heads[H_MAIN]),
        main=(heads[H_MAIN] + 1, heads[H_INDICATORS]),
        indicators=(heads[H_INDICATORS] + 1, heads[H_DO]),
        do=(heads[H_DO_H28] + 1, heads[H_PLAN_NEXT]),
        plan_next=(heads[H_PLAN_NEXT] + 1, heads[H_CHECK]),
        check=(heads[H_CHECK] + 1, heads[H_ACTION]),
        action=(heads[H_ACTION] + 1, end),
    )


def items(src: Source, lines: list[int], mode: str = "stop") -> list[tuple[str, int]]:
    """Bullet items (text, first line) from `lines`: a bullet starts an item, an adjacent plain line
    continues it, a plain paragraph before any bullet is an item of its own. A plain paragraph that
    follows a blank line after items have started is, by `mode`: "stop" — the start of a case study,
    ending the list; "skip" — a photo caption, left out; "keep" — an item of its own."""
    if mode not in ("stop", "skip", "keep"):
        raise ValueError(mode)
    out: list[list] = []
    prev_blank = True
    started = False
    for no in lines:
        raw = src.line(no)
        text = raw.strip()
        if not text or ARTICLE_MARKER.match(text):
            prev_blank = True
            continue
        if text.startswith("|"):
            if is_separator(raw):
                continue
            text = " / ".join(c for c in (strip_markup(c) for c in cells(raw)) if c)
            if not text:
                continue
        if text.startswith("【") and text.endswith("】"):
            prev_blank = True  # a photo caption heading
            continue
        if BULLET.match(raw) and (TOP_BULLET.match(raw) or prev_blank or not out):
            out.append([re.sub(r"^\s*-\s+", "", text), no])
            started = True
        elif not prev_blank and out:  # continuation or an indented ・ sub-item
            out[-1][0] += "\n" + text
        elif not started or mode == "keep":
            out.append([text, no])
        elif mode == "stop":
            break
        else:  # "skip": a caption after a blank line
            prev_blank = True
            continue
        prev_blank = False
    return [(t.strip(), n) for t, n in out]


TABLE_ROW = "\t"  # a layout line starting with a tab is a table row, its cells separated by tabs


def blocks(src: Source, lines: list[int]) -> list[tuple[str, int]]:
    """Blank-line separated blocks (text, first line); table rows flattened to 'cell / cell' lines."""
    return [(text, first) for text, first, _ in blocks_with_layout(src, lines)]


def blocks_with_layout(src: Source, lines: list[int]) -> list[tuple[str, int, str | None]]:
    """`blocks`, each with its layout when it holds a printed table: one line per printed line, a
    table row as TABLE_ROW + its cells joined by tabs (empty cells kept, so columns stay aligned);
    None for a block of plain text."""
    out: list[tuple[str, int, str | None]] = []
    cur: list[str] = []
    layout: list[str] = []
    has_table = False
    first = 0
    for no in lines + [0]:
        raw = src.line(no) if no else ""
        if not raw.strip():
            if cur:
                out.append(("\n".join(cur), first, "\n".join(layout) if has_table else None))
            cur, layout, has_table = [], [], False
            continue
        if raw.startswith("|"):
            if is_separator(raw):
                continue
            row = [re.sub(r"\s+", " ", strip_markup(c)) for c in cells(raw)]
            text = " / ".join(c for c in row if c)
            if not text:
                continue
            line_layout, has_table = TABLE_ROW + "\t".join(row), True
        else:
            text = raw.strip()
            line_layout = re.sub(r"\t+", " ", text)
        if not cur:
            first = no
        cur.append(text)
        layout.append(line_layout)
    return out


# ---------------------------------------------------------------- indicators

_TARGET_ACTUAL = re.compile(r"^(目標|実績)\s*[（(]\s*([^()（）]+?)\s*[)）]$")


@dataclass
class Indicator:
    name: str
    line: int
    unit: str | None = None
    is_cumulative: bool = False
    header_line: int | None = None
    years: tuple[int, ...] = ()
    rows: dict = field(default_factory=dict)  # "目標"/"実績" → (cells, line)


def parse_unit(printed: str, line: int, where: str) -> tuple[str, bool]:
    cumulative = "累積" in printed
    unit = printed.replace("累積", "").strip()
    if unit == "件数":
        unit = "件"
    if unit not in KNOWN_UNITS:
        raise BuildError(f"line {line}: {where}: unknown unit {printed!r} (known: {', '.join(KNOWN_UNITS)})")
    return unit, cumulative


def indicators(src: Source, program: str, rng: tuple[int, int]) -> tuple[list[Indicator], str | None]:
    """The indicators of one key program; or none and the report's explanation."""
    found: list[Indicator] = []
    prose: list[str] = []
    in_caption = False
    for no in range(*rng):
        raw = src.line(no)
        text = raw.strip()
        if not text:
            in_caption = False
            continue
        if in_caption and not raw.startswith("|") and not BULLET.match(raw):
            continue  # second line of a photo caption
        if raw.startswith("|"):
            if is_separator(raw):
                continue
            cs = cells(raw)
            nonempty = [c for c in cs if c]
            if not nonempty:
                continue
            if len(nonempty) == 1 and nonempty[0].startswith("○") and cs[0] == nonempty[0]:
                found.append(Indicator(normalize_name(nonempty[0]), no))
                continue
            if any("年度" in c for c in cs):
                years = tuple(int(m.group(1)) for c in cs[1:3] if (m := re.fullmatch(r"(20\d\d)\s*[（(]\s*\d+\s*[)）]\s*年度", c)))
                if not found or cs[0] or len(years) != 2 or years[1] != years[0] + 1 or any(cs[3:]):
                    raise BuildError(f"line {no}: {program}: unexpected indicator year header {raw!r}")
                found[-1].header_line, found[-1].years = no, years
                continue
            m = _TARGET_ACTUAL.match(cs[0])
            if not m or not found:
                raise BuildError(f"line {no}: {program}: unexpected row in the indicator table: {raw!r}")
            unit, cum = parse_unit(m.group(2), no, f"{program} {found[-1].name}")
            ind = found[-1]
            if ind.unit is not None and (ind.unit, ind.is_cumulative) != (unit, cum):
                raise BuildError(f"line {no}: {program} {ind.name}: target and actual units differ")
            ind.unit, ind.is_cumulative = unit, cum
            if m.group(1) in ind.rows:
                raise BuildError(f"line {no}: {program} {ind.name}: second {m.group(1)} row")
            if any(cs[3:]):
                raise BuildError(f"line {no}: {program} {ind.name}: a value beyond the two fiscal-year columns: {raw!r}")
            ind.rows[m.group(1)] = ((cs[1:3] + ["", ""])[:2], no)
            continue
        if text.startswith("【") and text.endswith("】"):
            in_caption = True  # photo caption
            continue
        if BULLET.match(raw):
            found.append(Indicator(normalize_name(text), no))
            continue
        if found:
            raise BuildError(f"line {no}: {program}: unexpected text among indicators: {text!r}")
        prose.append(text)
    for ind in found:
        if set(ind.rows) != {"目標", "実績"} or ind.header_line is None:
            raise BuildError(f"line {ind.line}: {program} {ind.name}: indicator without year header, target and actual rows")
        ind.is_cumulative = ind.is_cumulative or "累計" in ind.name or "累積" in ind.name
    if found and prose:
        raise BuildError(f"line {rng[0]}: {program}: text before the indicators: {prose}")
    return found, ("\n".join(prose) or None)


def load_relocations(path: Path = HERE / "relocations.csv") -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [dict(r, first_line=int(r["first_line"]), last_line=int(r["last_line"])) for r in csv.DictReader(fh)]
