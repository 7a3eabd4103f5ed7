"""The build: source text → tables → validated → one parquet file."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from kpi.build import parse as P
from kpi.build import validate as V
from kpi.build.source import BuildError, Source
from kpi.io import UndeclaredColumns, to_arrow, typed, write_parquet  # noqa: F401  (the file format lives in kpi.io)

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SOURCE = ROOT / "data" / "raw" / "kawasaki_h28_report.txt"
DEFAULT_OUTPUT = ROOT / "data" / "kawasaki_h28.parquet"
NO_MONEY = "報告書に事業内容・金額の記載がない（施策一覧に名称のみ掲載、頁の記載なし）"


def _article_of_page(articles: list[dict], page: int) -> int:
    return max(a["article_no"] for a in articles if a["page"] <= page)


def _article_title_fragment(titles: list[str]):
    norm = [re.sub(r"[\s、・]", "", t) for t in titles]

    def is_fragment(text: str) -> bool:
        t = re.sub(r"[\s、・]", "", text)
        return bool(t) and any(t in n for n in norm)

    return is_fragment


def build_tables(source: Path = DEFAULT_SOURCE) -> dict[str, pd.DataFrame]:
    """Parse and validate the report; one typed frame per table of kpi.schema.TABLES."""
    # Load inputs.
    src = Source.read(source)
    key = P.report_key(src)
    relocations = P.load_relocations()

    # Parse: contents, programme list, body anchors.
    articles = P.contents_articles(src)
    texts = P.ordinance_texts(src)
    app_titles = P.appendix_titles(src)
    plist = P.programme_list(src)
    names = {p["program_name"] for p in plist}
    if len(names) != len(plist):
        V.unique(pd.DataFrame(plist).rename(columns={"list_line": "source_line"}), ["program_name"], "program in the programme list")
    body_start = P.find_prefix(src, "事務事業ごとの施策の実施状況")
    art19 = P.find_line(src, "受注機会の増大等", body_start)
    appendix = P.find_line(src, "(参考) 川崎市中小企業活性化のための成長戦略に関する条例")
    anchors = P.body_anchors(src, names, body_start, art19)
    by_name = {a.program_name: a for a in anchors}
    if len(by_name) != len(anchors):
        raise BuildError(f"a program has two blocks in the body: {[a.program_name for a in anchors]}")
    listed_in_body = [p["program_name"] for p in plist if p["program_name"] in by_name]
    if listed_in_body != [a.program_name for a in anchors]:
        raise BuildError("the body's program order differs from the programme list")
    for p in plist:
        if p["program_name"] not in by_name and p["page"] is not None:
            raise BuildError(f"line {p['list_line']}: {p['program_name']} is listed with page {p['page']} but has no block in the body")

    # Programs: article by the contents' page ranges (a program without a page takes its predecessor's).
    for i, p in enumerate(plist):
        p["article_no"] = _article_of_page(articles, p["page"]) if p["page"] is not None else plist[i - 1]["article_no"]
    body_article = {}
    for no, art in P.article_markers(src, body_start, art19):
        before = [a for a in anchors if a.line < no]
        if before:
            body_article.setdefault(before[-1].program_name, set()).add((art, no))
    art_of = {p["program_name"]: p["article_no"] for p in plist}
    for name, seen in body_article.items():
        for art, no in seen:
            if art != art_of[name]:
                raise BuildError(f"line {no}: page header 第{art}条 inside {name}, which the contents' pages put under 第{art_of[name]}条")

    is_fragment = _article_title_fragment([a["article_title"] for a in articles])
    anchor_ends = {a.program_name: (anchors[i + 1].line if i + 1 < len(anchors) else art19) for i, a in enumerate(anchors)}
    relocated = {(r["program_name"]): r for r in relocations}
    applied_relocations = set()
    consumed: set[int] = set()

    programs, money, indicators, notes = [], [], [], []
    for p in plist:
        name, no = p["program_name"], p["program_no"]
        a = by_name.get(name)
        row = {"program_no": no, "program_name": name, "article_no": p["article_no"], "is_key": bool(a and a.is_key),
               "page": p["page"], "remark": None, "no_indicator_reason": None, "no_money_reason": None,
               "source_line": a.line if a else p["list_line"]}

        def note(stage: str, seq: int, text: str, line: int, layout: str | None = None) -> None:
            notes.append({"article_no": p["article_no"], "program_no": no, "stage": stage, "seq": seq, "text": text,
                          "layout": layout, "page": p["page"], "source_line": line})

        if a is None:
            row["no_money_reason"] = NO_MONEY
            for measure in ("actual_spend", "outline_next"):
                money.append({"program_no": no, "measure": measure, "amount_kyen": None, "printed": None,
                              "correction_id": None, "page": None, "source_line": p["list_line"]})
        elif a.is_key:
            for m in P.key_money(src, a):
                money.append({"program_no": no, "page": p["page"], **m})
            consumed |= {a.money_line, a.money_line + 1}
            end = anchor_ends[name]
            sec = P.key_sections(src, a, end)
            moved: list[int] = []
            excluded: set[int] = set()
            if name in relocated:
                r = relocated[name]
                moved = list(range(r["first_line"], r["last_line"] + 1))
                excluded = set(moved)
                applied_relocations.add(name)

            def lines(rng: tuple[int, int]) -> list[int]:
                return [n for n in range(*rng) if n not in excluded]

            def keep_line(n: int) -> bool:
                return not is_fragment(src.line(n)) or src.line(n).lstrip().startswith("-")

            plan_lines = [n for n in lines(sec.plan) if src.line(n).strip() != P.H_PLAN and keep_line(n)]
            for stage, found in (
                ("plan", P.items(src, plan_lines, mode="keep")),
                ("main_actions", P.items(src, lines(sec.main), mode="skip")),
                ("do", P.blocks_with_layout(src, lines(sec.do) + moved)),
                ("plan_next", P.items(src, lines(sec.plan_next), mode="stop")),
                ("check", P.items(src, lines(sec.check), mode="stop")),
                ("action", P.items(src, lines(sec.action), mode="stop")),
            ):
                if not found and stage != "main_actions":
                    raise BuildError(f"line {a.line}: {name}: no {stage} text found")
                for seq, (text, line, *layout) in enumerate(found, start=1):
                    note(stage, seq, text, line, *layout)
            inds, reason = P.indicators(src, name, sec.indicators)
            row["no_indicator_reason"] = reason
            if not inds and not reason:
                raise BuildError(f"line {a.line}: {name}: neither indicators nor an explanation")
            for k, ind in enumerate(inds, start=1):
                (tcells, tline), (acells, aline) = ind.rows["目標"], ind.rows["実績"]
                consumed |= {tline, aline}
                for fy, tc, ac in zip(ind.years, tcells, acells):
                    t = src.number(tc, tline, f"{name} {ind.name} target {fy}")
                    v = src.number(ac, aline, f"{name} {ind.name} actual {fy}")
                    indicators.append({
                        "program_no": no, "indicator_no": k, "indicator_name": ind.name, "unit": ind.unit,
                        "is_cumulative": ind.is_cumulative, "direction": "higher",  # the report marks no lower-is-better indicator
                        "fiscal_year": fy, "target": t.value, "actual": v.value, "target_printed": tc, "actual_printed": ac,
                        "target_line": tline, "actual_line": aline, "target_correction_id": t.correction_id,
                        "actual_correction_id": v.correction_id, "page": p["page"], "source_line": ind.line})
        else:
            m_rows, texts_nk, footnote = P.nonkey_block(src, a)
            consumed |= {r["source_line"] for r in m_rows} | {a.money_line}
            for m in m_rows:
                money.append({"program_no": no, "page": p["page"], **m})
            for stage, (text, line) in texts_nk.items():
                note(stage, 1, text, line)
            if footnote:
                row["remark"] = footnote[0]
                note("footnote", 1, footnote[0], footnote[1])
        programs.append(row)
    missing_reloc = set(relocated) - applied_relocations
    if missing_reloc:
        raise BuildError(f"relocations.csv: not applied (program not a key program?): {sorted(missing_reloc)}")

    # 第19条: PDCA text and the procurement table.
    a19 = next(a for a in articles if a["article_no"] == 19)
    proc, t_first, t_end = P.procurement(src, art19, appendix)
    consumed |= set(range(t_first, t_end))
    h_plan = P.find_line(src, P.H_PLAN, art19, appendix)
    h_do = P.find_line(src, "実施状況 Do", art19, appendix)
    h_do28 = P.find_line(src, "平成28年度の取組", art19, appendix)
    h_table = P.find_prefix(src, "【規模等・種別契約実績割合", art19, appendix)
    h_check = P.find_line(src, P.H_CHECK, art19, appendix)
    h_action = P.find_line(src, P.H_ACTION, art19, appendix)

    def note19(stage: str, found: list[tuple[str, int]]) -> None:
        if not found:
            raise BuildError(f"line {art19}: 第19条: no {stage} text found")
        for seq, (text, line, *layout) in enumerate(found, start=1):
            notes.append({"article_no": 19, "program_no": None, "stage": stage, "seq": seq, "text": text,
                          "layout": layout[0] if layout else None, "page": a19["page"], "source_line": line})

    note19("plan", P.items(src, list(range(h_plan + 1, h_do)), mode="keep"))
    note19("do", P.blocks_with_layout(src, list(range(h_do28 + 1, h_table))))
    note19("footnote", [(src.line(n).strip(), n) for n in range(t_end, h_check) if src.line(n).strip().startswith("※")])
    note19("check", P.items(src, list(range(h_check + 1, h_action)), mode="stop"))
    note19("action", P.items(src, list(range(h_action + 1, appendix)), mode="stop"))

    # Section 2 and the opening of section 4.
    pages = P.section_pages(src)
    heads = P.heading_pages(src, pages)  # each figure's page: the listed subsection it stands in (倒産件数 p.6)
    context = [dict(c, page=max((pg for no, pg, _ in heads if no <= c["source_line"]), default=None))
               for c in P.context_facts(src, end=P.find_line(src, "3 中小企業活性化施策の検証体制等"))]
    survey = [dict(s, page=pages.get("(5)市内産業の実態調査アンケート結果")) for s in P.survey(src)]
    opinions = [dict(o, page=pages.get("平成28年度中小企業活性化施策の実施状況")) for o in P.opinions(src)]

    # Validate.
    V.all_lines_consumed(src, body_start, appendix, consumed)
    unused = {c.correction_id for c in src.corrections.values()} - set(src.used_corrections)
    if unused:
        raise BuildError(f"kpi/build/corrections.csv entries that match nothing in the source: {sorted(unused)}")
    for a in articles:
        printed = app_titles.get(a["article_no"])
        if printed is not None and re.sub(r"\s", "", printed) != re.sub(r"\s", "", a["article_title"]):
            raise BuildError(f"line {a['source_line']}: 第{a['article_no']}条 title {a['article_title']!r} differs from the appendix's {printed!r}")

    frames = {
        "reports": pd.DataFrame([{**{k: key[k] for k in ("report_city", "report_fy", "report_title", "published")},
                                  "source_file": str(source.relative_to(ROOT)) if source.is_relative_to(ROOT) else source.name,
                                  "source_sha256": src.sha256}]),
        "articles": pd.DataFrame([{**a, "ordinance_text": texts[a["article_no"]][0], "text_line": texts[a["article_no"]][1]} for a in articles]),
        "programs": pd.DataFrame(programs),
        "money": pd.DataFrame(money),
        "indicators": pd.DataFrame(indicators),
        "notes": pd.DataFrame(notes),
        "opinions": pd.DataFrame(opinions),
        "procurement": pd.DataFrame(proc).assign(page=a19["page"]),
        "context": pd.DataFrame(context),
        "survey": pd.DataFrame(survey),
        "corrections": pd.DataFrame([{"correction_id": c.correction_id, "correction_kind": c.kind,
                                      "scope": src.used_corrections[c.correction_id], "printed": c.printed,
                                      "corrected": c.corrected, "reason": c.reason, "reason_en": c.reason_en,
                                      "source_line": c.source_line}
                                     for c in sorted(src.corrections.values(), key=lambda c: c.correction_id)]),
    }
    V.stated_counts(src, frames["programs"])
    V.unique(frames["programs"], ["program_name"], "program")
    V.unique(frames["indicators"], ["program_no", "indicator_name", "fiscal_year"], "indicator")
    findings = (V.stated_changes(frames["programs"], frames["money"]) + V.procurement_totals(frames["procurement"])
                + V.survey_totals(frames["survey"]))
    frames["discrepancies"] = V.reconcile(findings)

    # Save outputs (typed, with the report key on every row).
    return {name: _typed(name, df.assign(report_city=key["report_city"], report_fy=key["report_fy"]))
            for name, df in frames.items()}


def _typed(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """kpi.io.typed, failing as a BuildError (a column the schema does not declare)."""
    try:
        return typed(name, df)
    except UndeclaredColumns as exc:
        raise BuildError(str(exc)) from None
