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
