"""The build: source text → tables → validated → one parquet file.

`build_tables` is the skeleton: load the source and the registers, parse each part of the report,
list the corrections applied, validate, and return the typed tables (kpi.io writes them). Each step
is one function below; none of them writes a file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kpi.build import parse as P
from kpi.build import validate as V
from kpi.build.source import BuildError, Source
from kpi.io import UndeclaredColumns, to_arrow, typed, write_parquet  # noqa: F401  (the file format lives in kpi.io)
from kpi.vocab import NONKEY_MEASURES

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SOURCE = ROOT / "data" / "raw" / "kawasaki_h28_report.txt"
DEFAULT_OUTPUT = ROOT / "data" / "kawasaki_h28.parquet"
NO_MONEY = "報告書に事業内容・金額の記載がない（施策一覧に名称のみ掲載、頁の記載なし）"


def build_tables(source: Path = DEFAULT_SOURCE) -> dict[str, pd.DataFrame]:
    """Parse and validate the report; one typed frame per table of kpi.schema.TABLES."""
    # Load inputs.
    src = Source.read(source)
    relocations = P.load_relocations()

    # Parse.
    layout = parse_layout(src)
    rows = parse_programs(src, layout, relocations)
    parse_article19(src, layout, rows)
    context, survey, opinions = parse_sections(src)

    # Correct: the register's repairs were applied as the text was read; every entry must have matched.
    validate_source(src, layout, rows)
    corrections = applied_corrections(src)

    # Validate.
    frames = {
        "reports": report_frame(src, source, layout.key),
        "articles": pd.DataFrame([{**a, "ordinance_text": layout.texts[a["article_no"]][0],
                                   "text_line": layout.texts[a["article_no"]][1]} for a in layout.articles]),
        "programs": pd.DataFrame(rows.programs),
        "money": pd.DataFrame(rows.money),
        "indicators": pd.DataFrame(rows.indicators),
        "notes": pd.DataFrame(rows.notes),
        "opinions": pd.DataFrame(opinions),
        "procurement": pd.DataFrame(rows.procurement).assign(page=layout.article(19)["page"]),
        "context": pd.DataFrame(context),
        "survey": pd.DataFrame(survey),
        "corrections": corrections,
    }
    frames["discrepancies"] = validate_tables(src, frames)

    # Save outputs (typed, with the report key on every row).
    return typed_tables(frames, layout.key)


# --------------------------------------------------------------------------- parse: the report's layout
@dataclass
class Layout:
    """The report's skeleton: key, contents, programme list and where each program's block starts."""

    key: dict
    articles: list[dict]
    texts: dict[int, tuple[str, int]]
    app_titles: dict[int, str]
    plist: list[dict]
    anchors: list
    body_start: int
    art19: int
    appendix: int

    @property
    def by_name(self) -> dict:
        return {a.program_name: a for a in self.anchors}

    def article(self, no: int) -> dict:
        return next(a for a in self.articles if a["article_no"] == no)

    def block_end(self, name: str) -> int:
        """The line after a program's block: the next program's anchor, or 第19条."""
        names = [a.program_name for a in self.anchors]
        i = names.index(name)
        return self.anchors[i + 1].line if i + 1 < len(self.anchors) else self.art19


def parse_layout(src: Source) -> Layout:
    """Contents, programme list and body anchors, cross-checked; each program gets its article."""
    key, articles = P.report_key(src), P.contents_articles(src)
    texts, app_titles, plist = P.ordinance_texts(src), P.appendix_titles(src), P.programme_list(src)
    names = {p["program_name"] for p in plist}
    if len(names) != len(plist):
        V.unique(pd.DataFrame(plist).rename(columns={"list_line": "source_line"}), ["program_name"], "program in the programme list")
    body_start = P.find_prefix(src, "事務事業ごとの施策の実施状況")
    art19 = P.find_line(src, "受注機会の増大等", body_start)
    appendix = P.find_line(src, "(参考) 川崎市中小企業活性化のための成長戦略に関する条例")
    layout = Layout(key, articles, texts, app_titles, plist, P.body_anchors(src, names, body_start, art19),
                    body_start, art19, appendix)
    _check_body_order(layout)
    _assign_articles(src, layout)
    return layout


def _check_body_order(layout: Layout) -> None:
    """One block per program, in the programme list's order; a listed page always has its block."""
    by_name, anchors, plist = layout.by_name, layout.anchors, layout.plist
    if len(by_name) != len(anchors):
        raise BuildError(f"a program has two blocks in the body: {[a.program_name for a in anchors]}")
    listed_in_body = [p["program_name"] for p in plist if p["program_name"] in by_name]
    if listed_in_body != [a.program_name for a in anchors]:
        raise BuildError("the body's program order differs from the programme list")
    for p in plist:
        if p["program_name"] not in by_name and p["page"] is not None:
            raise BuildError(f"line {p['list_line']}: {p['program_name']} is listed with page {p['page']} but has no block in the body")


def _article_of_page(articles: list[dict], page: int) -> int:
    return max(a["article_no"] for a in articles if a["page"] <= page)


def _assign_articles(src: Source, layout: Layout) -> None:
    """Article by the contents' page ranges (a program without a page takes its predecessor's), checked
    against the body's 第N条 page headers."""
    plist, anchors = layout.plist, layout.anchors
    for i, p in enumerate(plist):
        p["article_no"] = _article_of_page(layout.articles, p["page"]) if p["page"] is not None else plist[i - 1]["article_no"]
    body_article = {}
    for no, art in P.article_markers(src, layout.body_start, layout.art19):
        before = [a for a in anchors if a.line < no]
        if before:
            body_article.setdefault(before[-1].program_name, set()).add((art, no))
    art_of = {p["program_name"]: p["article_no"] for p in plist}
    for name, seen in body_article.items():
        for art, no in seen:
            if art != art_of[name]:
                raise BuildError(f"line {no}: page header 第{art}条 inside {name}, which the contents' pages put under 第{art_of[name]}条")


# --------------------------------------------------------------------------- parse: the programs
@dataclass
class Rows:
    """The parsed records, table by table, and the body lines they were read from."""

    programs: list[dict] = field(default_factory=list)
    money: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    procurement: list[dict] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)

    def add_notes(self, stage: str, found: list, article_no: int, program_no: int | None, page) -> None:
        """Notes of one stage, numbered from 1: `found` holds (text, line) or (text, line, layout)."""
        for seq, (text, line, *layout) in enumerate(found, start=1):
            self.notes.append({"article_no": article_no, "program_no": program_no, "stage": stage, "seq": seq, "text": text,
                               "layout": layout[0] if layout else None, "page": page, "source_line": line})


def parse_programs(src: Source, layout: Layout, relocations: list[dict]) -> Rows:
    """Each listed program: its row, money, and (key programs) notes and indicators, or (others) the box."""
    rows = Rows()
    relocated = {r["program_name"]: r for r in relocations}
    by_name = layout.by_name
    is_fragment = _article_title_fragment([a["article_title"] for a in layout.articles])
    for p in layout.plist:
        a = by_name.get(p["program_name"])
        row = {"program_no": p["program_no"], "program_name": p["program_name"], "article_no": p["article_no"],
               "is_key": bool(a and a.is_key), "page": p["page"], "remark": None, "no_indicator_reason": None,
               "no_money_reason": None, "source_line": a.line if a else p["list_line"]}
        if a is None:
            _unprinted_program(p, row, rows)
        elif a.is_key:
            _key_program(src, layout, p, a, row, rows, relocated.get(p["program_name"]), is_fragment)
        else:
            _nonkey_program(src, p, a, row, rows)
        rows.programs.append(row)
    missing_reloc = set(relocated) - {r["program_name"] for r in rows.programs if r["is_key"]}
    if missing_reloc:
        raise BuildError(f"relocations.csv: not applied (program not a key program?): {sorted(missing_reloc)}")
    return rows


def _article_title_fragment(titles: list[str]):
    norm = [re.sub(r"[\s、・]", "", t) for t in titles]

    def is_fragment(text: str) -> bool:
        t = re.sub(r"[\s、・]", "", text)
        return bool(t) and any(t in n for n in norm)

    return is_fragment


def _unprinted_program(p: dict, row: dict, rows: Rows) -> None:
    """A program the report only names in its list: no money printed, and it says so."""
    row["no_money_reason"] = NO_MONEY
    for measure in NONKEY_MEASURES:
        rows.money.append({"program_no": p["program_no"], "measure": measure, "amount_kyen": None, "printed": None,
                           "correction_id": None, "page": None, "source_line": p["list_line"]})


def _nonkey_program(src: Source, p: dict, a, row: dict, rows: Rows) -> None:
    """A non-key program's box: actual and outline amounts, their texts and a footnote."""
    m_rows, texts_nk, footnote = P.nonkey_block(src, a)
    rows.consumed |= {r["source_line"] for r in m_rows} | {a.money_line}
    rows.money += [{"program_no": p["program_no"], "page": p["page"], **m} for m in m_rows]
    for stage, (text, line) in texts_nk.items():
        rows.add_notes(stage, [(text, line)], p["article_no"], p["program_no"], p["page"])
    if footnote:
        row["remark"] = footnote[0]
        rows.add_notes("footnote", [footnote], p["article_no"], p["program_no"], p["page"])


def _key_program(src: Source, layout: Layout, p: dict, a, row: dict, rows: Rows, reloc: dict | None, is_fragment) -> None:
    """A key program: the budget table, the PDCA sections and the indicators."""
    rows.money += [{"program_no": p["program_no"], "page": p["page"], **m} for m in P.key_money(src, a)]
    rows.consumed |= {a.money_line, a.money_line + 1}
    sec = P.key_sections(src, a, layout.block_end(p["program_name"]))
    moved = list(range(reloc["first_line"], reloc["last_line"] + 1)) if reloc else []
    for stage, found in _key_stages(src, sec, moved, is_fragment):
        if not found and stage != "main_actions":
            raise BuildError(f"line {a.line}: {p['program_name']}: no {stage} text found")
        rows.add_notes(stage, found, p["article_no"], p["program_no"], p["page"])
    inds, reason = P.indicators(src, p["program_name"], sec.indicators)
    row["no_indicator_reason"] = reason
    if not inds and not reason:
        raise BuildError(f"line {a.line}: {p['program_name']}: neither indicators nor an explanation")
    for k, ind in enumerate(inds, start=1):
        _indicator_rows(src, p, k, ind, rows)


def _key_stages(src: Source, sec, moved: list[int], is_fragment) -> list[tuple[str, list]]:
    """Each PDCA section's items; lines the relocations register moves go to Do (and nowhere else)."""
    excluded = set(moved)

    def lines(rng: tuple[int, int]) -> list[int]:
        return [n for n in range(*rng) if n not in excluded]

    plan_lines = [n for n in lines(sec.plan) if src.line(n).strip() != P.H_PLAN
                  and (not is_fragment(src.line(n)) or src.line(n).lstrip().startswith("-"))]
    return [("plan", P.items(src, plan_lines, mode="keep")),
            ("main_actions", P.items(src, lines(sec.main), mode="skip")),
            ("do", P.blocks_with_layout(src, lines(sec.do) + moved)),
            ("plan_next", P.items(src, lines(sec.plan_next), mode="stop")),
            ("check", P.items(src, lines(sec.check), mode="stop")),
            ("action", P.items(src, lines(sec.action), mode="stop"))]


def _indicator_rows(src: Source, p: dict, k: int, ind, rows: Rows) -> None:
    """One row per fiscal year of an indicator: target and actual read strictly, with their lines."""
    name = p["program_name"]
    (tcells, tline), (acells, aline) = ind.rows["目標"], ind.rows["実績"]
    rows.consumed |= {tline, aline}
    for fy, tc, ac in zip(ind.years, tcells, acells):
        t = src.number(tc, tline, f"{name} {ind.name} target {fy}")
        v = src.number(ac, aline, f"{name} {ind.name} actual {fy}")
        rows.indicators.append({
            "program_no": p["program_no"], "indicator_no": k, "indicator_name": ind.name, "unit": ind.unit,
            "is_cumulative": ind.is_cumulative, "direction": "higher",  # the report marks no lower-is-better indicator
            "fiscal_year": fy, "target": t.value, "actual": v.value, "target_printed": tc, "actual_printed": ac,
            "target_line": tline, "actual_line": aline, "target_correction_id": t.correction_id,
            "actual_correction_id": v.correction_id, "page": p["page"], "source_line": ind.line})


# --------------------------------------------------------------------------- parse: 第19条 and the other sections
def parse_article19(src: Source, layout: Layout, rows: Rows) -> None:
    """第19条: its PDCA text and the procurement table."""
    art19, appendix, page = layout.art19, layout.appendix, layout.article(19)["page"]
    proc, t_first, t_end = P.procurement(src, art19, appendix)
    rows.procurement += proc
    rows.consumed |= set(range(t_first, t_end))
    h_plan = P.find_line(src, P.H_PLAN, art19, appendix)
    h_do = P.find_line(src, "実施状況 Do", art19, appendix)
    h_do28 = P.find_line(src, "平成28年度の取組", art19, appendix)
    h_table = P.find_prefix(src, "【規模等・種別契約実績割合", art19, appendix)
    h_check = P.find_line(src, P.H_CHECK, art19, appendix)
    h_action = P.find_line(src, P.H_ACTION, art19, appendix)
    for stage, found in (
        ("plan", P.items(src, list(range(h_plan + 1, h_do)), mode="keep")),
        ("do", P.blocks_with_layout(src, list(range(h_do28 + 1, h_table)))),
        ("footnote", [(src.line(n).strip(), n) for n in range(t_end, h_check) if src.line(n).strip().startswith("※")]),
        ("check", P.items(src, list(range(h_check + 1, h_action)), mode="stop")),
        ("action", P.items(src, list(range(h_action + 1, appendix)), mode="stop")),
    ):
        if not found:
            raise BuildError(f"line {art19}: 第19条: no {stage} text found")
        rows.add_notes(stage, found, 19, None, page)


def parse_sections(src: Source) -> tuple[list[dict], list[dict], list[dict]]:
    """Section 2's figures and survey table, and the council opinions opening section 4, with their pages."""
    pages = P.section_pages(src)
    heads = P.heading_pages(src, pages)  # each figure's page: the listed subsection it stands in (倒産件数 p.6)
    context = [dict(c, page=max((pg for no, pg, _ in heads if no <= c["source_line"]), default=None))
               for c in P.context_facts(src, end=P.find_line(src, "3 中小企業活性化施策の検証体制等"))]
    survey = [dict(s, page=pages.get("(5)市内産業の実態調査アンケート結果")) for s in P.survey(src)]
    opinions = [dict(o, page=pages.get("平成28年度中小企業活性化施策の実施状況")) for o in P.opinions(src)]
    return context, survey, opinions


# --------------------------------------------------------------------------- correct and validate
def validate_source(src: Source, layout: Layout, rows: Rows) -> None:
    """Every body line was read, every corrections-register entry matched, the appendix's titles agree."""
    V.all_lines_consumed(src, layout.body_start, layout.appendix, rows.consumed)
    unused = {c.correction_id for c in src.corrections.values()} - set(src.used_corrections)
    if unused:
        raise BuildError(f"kpi/build/corrections.csv entries that match nothing in the source: {sorted(unused)}")
    for a in layout.articles:
        printed = layout.app_titles.get(a["article_no"])
        if printed is not None and re.sub(r"\s", "", printed) != re.sub(r"\s", "", a["article_title"]):
            raise BuildError(f"line {a['source_line']}: 第{a['article_no']}条 title {a['article_title']!r} differs from the appendix's {printed!r}")


def applied_corrections(src: Source) -> pd.DataFrame:
    """The corrections register as applied: what each entry corrected, in id order."""
    return pd.DataFrame([{"correction_id": c.correction_id, "correction_kind": c.kind,
                          "scope": src.used_corrections[c.correction_id], "printed": c.printed,
                          "corrected": c.corrected, "reason": c.reason, "reason_en": c.reason_en,
                          "source_line": c.source_line}
                         for c in sorted(src.corrections.values(), key=lambda c: c.correction_id)])


def validate_tables(src: Source, frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The report's stated counts, no duplicates, and its figures against each other: the discrepancies
    table (reviewed contradictions kept; any other fails)."""
    V.stated_counts(src, frames["programs"])
    V.unique(frames["programs"], ["program_name"], "program")
    V.unique(frames["indicators"], ["program_no", "indicator_name", "fiscal_year"], "indicator")
    findings = (V.stated_changes(frames["programs"], frames["money"]) + V.procurement_totals(frames["procurement"])
                + V.survey_totals(frames["survey"]))
    return V.reconcile(findings)


# --------------------------------------------------------------------------- save
def report_frame(src: Source, source: Path, key: dict) -> pd.DataFrame:
    """The one row of table `reports`: key, title and the source it was built from."""
    return pd.DataFrame([{**{k: key[k] for k in ("report_city", "report_fy", "report_title", "published")},
                          "source_file": str(source.relative_to(ROOT)) if source.is_relative_to(ROOT) else source.name,
                          "source_sha256": src.sha256}])


def typed_tables(frames: dict[str, pd.DataFrame], key: dict) -> dict[str, pd.DataFrame]:
    """Every table typed through kpi.schema, with the report key on every row."""
    return {name: _typed(name, df.assign(report_city=key["report_city"], report_fy=key["report_fy"]))
            for name, df in frames.items()}


def _typed(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """kpi.io.typed, failing as a BuildError (a column the schema does not declare)."""
    try:
        return typed(name, df)
    except UndeclaredColumns as exc:
        raise BuildError(str(exc)) from None
