"""The peer catalogue: the four other source documents (peer cities' precedents) as data.

Same skeleton as the report's build: load the shipped texts → parse (council actual/plan lists,
the すみだ宣言 focus paragraphs, Tokyo's approved plans) → apply the reviewed registers (text repairs,
bundled-entry splits, 「上記…」 references, article mapping, program aliases) → validate → write
`data/peers.parquet`. Every register row must match something (a stale row fails the build), and
every activity must be in the mapping register (a missing one fails, naming its line).
"""

from kpi.build.peers.pipeline import DEFAULT_PEERS_OUTPUT, build_peer_tables, write_peers_parquet

__all__ = ["DEFAULT_PEERS_OUTPUT", "build_peer_tables", "write_peers_parquet"]
