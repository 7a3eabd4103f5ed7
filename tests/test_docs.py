"""The README stays true: its data model is the schema's, its two commands are what CI runs."""

from __future__ import annotations

from pathlib import Path

from kpi import docs, schema

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_data_model_is_generated_from_the_schema():
    expected = docs.replace_section(README, "data-model", docs.data_model_markdown())
    assert README == expected, "README data model is stale: run `python -m kpi.docs --write README.md`"


def test_every_table_and_field_is_documented():
    for t in [*schema.TABLES.values(), *schema.PEER_TABLES.values()]:
        assert f"`{t.name}`" in README
        for f in t.fields:
            assert f"`{f}`" in README


def test_two_commands_and_ci_calls_the_test_command():
    assert "make run" in README and "make test" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\ntest:" in makefile and "\nrun:" in makefile


def test_requirements_are_pinned():
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            assert "==" in line, line


# ---------------------------------------------------------------- registers and vocabularies the README lists
import csv  # noqa: E402
import re  # noqa: E402

from kpi import scope, status, vocab  # noqa: E402
from kpi.exchange import CHECKS, SHEETS_BY_NAME  # noqa: E402


def _section(title: str) -> str:
    start = README.index(title)
    end = README.find("\n## ", start + len(title))
    return README[start:end if end != -1 else None]


def _register_ids(name: str, column: str) -> list[str]:
    with (ROOT / "kpi" / "build" / name).open(encoding="utf-8", newline="") as fh:
        return [row[column] for row in csv.DictReader(fh)]


def test_readme_lists_every_reviewed_discrepancy():
    text = _section("## How the data is made")
    listed = set(re.findall(r"`(D\d\d)`", text))
    for lo, hi in re.findall(r"`D(\d\d)`–`D(\d\d)`", text):  # a range: `D02`–`D09`
        listed |= {f"D{n:02d}" for n in range(int(lo), int(hi) + 1)}
    assert listed == set(_register_ids("discrepancies.csv", "discrepancy_id"))


def test_readme_corrections_examples_are_registered():
    listed = set(re.findall(r"`(C\d\d)`", _section("## How the data is made")))
    assert listed and listed <= set(_register_ids("corrections.csv", "correction_id"))


def test_readme_units_and_missing_marks_are_the_vocabularies():
    checked = _section("### What is checked")
    m = re.search(r"units other than (.+?) and (\S+?)\.", checked)
    assert m, "README 'What is checked' names the known units"
    assert [u.strip() for u in m.group(1).split(",")] + [m.group(2)] == list(vocab.KNOWN_UNITS)
    marks = re.findall(r"「(.)」", checked.split("are missing, never 0")[0].rsplit("\n", 1)[-1])
    assert marks and set(marks) <= vocab.MISSING_MARKS
    assert "千円, 百万円 or 億円" in README and list(vocab.MONEY_UNITS) == ["千円", "百万円", "億円"]


def test_readme_status_thresholds_are_kpi_status():
    assert f"達成 (≥ {status.ACHIEVED_PCT:g} %), 概ね達成 (≥ {status.NEAR_MISS_THRESHOLD_PCT:g} %)" in README
    assert [s.ja for s in status.STATUSES] == ["達成", "概ね達成", "未達成", "評価不能"]


def test_readme_scope_names_the_outliers_and_their_url_keys():
    model = _section("## The model (`kpi/`)")
    for key, name in scope.URL_KEYS.items():
        assert f"`?{key}=1`" in model and name in model


def test_readme_layout_names_every_kpi_module():
    layout = _section("## Layout")
    for path in sorted((ROOT / "kpi").glob("*.py")):
        if path.stem != "__init__":
            assert re.search(rf"\b{path.stem}\b", layout), f"README layout does not name kpi/{path.name}"
    for path in sorted((ROOT / "kpi" / "exchange").glob("*.py")):
        if path.stem not in ("__init__", "__main__"):
            assert re.search(rf"\b{path.stem}\b", layout), f"README layout does not name kpi/exchange/{path.name}"


def test_readme_layout_names_every_ui_build_and_bench_module():
    layout = _section("## Layout")
    for folder in ("ui", "ui/export", "kpi/build", "kpi/build/peers", "bench"):
        for path in sorted((ROOT / folder).glob("*.py")):
            if path.stem not in ("__init__", "__main__"):
                assert re.search(rf"\b{path.stem}\b", layout), f"README layout does not name {folder}/{path.name}"
    for path in sorted((ROOT / "app_pages").glob("*.py")):  # one file a page, numbered as in the layout line
        assert re.search(rf"\b{path.stem.split('_')[0]} ", layout), f"README layout does not number app_pages/{path.name}"


def test_exchange_checks_are_registered_per_declared_sheet():
    assert CHECKS and all(sheet in SHEETS_BY_NAME for sheet, _check in CHECKS)
    assert "one function per sheet, registered in `CHECKS`" in README
