"""The peer build: shipped texts → entries → registers applied → validated → data/peers.parquet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute  # noqa: F401  (pa.compute)
import pyarrow.parquet as pq

from kpi import schema
from kpi.io import UndeclaredColumns, typed
from kpi.build.peers import parse as PP
from kpi.build.peers import registers as R
from kpi.build.peers.text import RAW, ROOT, PeerDoc, read_register
from kpi.build.source import BuildError

DEFAULT_PEERS_OUTPUT = ROOT / "data" / "peers.parquet"
LAYOUTS = {"council": PP.council, "focus": PP.focus}


def _int(v: str) -> int | None:
    return int(v) if v.strip() else None


def load_documents(raw: Path = RAW) -> list[tuple[dict, PeerDoc]]:
    """The documents register with each shipped text read."""
    out = []
    for row in read_register("documents.csv"):
        doc = {k: v for k, v in row.items() if not k.startswith("_")}
        for k in ("actual_fy", "plan_fy", "plan_fy_end"):
            doc[k] = _int(doc[k])
        path = raw / doc["source_file"]
        if not path.exists():
            raise BuildError(f"kpi/build/peers/documents.csv line {row['_line']}: {path} does not exist")
        out.append((doc, PeerDoc.read(doc["doc_id"], path)))
    return out


def parse_all(docs: list[tuple[dict, PeerDoc]]) -> tuple[list[PP.Entry], list[dict]]:
    """Entries of every document, and the reporting bodies found (with their first line)."""
    actors_reg = read_register("actors.csv")
    entries: list[PP.Entry] = []
    for doc, src in docs:
        actors = {a["actor_name"]: a for a in actors_reg if a["doc_id"] == doc["doc_id"]}
        if doc["layout"] == "plans":
            found, _ = PP.plans(src, doc, actors)
        else:
            found = LAYOUTS[doc["layout"]](src, doc, actors)
        entries += found
    seen = {(e.doc_id, e.actor_name) for e in entries}
    actors_out = []
    for a in actors_reg:
        if (a["doc_id"], a["actor_name"]) not in seen:
            raise BuildError(f"kpi/build/peers/actors.csv line {a['_line']}: {a['actor_name']} has no entry in document {a['doc_id']} (stale row)")
        first = min(e.first for e in entries if (e.doc_id, e.actor_name) == (a["doc_id"], a["actor_name"]))
        actors_out.append({"doc_id": a["doc_id"], "actor_name": a["actor_name"], "city": a["city"] or None,
                           "actor_kind": a["actor_kind"], "source_line": first})
    return entries, actors_out


def build_peer_tables(raw: Path = RAW) -> dict[str, pd.DataFrame]:
    """Parse and validate the four peer texts; one typed frame per table of kpi.schema.PEER_TABLES."""
    docs = load_documents(raw)
    entries, actors = parse_all(docs)
    by_actor = {(a["doc_id"], a["actor_name"]): a for a in actors}
    srcs = {doc["doc_id"]: src for doc, src in docs}
    rows = [{"activity_id": f"{e.doc_id}:{e.first}", "doc_id": e.doc_id, "actor_name": e.actor_name,
             "city": by_actor[(e.doc_id, e.actor_name)]["city"], "actor_kind": by_actor[(e.doc_id, e.actor_name)]["actor_kind"],
             "fiscal_year": e.fiscal_year, "fy_end": e.fy_end, "status": e.status, "pillar": e.pillar, "title": e.title,
             "text": e.text, "source_line": e.first, "last_line": e.last} for e in entries]
    # 004 has one entry per program on one line: number them as parts of that line.
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["activity_id"]] = counts.get(r["activity_id"], 0) + 1
    seq: dict[str, int] = {}
    for r in rows:
        if counts[r["activity_id"]] > 1:
            seq[r["activity_id"]] = seq.get(r["activity_id"], 0) + 1
            r["activity_id"] = f"{r['activity_id']}.{seq[r['activity_id']]}"
    rows = R.apply_splits(rows)
    repairs = R.apply_repairs(rows, srcs)
    R.apply_references(rows)
    R.apply_aliases(rows)
    R.apply_mapping(rows)
    metrics = R.metrics(rows, srcs)
    repairs = [r for doc, src in docs for r in src.nfkc_repairs()] + R.join_repairs(rows, srcs) + repairs
    frames = {
        "peer_documents": pd.DataFrame([{**{k: doc[k] for k in ("doc_id", "issuer", "framework", "approx_date", "actual_fy", "plan_fy", "plan_fy_end")},
                                         "source_file": str(src.path.relative_to(ROOT)) if src.path.is_relative_to(ROOT) else src.path.name,
                                         "source_sha256": src.sha256} for doc, src in docs]),
        "peer_actors": pd.DataFrame(actors),
        "peer_activities": pd.DataFrame(rows),
        "peer_metrics": pd.DataFrame(metrics, columns=list(schema.PEER_TABLES["peer_metrics"].fields)),
        "peer_repairs": pd.DataFrame(repairs),
    }
    for name, t in schema.PEER_TABLES.items():
        dup = frames[name].duplicated(list(t.primary_key), keep=False)
        if dup.any():
            raise BuildError(f"{name}: duplicate key {frames[name].loc[dup, list(t.primary_key)].iloc[0].tolist()}")
    return {name: _typed(name, df) for name, df in frames.items()}


def _typed(name: str, df: pd.DataFrame) -> pd.DataFrame:
    try:
        return typed(name, df, schema.PEER_TABLES, schema.peer_table_schema)
    except UndeclaredColumns as exc:
        raise BuildError(str(exc)) from None


def to_arrow(frames: dict[str, pd.DataFrame]) -> pa.Table:
    full = schema.peer_arrow_schema()
    parts = []
    for name in schema.PEER_TABLES:
        t = pa.Table.from_pandas(frames[name], schema=schema.peer_table_schema(name), preserve_index=False)
        cols = {f.name: (t.column(f.name) if f.name in t.column_names else pa.nulls(len(t), f.type)) for f in full if f.name != "table"}
        cols["table"] = pa.array([name] * len(t), pa.string())
        parts.append(pa.table([cols[f.name] for f in full], schema=full))
    return pa.concat_tables(parts)


def write_peers_parquet(frames: dict[str, pd.DataFrame], out: Path = DEFAULT_PEERS_OUTPUT) -> Path:
    """Write atomically (temporary file in the same folder, then rename), one row group per table."""
    table = to_arrow(frames).replace_schema_metadata({b"kawasaki.peers_schema_version": schema.PEER_SCHEMA_VERSION.encode()})
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    try:
        with pq.ParquetWriter(tmp, table.schema, compression="zstd") as writer:
            for name in schema.PEER_TABLES:
                part = table.filter(pa.compute.equal(table.column("table"), name))
                if part.num_rows:
                    writer.write_table(part, row_group_size=part.num_rows)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return out
