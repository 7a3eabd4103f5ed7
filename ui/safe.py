"""Data text shown inert: HTML only through `esc` / `highlight_html` (html.escape), markdown labels only
through `md_escape`; nothing from the data is rendered as markup or as a live link."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from kpi import notes as knotes

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:=&^\"'])")
_AUTOLINK_COLON = re.compile(r":(?=//)")  # https://… (GFM autolinks a bare URL even when escaped)
_AUTOLINK_WWW = re.compile(r"(?i)\b(www)\.")  # www.…


def md_escape(text: Any) -> str:
    """Text made inert for Streamlit markdown (labels, headings): every markdown/directive character is
    backslash-escaped and newlines become spaces, so no link, HTML, math or colour directive survives.
    Bare URLs and e-mail addresses, which GFM turns into links whatever the escaping, are broken with
    their full-width look-alikes (https：//, www．, ＠): still readable, never a link."""
    text = _AUTOLINK_WWW.sub("\\1．", _AUTOLINK_COLON.sub("：", str(text))).replace("@", "＠")
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def esc(text: Any) -> str:
    """HTML-escaped text with line breaks kept."""
    return html.escape(str(text), quote=True).replace("\n", "<br>")


def highlight_html(text: str, query: str) -> str:
    """`text` with every match of `query` in <mark>, built only from escaped pieces."""
    return "".join(f"<mark>{esc(p)}</mark>" if hit else esc(p) for p, hit in knotes.segments(str(text), query))


_CSS = """<style>
.kw-block{font-size:0.95rem;line-height:1.65;margin:0 0 .3rem 0}
.kw-block ul{margin:0 0 0 1.1rem;padding:0}
.kw-block li{margin:0 0 .25rem 0}
.kw-block mark{background:#FFE08A;padding:0 1px}
.kw-muted{color:#666;font-size:.85rem}
.kw-hit{border-left:3px solid #0072B2;padding:.2rem .6rem;margin:.4rem 0}
.kw-block p{margin:.1rem 0}
.kw-table{border-collapse:collapse;margin:.3rem 0 .5rem 0;font-size:.9rem}
.kw-table td{border:1px solid #ccc;padding:.15rem .45rem;vertical-align:top}
.kw-table tr:nth-child(odd) td{background:#fafafa}
</style>"""


def html_block(inner_html: str) -> None:
    """Show HTML that was built only from `esc`/`highlight_html` pieces (never raw data)."""
    st.html(f"{_CSS}<div class='kw-block'>{inner_html}</div>")


def layout_html(layout: str) -> str:
    """A Do block kept with its printed table (kpi.schema `layout`): table rows as an HTML table,
    other lines as paragraphs; every cell escaped."""
    out, rows = [], []

    def flush() -> None:
        if rows:
            width = max(len(r) for r in rows)
            body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r + [""] * (width - len(r))) + "</tr>" for r in rows)
            out.append(f"<table class='kw-table'>{body}</table>")
            rows.clear()

    for line in str(layout).split("\n"):
        if line.startswith("\t"):
            rows.append(line[1:].split("\t"))
        else:
            flush()
            out.append(f"<p>{esc(line)}</p>")
    flush()
    return "".join(out)


def notes_html(notes: pd.DataFrame) -> str:
    """Notes as an HTML list of bullets, a note with a printed table (its `layout`) as that table;
    every piece escaped (for `html_block`; a page may build it once and keep it)."""
    items = []
    layouts = notes["layout"].tolist() if "layout" in notes.columns else [None] * len(notes)
    for text, layout in zip(notes["text"].astype(str).tolist(), layouts):
        has = isinstance(layout, str) and bool(layout)
        items.append(f"<li style='list-style:none'>{layout_html(layout)}</li>" if has else f"<li>{esc(text)}</li>")
    return f"<ul>{''.join(items)}</ul>"


def notes_blocks(notes: pd.DataFrame) -> None:
    """Notes as bullets, a note with a printed table (its `layout`) shown as that table."""
    html_block(notes_html(notes))


def text_list(texts: Sequence[str], query: str = "") -> None:
    """Bullets of data text, escaped (matches of `query` highlighted)."""
    items = "".join(f"<li>{highlight_html(x, query) if query else esc(x)}</li>" for x in texts)
    html_block(f"<ul>{items}</ul>")
