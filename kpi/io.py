"""The dataset file format, both ways: one long, typed parquet table (kpi.schema) with its schema
version, written atomically (`write_parquet`, `atomic_write`) and read back into one tidy, typed
frame per table (`read_report`). The build and the store both write through here."""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kpi import schema

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / "data" / "kawasaki_h28.parquet"
BUILD_COMMAND = "python -m kpi.build"
SCHEMA_VERSION_KEY = b"kawasaki.schema_version"  # parquet metadata: the schema version the file follows
SOURCE_SHA_KEY = b"kawasaki.source_sha256"  # parquet metadata: the digest of the source it was built from


class DataFileError(Exception):
    """The data file is missing, unreadable or not in the expected schema. The message names the
    file and the remedy."""

    def __init__(self, path: str | Path, problem: str, remedy: str | None = None):
        self.path = str(path)
        self.problem = problem
        self.remedy = remedy or (f"Rebuild it from the report text with `{BUILD_COMMAND}` "
                                 f"(or restore it with `git checkout -- data/kawasaki_h28.parquet`).")
        super().__init__(f"{path}: {problem}. {self.remedy}")

    def __reduce__(self):  # picklable (st.cache_data, multiprocessing) despite the extra arguments
        return (type(self), (self.path, self.problem, self.remedy))


@dataclass(frozen=True)
class Report:
    """All tables of one dataset file (possibly several reports), each a typed DataFrame."""

    reports: pd.DataFrame
    articles: pd.DataFrame
    programs: pd.DataFrame
    money: pd.DataFrame
    indicators: pd.DataFrame
    notes: pd.DataFrame
    opinions: pd.DataFrame
    procurement: pd.DataFrame
    context: pd.DataFrame
    survey: pd.DataFrame
    corrections: pd.DataFrame
    discrepancies: pd.DataFrame
    source_sha256: str

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    def keys(self) -> list[tuple[str, int]]:
        """The (city, fiscal year) keys of the reports in this dataset, in stored order."""
        return [(str(c), int(y)) for c, y in self.reports[["report_city", "report_fy"]].itertuples(index=False)]

    def select(self, city: str, fiscal_year: int) -> "Report":
        """The same dataset restricted to one report; DataFileError-free: an unknown key gives empty tables."""
        frames = {}
        for name in schema.TABLES:
            df = self.table(name)
            frames[name] = df[(df["report_city"] == city) & (df["report_fy"] == fiscal_year)].reset_index(drop=True)
        return Report(**frames, source_sha256=self.source_sha256)


# --------------------------------------------------------------------------- writing
class UndeclaredColumns(ValueError):
    """A frame carries columns that kpi/schema.py does not declare for its table."""


def typed(name: str, df: pd.DataFrame, tables: dict | None = None, arrow_schema=None) -> pd.DataFrame:
    """The frame with exactly the table's declared columns, in order, converted through its arrow schema
    (the report's tables by default; the peer catalogue passes schema.PEER_TABLES and peer_table_schema);
    missing values of any kind become nulls."""
    tables, arrow_schema = tables or schema.TABLES, arrow_schema or schema.table_schema
    t = tables[name]
    extra = set(df.columns) - set(t.fields)
    if extra:
        raise UndeclaredColumns(f"table {name}: columns not declared in kpi/schema.py: {sorted(extra)}")
    for col in t.fields:
        if col not in df.columns:
            df[col] = None
    df = df[list(t.fields)].astype(object).where(df[list(t.fields)].notna(), None)
    arrow = pa.Table.from_pandas(df, schema=arrow_schema(name), preserve_index=False)
    return arrow.to_pandas(types_mapper=pd.ArrowDtype)


def to_arrow(frames: dict[str, pd.DataFrame]) -> pa.Table:
    """All tables as one long arrow table (column `table` + every declared field)."""
    full = schema.arrow_schema()
    parts = []
    for name in schema.TABLES:
        df = frames[name]
        t = pa.Table.from_pandas(df, schema=schema.table_schema(name), preserve_index=False)
        cols = {f.name: (t.column(f.name) if f.name in t.column_names else pa.nulls(len(t), f.type)) for f in full if f.name != "table"}
        cols["table"] = pa.array([name] * len(t), pa.string())
        parts.append(pa.table([cols[f.name] for f in full], schema=full))
    return pa.concat_tables(parts)


TMP_SUFFIX = ".tmp"  # atomic_write's temporary files: `.<name>.<random>.tmp` in the target's folder


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Write a file atomically: `write(tmp)` fills a hidden temporary file in the same folder, which is
    flushed to disk and renamed over `path` in one step; on any failure the temporary file is removed
    and `path` is as it was. (A process killed mid-write leaves a `.…tmp` file; `stale_temporaries`
    finds them.)"""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}{TMP_SUFFIX}")
    try:
        write(tmp)
        fsync_path(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def stale_temporaries(folder: str | Path) -> list[Path]:
    """Temporary files an interrupted atomic_write left in `folder`."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f".*{TMP_SUFFIX}") if p.is_file())


def write_parquet(frames: dict[str, pd.DataFrame], out: str | Path = DEFAULT_DATA, source_sha256: str | None = None) -> Path:
    """The tables as one dataset file (schema version and source digest in its metadata), written atomically."""
    table = to_arrow(frames)
    meta = {SCHEMA_VERSION_KEY: schema.SCHEMA_VERSION.encode(),
            SOURCE_SHA_KEY: (source_sha256 or frames["reports"]["source_sha256"].iloc[0]).encode()}
    table = table.replace_schema_metadata(meta)

    def write(tmp: Path) -> None:
        # One row group per table, so a reader asking for some tables skips the others' rows.
        with pq.ParquetWriter(tmp, table.schema, compression="zstd") as writer:
            for name in schema.TABLES:
                part = table.filter(pc.equal(table.column("table"), name))
                if part.num_rows:
                    writer.write_table(part, row_group_size=part.num_rows)

    return atomic_write(out, write)


# --------------------------------------------------------------------------- reading
def _to_pandas(t: pa.Table) -> pd.DataFrame:
    return t.to_pandas(types_mapper=pd.ArrowDtype)


def read_report_bytes(data: bytes, name: str = "data/kawasaki_h28.parquet", tables: Iterable[str] | None = None) -> Report:
    """Parse a dataset from its bytes (a pure function of the bytes, so callers can cache on them).
    With `tables`, only those tables are read; the others come back empty (with their columns)."""
    wanted = list(schema.TABLES) if tables is None else list(tables)
    unknown = set(wanted) - set(schema.TABLES)
    if unknown:
        raise ValueError(f"unknown tables {sorted(unknown)}")
    try:
        pf = pq.ParquetFile(io.BytesIO(data))
        names = set(pf.schema_arrow.names)
        cols = ["table"] + sorted({f for t in wanted for f in schema.TABLES[t].fields} & names, key=list(schema.FIELDS).index)
        cols = [c for c in cols if c in names]
        if tables is None or "table" not in names:
            table = pf.read(columns=cols)
        else:  # one row group per table: skip the row groups of tables not asked for
            groups = [i for i in range(pf.num_row_groups)
                      if (st := pf.metadata.row_group(i).column(pf.schema_arrow.names.index("table")).statistics) is None
                      or not st.has_min_max or st.min in wanted or st.max in wanted or st.min != st.max]
            table = pf.read_row_groups(groups, columns=cols) if groups else pf.schema_arrow.empty_table().select(cols)
        table = table.replace_schema_metadata(pf.schema_arrow.metadata)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise DataFileError(name, f"not a readable parquet file ({type(exc).__name__}: {str(exc)[:200]})") from None
    return _split(table, name, wanted)


def read_report(path: str | Path = DEFAULT_DATA, tables: Iterable[str] | None = None) -> Report:
    """Read a dataset file; DataFileError (never a KeyError or an arrow traceback) when it is unusable."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError(path, "the data file does not exist") from None
    except IsADirectoryError:
        raise DataFileError(path, "is a folder, not a data file") from None
    except OSError as exc:
        raise DataFileError(path, f"cannot be read ({exc.strerror})") from None
    return read_report_bytes(data, str(path), tables)


def _split(table: pa.Table, name: str, wanted: list[str]) -> Report:
    meta = table.schema.metadata or {}
    version = meta.get(SCHEMA_VERSION_KEY, b"").decode()
    if version != schema.SCHEMA_VERSION:
        raise DataFileError(name, f"schema version {version or 'missing'}, this program reads version {schema.SCHEMA_VERSION}")
    if "table" not in table.column_names:
        raise DataFileError(name, "no `table` column: not a dataset written by kpi.build")
    frames = {}
    kinds = table.column("table")
    for tname, t in schema.TABLES.items():
        want = schema.table_schema(tname)
        if tname not in wanted:
            frames[tname] = _to_pandas(want.empty_table())
            continue
        missing = [f.name for f in want if f.name not in table.column_names]
        if missing:
            raise DataFileError(name, f"table {tname}: missing columns {missing}")
        wrong = [f"{f.name} ({table.schema.field(f.name).type}, expected {f.type})" for f in want
                 if table.schema.field(f.name).type != f.type]
        if wrong:
            raise DataFileError(name, f"table {tname}: wrong column types {wrong}")
        part = table.select([f.name for f in want]).filter(pc.equal(kinds, tname))
        if part.num_rows == 0 and tname in ("reports", "programs"):
            raise DataFileError(name, f"table {tname} is empty")
        for col in t.required:
            if part.column(col).null_count:
                raise DataFileError(name, f"table {tname}: column {col} has missing values")
        for col in t.fields:
            allowed = schema.FIELDS[col].enum
            if allowed:
                found = set(pc.unique(part.column(col)).drop_null().to_pylist()) - set(allowed)
                if found:
                    raise DataFileError(name, f"table {tname}: column {col} has values outside {list(allowed)}: {sorted(found)[:5]}")
        frames[tname] = _to_pandas(part)
    return Report(**frames, source_sha256=meta.get(SOURCE_SHA_KEY, b"").decode())
