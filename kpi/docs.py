"""`python -m kpi.docs`: the data-model section of the README, generated from kpi/schema.py."""

from __future__ import annotations

from kpi import schema


def data_model_markdown() -> str:
    out = []
    peers_heading = "The peer catalogue `data/peers.parquet` (same storage design, built by the same command):\n"
    for t in [*schema.TABLES.values(), *schema.PEER_TABLES.values()]:
        if t.name == next(iter(schema.PEER_TABLES)):
            out.append(peers_heading)
        out.append(f"#### `{t.name}` — {t.description}")
        out.append(f"Key: {', '.join(f'`{k}`' for k in t.primary_key)}\n")
        out.append("| column | type | unit | required | meaning |")
        out.append("|---|---|---|---|---|")
        for name in t.fields:
            f = schema.FIELDS.get(name) or schema.PEER_FIELDS[name]
            meaning = f.description + (f" One of: {', '.join(f.enum)}." if f.enum else "")
            out.append(f"| `{name}` | {f.type} | {f.unit or ''} | {'yes' if name in t.required else ''} | {meaning} |")
        out.append("")
    return "\n".join(out)


def replace_section(text: str, name: str, body: str) -> str:
    """`text` with the part between <!-- NAME:start --> and <!-- NAME:end --> replaced by `body`."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    a, b = text.index(start) + len(start), text.index(end)
    return text[:a] + "\n" + body.strip() + "\n" + text[b:]


if __name__ == "__main__":
    import sys
    from pathlib import Path

    if sys.argv[1:2] == ["--write"]:
        readme = Path(sys.argv[2] if len(sys.argv) > 2 else "README.md")
        readme.write_text(replace_section(readme.read_text(encoding="utf-8"), "data-model", data_model_markdown()), encoding="utf-8")
    else:
        print(data_model_markdown())
