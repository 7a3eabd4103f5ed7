"""The README's import sections stay true: issue codes, sheets and columns, and the limits are the code's."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from kpi import exchange
from kpi.exchange import limits

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"### {title}")
    end = README.find("\n### ", start + 4)
    return README[start:end if end != -1 else None]


def test_readme_lists_exactly_the_issue_codes():
    listed = set(re.findall(r"`([a-z][a-z0-9_]+)`", _section("What is checked")))
    codes = set(exchange.ISSUE_TEXTS)
    assert codes - listed == set(), "issue codes missing from README 'What is checked'"
    assert {c for c in listed - codes if "_" in c and c not in ("ISSUE_TEXTS", "FY_RANGE")} == set(), \
        "README names issue codes the code does not have"


def test_readme_template_table_lists_every_sheet_and_column():
    rows = {}
    for line in _section("The template").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and not set(cells[0]) <= {"-"}:
            rows[cells[0].split(" ")[0]] = cells[2]
    for sheet in exchange.SHEETS:
        assert sheet.name in rows, sheet.name
        for col in sheet.columns:
            assert col.header in rows[sheet.name], f"{sheet.name}: {col.header}"


def test_readme_limits_are_the_declared_ones():
    text = _section("Limits and recovery")
    assert f"{limits.MAX_UPLOAD_MB} MB" in text
    assert f"{limits.MAX_UNPACKED_BYTES // 2**20} MB" in text
    assert f"{limits.MAX_ROWS:,}" in text and f"{limits.MAX_CELLS:,}" in text
    assert f"| {limits.MAX_COLUMNS} " in text
    assert f"{limits.FY_RANGE[0]}–{limits.FY_RANGE[1]}" in text
    assert limits.MAX_ABS_KYEN == limits.MAX_ABS_INDICATOR == 10**12 and "±10¹²" in text
    assert f"{limits.BUDGET_SECONDS} s and {limits.BUDGET_RSS_MB} MB" in text


def test_server_upload_limit_is_the_importers():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == limits.MAX_UPLOAD_MB
    assert limits.MAX_UPLOAD_BYTES == limits.MAX_UPLOAD_MB * 2**20 == exchange.MAX_UPLOAD_BYTES
    assert config["client"]["showErrorDetails"] == "none"
