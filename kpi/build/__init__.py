"""Build `data/kawasaki_h28.parquet` from the shipped report text: `python -m kpi.build`.

Skeleton: load source text → parse → apply the corrections register → validate
(counts, printed totals, stated changes; reviewed discrepancies) → write parquet.
"""

from kpi.build.pipeline import BuildError, build_tables, write_parquet

__all__ = ["BuildError", "build_tables", "write_parquet"]
