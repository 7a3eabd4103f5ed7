"""Hostile files (issue 12), each built in a temporary folder and imported through the real command line
in a subprocess: the located message (file, sheet, row, column; ja and en), the declared time and
memory budget (kpi.exchange.limits.BUDGET_*: peak RSS of the importing process, measured by itself
from /proc/self/status VmHWM), no traceback, and a data folder byte-identical afterwards.

Cases: column bomb (one cell at XFD in every row), a zip whose header lies about its size, a CSV
that is too wide, years 1900, zero-width and bidi names, 10²⁰ 千円 and a 400-digit target, NUL deep
in a CSV and near its start, a 300-character city name, a program named differently across sheets,
negative indicator values; and text that stays inert: an accepted report whose texts hold links,
markup and formulas exports a CSV template with every formula neutralised and reads back the same."""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kpi import exchange, inert, store
from kpi.exchange import limits
from tests.report_factory import other_city_sheets, workbook
from tests.apptest import folder  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[1]
RUNNER = """
import json, sys, time
from kpi.exchange.cli import main
t = time.monotonic()
rc = main(sys.argv[1:])
# VmHWM: this process's own peak (getrusage's ru_maxrss would include the forking parent's, kept across exec)
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print("@@budget " + json.dumps({"rc": rc, "seconds": time.monotonic() - t, "rss_mb": hwm / 1024}), file=sys.stderr)
sys.exit(rc)
"""


# --------------------------------------------------------------------------- helpers
def snapshot(base: Path) -> dict[str, str]:
    return {str(p.relative_to(base.parent)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(base.parent.rglob("*")) if p.is_file()}


def run_cli(base: Path, *args: str) -> tuple[int, str, dict]:
    """`python -m kpi.exchange … --data BASE` in a subprocess (no answer to a question: cancelled)."""
    proc = subprocess.run([sys.executable, "-c", RUNNER, *args, "--data", str(base)], cwd=ROOT, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=limits.BUDGET_SECONDS * 6)
    lines = proc.stderr.splitlines()
    budget = next((json.loads(line.split(" ", 1)[1]) for line in lines if line.startswith("@@budget ")), None)
    assert budget is not None, f"no budget line; the process failed:\n{proc.stderr[-3000:]}"
    output = proc.stdout + "\n".join(line for line in lines if not line.startswith("@@budget "))
    print(args[:1], budget)  # shown with -s: the measured time and peak RSS of each case
    return proc.returncode, output, budget


def import_refused(base: Path, path: Path, *fragments: str) -> str:
    """Import `path`: refused with every fragment in the output, within budget, the folder unchanged."""
    before = snapshot(base)
    rc, out, budget = run_cli(base, "import", str(path), "--yes")
    assert rc == 1, out
    assert "Traceback" not in out, out
    for fragment in fragments:
        assert fragment in out, f"{fragment!r} not in:\n{out[:3000]}"
    assert budget["seconds"] < limits.BUDGET_SECONDS, budget
    assert budget["rss_mb"] < limits.BUDGET_RSS_MB, budget
    assert snapshot(base) == before
    return out


def sheets() -> dict[str, list[list]]:
    return copy.deepcopy(other_city_sheets())


def write_xlsx(tmp_path: Path, data: dict[str, list[list]], name: str = "hostile.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(workbook(data))
    return path


def csv_zip(data: dict[str, list[list]]) -> dict[str, bytes]:
    return {f"{name}.csv": exchange.csv_text(rows).encode("utf-8-sig") for name, rows in data.items()}


def write_zip(tmp_path: Path, members: dict[str, bytes], name: str = "hostile.zip") -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    path = tmp_path / name
    path.write_bytes(buf.getvalue())
    return path


# --------------------------------------------------------------------------- bounded work
def test_column_bomb_is_read_within_budget(folder, tmp_path):
    """Every 事業 row holds one more cell at XFD (column 16,384): only the first 64 columns are read."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(workbook(sheets())))
    ws = wb["事業"]
    for r in range(2, 20_002):
        ws.cell(row=r, column=16_384, value="x")
    path = tmp_path / "bomb.xlsx"
    wb.save(path)
    assert path.stat().st_size < 1_000_000
    before = snapshot(folder)
    rc, out, budget = run_cli(folder, "import", str(path))  # no --yes: valid, then cancelled at the question
    assert "Traceback" not in out
    assert "「bomb.xlsx」 「事業」シート：64列目より右のセルは読みません" in out, out[:2000]
    assert "bomb.xlsx, sheet 事業: Cells right of column 64 are not read" in out
    assert "報告書 / report: 横浜市 平成29年度" in out and rc == 1 and "中止しました" in out
    assert budget["seconds"] < limits.BUDGET_SECONDS and budget["rss_mb"] < limits.BUDGET_RSS_MB, budget
    assert snapshot(folder) == before


def _lying_zip(member: str, chunk: bytes, repeat: int, claimed: int) -> bytes:
    """A zip of one deflated member (`chunk` × `repeat`, streamed: never whole in memory) whose local
    and central headers claim `claimed` bytes unpacked."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open(member, "w") as f:
            for _ in range(repeat):
                f.write(chunk)
    data = bytearray(buf.getvalue())
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # uncompressed-size field of each header
        at = data.find(sig)
        struct.pack_into("<I", data, at + offset, claimed)
    return bytes(data)


def test_zip_whose_header_lies_is_refused_within_budget(folder, tmp_path):
    """事業.csv claims 1,000 bytes and expands to 1 GiB: read in small chunks, never whole in memory,
    and a CSV zip is never called a bad xlsx."""
    path = tmp_path / "lying.zip"
    path.write_bytes(_lying_zip("事業.csv", b"a," * 2**19, 1024, 1000))  # 1 GiB of CSV text
    assert path.stat().st_size < limits.MAX_UPLOAD_BYTES
    out = import_refused(folder, path, "「lying.zip」 「事業.csv」：zipファイルとして読めません",
                         "lying.zip, 事業.csv: The file cannot be read as a .zip of CSV files")
    assert "xlsx" not in out.replace("lying.zip", "")


def test_zip_that_truly_unpacks_past_the_limit_is_refused(folder, tmp_path):
    members = csv_zip(sheets())
    members["事業.csv"] = members["事業.csv"] + b"\r\n" * (limits.MAX_UNPACKED_BYTES // 2 + 1)
    honest = write_zip(tmp_path, members, "honest.zip")
    import_refused(folder, honest, "展開すると上限（80 MB）を超えます", "Unpacked, the file exceeds the limit (80 MB)")


def test_a_file_over_the_upload_limit_is_refused_before_reading(folder, tmp_path):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as f:
        f.truncate(limits.MAX_UPLOAD_BYTES + 1)
    import_refused(folder, path, "ファイルが大きすぎます（10.00 MB。上限は10 MB）", "The file is too large")


def test_a_very_wide_csv_is_cut_at_the_column_limit(folder, tmp_path):
    data = sheets()
    data["事業"][1] = data["事業"][1] + [""] * 100_000 + ["x"]
    members = csv_zip(data)
    path = write_zip(tmp_path, members, "wide.zip")
    before = snapshot(folder)
    rc, out, budget = run_cli(folder, "import", str(path))
    assert "Traceback" not in out and "報告書 / report: 横浜市" in out, out[:2000]
    assert "「wide.zip」 「事業.csv」：64列目より右のセルは読みません（このシートは100,005列目まで使っています）" in out
    assert budget["rss_mb"] < limits.BUDGET_RSS_MB and snapshot(folder) == before


# --------------------------------------------------------------------------- plausible values
def test_year_1900_is_a_located_error_for_the_report_and_an_indicator(folder, tmp_path):
    data = sheets()
    data["報告書"][1][1] = 1900
    import_refused(folder, write_xlsx(tmp_path, data, "y1900.xlsx"),
                   "「y1900.xlsx」 「報告書」シート 2行目 「年度(西暦)」列：1900年度は受け付ける年度の範囲（1989〜2100年度）の外です",
                   "y1900.xlsx, sheet 報告書, row 2, column 年度(西暦): FY1900 is outside the accepted range")
    data = sheets()
    data["指標"][2][4] = 1900
    import_refused(folder, write_xlsx(tmp_path, data, "ind1900.xlsx"), "「指標」シート 3行目 「年度」列：1900年度は受け付ける")


@pytest.mark.parametrize("name, char", [("zero width space", "\u200b"), ("right-to-left override", "\u202e"),
                                        ("byte order mark", "\ufeff")])
def test_invisible_characters_in_names_are_refused(folder, tmp_path, name, char):
    data = sheets()
    data["報告書"][1][0] = "横浜市" + char
    import_refused(folder, write_xlsx(tmp_path, data, "city.xlsx"),
                   f"「報告書」シート 2行目 「市区町村」列：見えない文字または表示方向を変える文字（U+{ord(char):04X}）",
                   "row 2, column 市区町村: The text holds an invisible or direction-changing character")
    data = sheets()
    data["事業"][1][1] = "起業" + char + "支援事業"
    import_refused(folder, write_xlsx(tmp_path, data, "program.xlsx"), "「事業」シート 2行目 「事務事業名」列：見えない文字")
    data = sheets()
    data["指標"][1][2] = char + "創業相談件数"
    import_refused(folder, write_xlsx(tmp_path, data, "indicator.xlsx"), "「指標」シート 2行目 「指標名」列：見えない文字")


def test_names_that_differ_only_in_width_are_one_name_or_refused(folder, tmp_path):
    data = sheets()
    data["事業"].append([3, "起業支援事業 ", 5, None])  # program 1's name with a trailing space
    import_refused(folder, write_xlsx(tmp_path, data, "twins.xlsx"), "「事業」シート 4行目 「事務事業名」列：事務事業名「起業支援事業」が重複")
    data = sheets()
    data["指標"].append([1, 2, "創業相談件数", "件", 2017, 1, 1])  # indicator 2 named as indicator 1
    import_refused(folder, write_xlsx(tmp_path, data, "ind_twins.xlsx"), "事業番号 1 に同じ指標名「創業相談件数」の指標が2つあります")
    result = exchange.parse_workbook(workbook({**sheets(), "報告書": [sheets()["報告書"][0], ["ﾖｺﾊﾏ市", 2017, "t", None]]}),
                                     "w.xlsx", articles={})
    assert result.ok and result.key == ("ヨコハマ市", 2017)  # half-width katakana folded (NFKC): one spelling


def test_a_city_spelled_like_a_stored_one_is_refused(folder):
    first = exchange.parse_workbook(workbook(sheets()), "a.xlsx")
    store.accept(first, folder)
    data = sheets()
    data["報告書"][1][0] = "横浜 市"
    second = exchange.parse_workbook(workbook(data), "b.xlsx")
    assert second.ok
    with pytest.raises(store.StoreError, match="looks the same as the stored '横浜市'"):
        store.accept(second, folder)


@pytest.mark.parametrize("sheet, row, col, value, column", [
    ("金額", 1, 2, 10**20, "金額(千円)"), ("金額", 1, 2, "1" + "0" * 20 + "千円", "金額(千円)"),
    ("指標", 1, 5, "9" * 400, "目標"), ("指標", 1, 6, 1e300, "実績"),
])
def test_absurd_numbers_are_located_out_of_range(folder, tmp_path, sheet, row, col, value, column):
    data = sheets()
    data[sheet][row][col] = value
    import_refused(folder, write_xlsx(tmp_path, data, "num.xlsx"),
                   f"「{sheet}」シート {row + 1}行目 「{column}」列：値が範囲外です",
                   "-1,000,000,000,000〜1,000,000,000,000", f"column {column}: Out of range")


def test_negative_indicator_values_warn(tmp_path):
    data = sheets()
    data["指標"][1][5] = -5
    result = exchange.parse_workbook(workbook(data), "neg.xlsx", articles={})
    found = [i for i in result.warnings if i.code == "negative_indicator"]
    assert result.ok and len(found) == 1 and found[0].row == 2 and found[0].column == "目標"


def test_a_program_named_differently_in_another_sheet_is_an_error(folder, tmp_path):
    data = sheets()
    data["金額"][0].append("事務事業名")
    data["金額"][1].append("販路開拓事業")  # program 1 is 起業支援事業
    import_refused(folder, write_xlsx(tmp_path, data, "names.xlsx"),
                   "「金額」シート 2行目 「事務事業名」列：事業番号 1 の事務事業名「販路開拓事業」が「事業」シートの「起業支援事業」と一致しません")


def test_a_long_city_name_is_echoed_clipped(folder, tmp_path):
    data = sheets()
    data["報告書"][1][0] = "市" * 300
    out = import_refused(folder, write_xlsx(tmp_path, data, "long.xlsx"), "「市区町村」列：文字数が多すぎます（300文字。上限200文字）")
    assert "市" * 61 not in out
    data["報告書"][1][0] = "市" * 100
    out = import_refused(folder, write_xlsx(tmp_path, data, "long.xlsx"), "市区町村名に使えない文字があるか、長すぎます")
    assert "市" * 61 not in out and "市" * 59 + "…" in out


# --------------------------------------------------------------------------- control characters
def test_nul_deep_in_a_csv_note_is_refused_with_its_row(folder, tmp_path):
    data = sheets()
    data["記述"] += [[5, 1, "実施状況(Do)", n, f"記述{n}"] for n in range(1, 400)]
    data["記述"][400][4] = "途中に\x00があります"
    path = write_zip(tmp_path, csv_zip(data), "nul.zip")
    import_refused(folder, path, "「nul.zip」 「記述.csv」 401行目 「内容」列：表示できない制御文字（U+0000）",
                   "nul.zip, 記述.csv, row 401, column 内容: The text holds a control character (U+0000)")


def test_nul_near_the_start_of_a_csv_is_located_without_a_missing_sheet(folder, tmp_path):
    members = csv_zip(sheets())
    members["事業.csv"] = members["事業.csv"].replace("起業支援事業".encode(), "起業\x00支援事業".encode())
    out = import_refused(folder, write_zip(tmp_path, members, "nul2.zip"), "「事業.csv」 2行目 「事務事業名」列：表示できない制御文字（U+0000）")
    assert "missing_sheet" not in out and "binary" not in out


# --------------------------------------------------------------------------- inert text
HOSTILE_TEXTS = {
    "title": "https://evil.example/login <a href='https://evil.example'>公式</a> <span style='font-size:80px'>大</span>",
    "program": "=HYPERLINK(\"https://evil.example\",\"詳細\")",
    "note": "＝１＋１ と @SUM(A1) と -2+3 と www.evil.example",
}


def hostile_sheets() -> dict[str, list[list]]:
    data = sheets()
    data["報告書"][1][2] = HOSTILE_TEXTS["title"]
    data["事業"][1][1] = HOSTILE_TEXTS["program"]
    data["記述"][1][4] = HOSTILE_TEXTS["note"]
    return data


def raw_csv_zip(data: dict[str, list[list]]) -> dict[str, bytes]:
    """CSV files as a user's tool writes them (text as typed, formulas not neutralised)."""
    out = {}
    for name, rows in data.items():
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows([["" if v is None else v for v in row] for row in rows])
        out[f"{name}.csv"] = buf.getvalue().encode("utf-8-sig")
    return out


def test_hostile_text_is_accepted_and_the_csv_template_keeps_formulas_inert(folder, tmp_path):
    path = write_zip(tmp_path, raw_csv_zip(hostile_sheets()), "texts.zip")
    rc, out, _ = run_cli(folder, "import", str(path), "--yes")
    assert rc == 0, out
    rc, out, _ = run_cli(folder, "template", str(tmp_path / "out.zip"), "--from", "横浜市", "2017")
    assert rc == 0, out
    zf = zipfile.ZipFile(tmp_path / "out.zip")
    for name in zf.namelist():
        if name.endswith(".csv"):
            for row in csv.reader(io.StringIO(zf.read(name).decode("utf-8-sig"))):
                for cell in row:
                    assert not inert.is_formula_like(cell) or cell.lstrip("-").replace(".", "").isdigit(), (name, cell)
    programs = zf.read("事業.csv").decode("utf-8-sig")
    assert "'=HYPERLINK(" in programs
    assert "'＝１＋１" in zf.read("記述.csv").decode("utf-8-sig")
    back = exchange.parse_workbook((tmp_path / "out.zip").read_bytes(), "out.zip")
    assert back.ok, [i.message_en for i in back.errors]
    assert back.tables["programs"]["program_name"].iloc[0] == HOSTILE_TEXTS["program"]
    assert back.tables["notes"]["text"].iloc[0] == HOSTILE_TEXTS["note"]
    assert back.tables["reports"]["report_title"].iloc[0] == HOSTILE_TEXTS["title"]


def test_every_formula_prefix_is_neutralised_in_the_dashboard_exports():
    from ui import export

    for prefix in inert.FORMULA_PREFIXES:
        assert export._neutralise(prefix + "1") == "'" + prefix + "1"
    assert export._neutralise("＝HYPERLINK(\"https://evil.example\")").startswith("'＝")
    assert export._neutralise("－") == "－"  # a lone full-width dash (the missing mark) computes nothing
    assert export._neutralise("川崎市") == "川崎市"


def test_markdown_and_plotly_escaping_leave_no_link_or_markup():
    from ui import charts, safe

    md = safe.md_escape(HOSTILE_TEXTS["title"] + " mail@evil.example www.evil.example")
    assert "://" not in md and "www." not in md and "@" not in md and "<" not in md.replace("\\<", "")
    assert "https：//evil" in md  # still readable
    assert "<" not in charts.plotly_text(HOSTILE_TEXTS["title"]) and "&lt;a href" in charts.plotly_text(HOSTILE_TEXTS["title"])
    assert "&lt;span" in charts.source_note(HOSTILE_TEXTS["title"], [1], "ja")
