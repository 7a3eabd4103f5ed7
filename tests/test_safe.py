"""ui.safe: data text made inert for markdown and HTML (links, markup, directives and bare URLs never
survive), with search matches and printed tables built only from escaped pieces."""

from __future__ import annotations

import pytest

from ui import safe

HOSTILE = "<script>alert(1)</script> [x](javascript:alert(1)) **b** $x$ :red[y] https://evil.example mail@evil.example www.evil.example"


def test_md_escape_leaves_no_markup_link_or_directive():
    out = safe.md_escape(HOSTILE + "\n# heading")
    for raw in ("<script>", "[x](", "**b**", "$x$", ":red[", "https://", "@", "www.", "\n"):
        assert raw not in out, raw
    assert "https：//evil" in out.replace("\\", "") and "＠" in out and "www．" in out.replace("\\", "")
    assert r"\*\*b\*\*" in out and r"\# heading" in out


@pytest.mark.parametrize("text, expected", [
    ("<b>A&B</b>", "&lt;b&gt;A&amp;B&lt;/b&gt;"),
    ('"q" \'s\'', "&quot;q&quot; &#x27;s&#x27;"),
    ("line1\nline2", "line1<br>line2"),
    (12.5, "12.5"),
])
def test_esc_escapes_html_and_keeps_line_breaks(text, expected):
    assert safe.esc(text) == expected


def test_highlight_marks_every_match_and_escapes_the_rest():
    out = safe.highlight_html("起業家<塾>と起業家", "起業家")
    assert out == "<mark>起業家</mark>&lt;塾&gt;と<mark>起業家</mark>"


def test_highlight_escapes_a_hostile_match():
    out = safe.highlight_html("x <img src=x onerror=alert(1)> y", "<img")
    assert "<img" not in out and "<mark>&lt;img</mark>" in out


def test_layout_html_makes_table_rows_a_table_with_escaped_cells():
    out = safe.layout_html("見出し<b>\n\tA\t<i>B</i>\n\tC\n後書き")
    assert out == ("<p>見出し&lt;b&gt;</p><table class='kw-table'><tr><td>A</td><td>&lt;i&gt;B&lt;/i&gt;</td></tr>"
                   "<tr><td>C</td><td></td></tr></table><p>後書き</p>")


def test_notes_html_escapes_every_note_and_keeps_printed_tables():
    import pandas as pd

    notes = pd.DataFrame({"text": ["<script>alert(1)</script>", "表"], "layout": [None, "前書き\n\t<b>A</b>\tB"]})
    out = safe.notes_html(notes)
    assert out == ("<ul><li>&lt;script&gt;alert(1)&lt;/script&gt;</li><li style='list-style:none'><p>前書き</p>"
                   "<table class='kw-table'><tr><td>&lt;b&gt;A&lt;/b&gt;</td><td>B</td></tr></table></li></ul>")
    assert safe.notes_html(notes[["text"]]) == "<ul><li>&lt;script&gt;alert(1)&lt;/script&gt;</li><li>表</li></ul>"
