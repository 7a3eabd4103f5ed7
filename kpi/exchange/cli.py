"""`python -m kpi.exchange template OUT | import FILE… [--yes] [--replace] | list | remove CITY FY`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpi import fmt
from kpi.exchange import limits
from kpi.exchange.issues import ERROR, INFO, SEVERITY_LABELS, WARNING, _size, make_issue
from kpi.exchange.parse import parse_files
from kpi.exchange.result import ImportResult
from kpi.exchange.template import template_csv_zip, template_xlsx


def _print_issues(result: ImportResult, out) -> None:
    for i in sorted(result.issues, key=lambda i: {ERROR: 0, WARNING: 1, INFO: 2}[i.severity]):
        ja, en = SEVERITY_LABELS[i.severity]
        print(f"[{ja}/{en}] {i.code}\n  {i.message_ja}\n  {i.message_en}", file=out)


def _print_summary(result: ImportResult, out) -> None:
    s = result.summary()
    print(f"報告書 / report: {s['city']} {fmt.wareki_fy(s['fiscal_year'])} (FY{s['fiscal_year']})  {s['title']}", file=out)
    print(f"  条 articles {s['articles']} · 事業 programs {s['programs']} (重点 key {s['key_programs']}) · "
          f"金額 money rows {s['money_rows']} (values {s['money_values']}) · 指標 indicators {s['indicators']} "
          f"({s['indicator_rows']} rows, FY {', '.join(map(str, s['indicator_years'])) or '—'}) · 記述 notes {s['notes']}", file=out)


def _parser() -> argparse.ArgumentParser:
    from kpi import store

    ap = argparse.ArgumentParser(prog="python -m kpi.exchange", description="Report exchange: template, import, list, remove.")
    data_help = (f"the built dataset; accepted reports live in its folder's {store.REPORTS_DIRNAME}/ "
                 f"(default: ${store.ENV_VAR} or data/kawasaki_h28.parquet)")
    ap.add_argument("--data", type=Path, default=None, help=data_help)
    common = argparse.ArgumentParser(add_help=False)  # --data is also accepted after the command
    common.add_argument("--data", type=Path, default=argparse.SUPPRESS, help=data_help)
    sub = ap.add_subparsers(dest="command", required=True)
    t = sub.add_parser("template", parents=[common], help="write the template (.xlsx, or .zip of CSVs)")
    t.add_argument("out", type=Path)
    t.add_argument("--from", dest="from_key", nargs=2, metavar=("CITY", "FY"), help="fill it with a loaded report")
    i = sub.add_parser("import", parents=[common], help="validate a report file and store it")
    i.add_argument("files", type=Path, nargs="+", help="one .xlsx, or the CSV files (or a .zip of them)")
    i.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    i.add_argument("--replace", action="store_true", help="replace an accepted report with the same city and year")
    sub.add_parser("list", parents=[common], help="list the loaded reports")
    r = sub.add_parser("remove", parents=[common], help="remove an accepted report (moved to reports/removed/)")
    r.add_argument("city")
    r.add_argument("fy")
    r.add_argument("--yes", action="store_true")
    return ap


def main(argv: list[str] | None = None) -> int:
    from kpi import store

    args = _parser().parse_args(argv)
    base = args.data or store.base_path()
    for p in store.clean_staging(base):  # what an interrupted import left behind
        print(f"中断された取り込みの一時ファイルを削除しました / removed a staging file of an interrupted import: {p}",
              file=sys.stderr)
    command = {"template": _template, "list": _list, "remove": _remove, "import": _import}[args.command]
    return command(args, base, sys.stdout, sys.stderr)


def _template(args, base: Path, out, err) -> int:
    from kpi import store

    report = None
    if args.from_key:
        try:
            fy = fmt.parse_fy(args.from_key[1])
        except ValueError:
            print(f"年度として読めません / not a fiscal year: {args.from_key[1]}", file=err)
            return 2
        loaded = store.load_reports(base)
        report = loaded.report.select(args.from_key[0], fy)
        if report.reports.empty:
            print(f"報告書がありません / no such report: {args.from_key[0]} {fy}", file=err)
            return 1
    data = template_csv_zip(report) if args.out.suffix.lower() == ".zip" else template_xlsx(report)
    store.atomic_write_bytes(args.out, data)
    print(f"wrote {args.out} ({_size(len(data))})", file=out)
    return 0


def _list(args, base: Path, out, err) -> int:
    from kpi import store

    try:
        loaded = store.load_reports(base)
    except store.DataFileError as exc:
        print(str(exc), file=err)
        return 1
    for (city, fy), path in loaded.files.items():
        sub_r = loaded.report.select(city, fy)
        ind = sub_r.indicators[["program_no", "indicator_no"]].drop_duplicates()
        kind = "built" if path == base else "accepted"
        print(f"{city}\t{fy}\t{fmt.wareki_fy(fy)}\t{kind}\tprograms {len(sub_r.programs)} (key {int(sub_r.programs['is_key'].sum())})"
              f"\tindicators {len(ind)}\t{path}", file=out)
    for p in loaded.problems:
        print(f"読み込めません / unreadable: {p}", file=err)
    return 1 if loaded.problems else 0


def _remove(args, base: Path, out, err) -> int:
    from kpi import store

    try:
        fy = fmt.parse_fy(args.fy)
    except ValueError:
        print(f"年度として読めません / not a fiscal year: {args.fy}", file=err)
        return 2
    if not args.yes and not _confirm(f"{args.city} {fy} を削除しますか？ / Remove {args.city} {fy}? [y/N] "):
        print("中止しました / cancelled", file=out)
        return 1
    try:
        moved = store.remove(args.city, fy, base)
    except store.StoreError as exc:
        print(f"{exc.message_ja}\n{exc.message_en}", file=err)
        return 1
    print(f"削除しました（{moved} に移動）/ removed (moved to {moved})", file=out)
    return 0


def _import(args, base: Path, out, err) -> int:
    from kpi import store

    files = []
    for path in args.files:
        try:
            size = path.stat().st_size
            if size > limits.MAX_UPLOAD_BYTES:  # refused before reading: the parser would say the same
                issue = make_issue("file_too_large", path.name, size=_size(size), limit=_size(limits.MAX_UPLOAD_BYTES))
                print(f"{issue.message_ja}\n{issue.message_en}", file=err)
                return 1
            files.append((path.name, _read_bounded(path)))
        except OSError as exc:
            print(f"読めません / cannot read {path}: {exc.strerror}", file=err)
            return 1
    result = parse_files(files)
    if result.tables:
        _print_summary(result, out)
    _print_issues(result, out)
    if not result.ok:
        print("エラーがあるため取り込みません / not imported: fix the errors above", file=err)
        return 1
    try:
        target, exists = store.plan_accept(result, base)
    except store.StoreError as exc:
        print(f"{exc.message_ja}\n{exc.message_en}", file=err)
        return 1
    if exists and not args.replace:
        print(f"{result.key[0]} {result.key[1]} はすでにあります（{target}）。置き換えるには --replace を付けてください。\n"
              f"{result.key[0]} {result.key[1]} is already stored ({target}); add --replace to replace it.", file=err)
        return 1
    verb = "置き換え / replace" if exists else "保存 / store"
    if not args.yes and not _confirm(f"{target} に{verb}しますか？ [y/N] "):
        print("中止しました / cancelled", file=out)
        return 1
    try:
        path = store.accept(result, base, replace=args.replace)
    except store.StoreError as exc:
        print(f"{exc.message_ja}\n{exc.message_en}", file=err)
        return 1
    print(f"取り込みました / imported: {path}", file=out)
    return 0


def _read_bounded(path: Path) -> bytes:
    """A file's bytes, at most one byte past the upload limit (the parser then refuses it as too large)."""
    with open(path, "rb") as f:
        return f.read(limits.MAX_UPLOAD_BYTES + 1)


def _confirm(prompt: str) -> bool:
    try:
        return input(prompt).strip().lower() in ("y", "yes", "はい")
    except EOFError:
        return False


if __name__ == "__main__":
    sys.exit(main())
