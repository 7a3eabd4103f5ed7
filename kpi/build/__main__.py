"""`python -m kpi.build [--source PATH] [--out PATH] [--peers-out PATH]`: rebuild data/kawasaki_h28.parquet
and, beside it, the peer catalogue data/peers.parquet (the four peer documents under data/raw/peers/)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kpi.build.peers import build_peer_tables, write_peers_parquet
from kpi.build.pipeline import DEFAULT_OUTPUT, DEFAULT_SOURCE, BuildError, build_tables, write_parquet


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m kpi.build", description=__doc__)
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="report text (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUTPUT, help="parquet to write (default: %(default)s)")
    ap.add_argument("--peers-out", type=Path, default=None, help="peer catalogue to write (default: peers.parquet beside --out)")
    args = ap.parse_args(argv)
    try:  # both builds before any write: a failure leaves the data folder as it was
        frames = build_tables(args.source)
        peers = build_peer_tables()
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    path = write_parquet(frames, args.out)
    counts = ", ".join(f"{k} {len(v)}" for k, v in frames.items())
    print(f"wrote {path}: {counts}")
    ppath = write_peers_parquet(peers, args.peers_out or args.out.parent / "peers.parquet")
    print(f"wrote {ppath}: " + ", ".join(f"{k} {len(v)}" for k, v in peers.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
