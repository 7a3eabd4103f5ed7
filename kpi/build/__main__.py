"""`python -m kpi.build [--source PATH] [--out PATH]`: rebuild data/kawasaki_h28.parquet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpi.build.pipeline import DEFAULT_OUTPUT, DEFAULT_SOURCE, BuildError, build_tables, write_parquet


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m kpi.build", description=__doc__)
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="report text (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUTPUT, help="parquet to write (default: %(default)s)")
    args = ap.parse_args(argv)
    try:
        frames = build_tables(args.source)
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    path = write_parquet(frames, args.out)
    counts = ", ".join(f"{k} {len(v)}" for k, v in frames.items())
    print(f"wrote {path}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
