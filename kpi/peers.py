"""The peer catalogue (data/peers.parquet): read, search, filter, match to a Kawasaki article or program,
a named program's timeline, and the original passage of an entry. No Streamlit here.

These are precedents, not performance: the documents carry no budgets, targets or indicators, and how
many entries a city has says how wordy its section is, not what it does. Nothing here counts entries.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kpi import schema
from kpi.io import DataFileError
from kpi.notes import fold, matches

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PEERS = ROOT / "data" / "peers.parquet"
RAW_DIR = ROOT / "data" / "raw" / "peers"
UNMAPPED = "none"  # the mapping quality of an activity no Kawasaki article fits

# Words a Kawasaki program name or indicator may share with the peer texts (the topics staff ask about).
# A program's keywords are those of this list its name contains, plus the name's own parts.
VOCABULARY = (
    "事業承継", "医工連携", "医療", "オープンファクトリー", "ブランド", "創業", "起業", "ベンチャー", "スタートアップ",
    "人材", "技能", "インターンシップ", "就業", "雇用", "販路", "展示会", "海外", "国際", "立地", "操業環境", "住工",
    "研究", "開発", "産学", "デザイン", "知的財産", "知財", "観光", "商店街", "商業", "ネットワーク", "連携", "金融",
    "融資", "経営相談", "経営革新", "マッチング", "福祉", "環境", "コンテンツ", "農業", "表彰", "マイスター",
)
_GENERIC = ("推進事業", "支援事業", "振興事業", "促進事業", "事業", "推進", "支援", "振興", "等")


@dataclass(frozen=True)
class Peers:
    documents: pd.DataFrame
    actors: pd.DataFrame
    activities: pd.DataFrame
    metrics: pd.DataFrame
    repairs: pd.DataFrame


def read_peers_bytes(data: bytes, name: str = "data/peers.parquet") -> Peers:
    """The peer tables from the file's bytes; DataFileError when unusable."""
    try:
        table = pq.read_table(io.BytesIO(data))
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise DataFileError(name, f"not a readable parquet file ({type(exc).__name__})") from None
    meta = table.schema.metadata or {}
    if meta.get(b"kawasaki.peers_schema_version", b"").decode() != schema.PEER_SCHEMA_VERSION:
        raise DataFileError(name, "not a peer catalogue of this program's version")
    frames = {}
    for tname in schema.PEER_TABLES:
        want = schema.peer_table_schema(tname)
        missing = [f.name for f in want if f.name not in table.column_names]
        if missing:
            raise DataFileError(name, f"table {tname}: missing columns {missing}")
        part = table.filter(pc.equal(table.column("table"), tname)).select([f.name for f in want]).cast(want)
        frames[tname.removeprefix("peer_")] = part.to_pandas(types_mapper=pd.ArrowDtype)
    return Peers(**frames)


def read_peers(path: str | Path = DEFAULT_PEERS) -> Peers:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:
        raise DataFileError(path, "the peer catalogue does not exist or cannot be read") from None
    return read_peers_bytes(data, str(path))


# ---------------------------------------------------------------- search and filters


def search_text(acts: pd.DataFrame) -> pd.Series:
    """What a search looks in: the entry as printed, its heading, program, and the meant form of a typo
    (事業継承→事業承継: a search for 事業承継 finds the entry that printed 事業継承)."""
    parts = [acts[c].astype(object).where(acts[c].notna(), "").astype(str) for c in ("text", "title", "program_label", "typo_note")]
    return parts[0] + "\n" + parts[1] + "\n" + parts[2] + "\n" + parts[3]


def search(acts: pd.DataFrame, query: str) -> pd.DataFrame:
    """Activities containing every word of `query` (width- and case-folded like the notes search)."""
    if not fold(query).split():
        return acts
    return acts[matches(search_text(acts), query).to_numpy()]


def filter_activities(acts: pd.DataFrame, article: int | str | None = None, cities=None, years=None, statuses=None) -> pd.DataFrame:
    """Activities of one article (an int, UNMAPPED for the unmappable, None for all), the given cities
    (None: all; the council's own items have no city and show under every city filter left empty),
    fiscal years (None: all; 'undated' for the undated ones) and statuses."""
    out = acts
    if article == UNMAPPED:
        out = out[out["article_no"].isna()]
    elif article is not None:
        out = out[out["article_no"].astype("Int64") == int(article)]
    if cities:
        out = out[out["city"].isin(list(cities))]
    if years:
        fy = out["fiscal_year"].astype("Int64")
        want = {int(y) for y in years if y != "undated"}
        covers = pd.Series(False, index=out.index)
        for y in want:  # a plan period covers every year from fiscal_year to fy_end
            covers |= (fy <= y) & (out["fy_end"].astype("Int64") >= y)
        covers = covers.fillna(False)
        if "undated" in years:
            covers |= fy.isna()
        out = out[covers.astype(bool)]
    if statuses:
        out = out[out["status"].isin(list(statuses))]
    return out


def in_time_order(acts: pd.DataFrame) -> pd.DataFrame:
    """Activities by fiscal year (undated c.2013 first), then as printed (document, line): city by city."""
    order = acts["fiscal_year"].astype("Int64").fillna(0)
    return acts.assign(_o=order.to_numpy()).sort_values(["_o", "doc_id", "source_line", "activity_id"], kind="stable").drop(columns="_o")


def year_options(acts: pd.DataFrame) -> list:
    """Fiscal years any activity covers (a plan period's every year), then 'undated' if any."""
    years: set[int] = set()
    for a, b in acts[["fiscal_year", "fy_end"]].dropna().astype(int).itertuples(index=False):
        years.update(range(a, b + 1))
    return sorted(years) + (["undated"] if acts["fiscal_year"].isna().any() else [])


# ---------------------------------------------------------------- matching a Kawasaki program


KEYWORD = re.compile(r"[\w\u30FC\u3005]{2,24}")  # a keyword: 2–24 letters, digits, ー or 々 (CJK included)


def keywords_for(*names: str) -> list[str]:
    """Keywords of a Kawasaki program (and indicator) name: the vocabulary words it contains, then its
    own parts (split at ・/、/ spaces, generic suffixes such as 推進事業 removed), longest first, unique."""
    out: list[str] = []
    for name in names:
        f = fold(name or "")
        out += [w for w in VOCABULARY if fold(w) in f]
        for part in pd.Series([f]).str.split(r"[・、\s()（）]+").iloc[0]:
            for g in _GENERIC:
                part = part.removesuffix(g)
            if KEYWORD.fullmatch(part):  # words only: never a URL, markup or a long string into a link
                out.append(part)
    return list(dict.fromkeys(sorted(dict.fromkeys(out), key=len, reverse=True)))


def match(acts: pd.DataFrame, article: int | None, keywords: list[str]) -> pd.DataFrame:
    """Peer activities of `article` (all mapped ones if None), best keyword matches first: `score` = how
    many of the keywords the entry contains; ties in time order (see in_time_order)."""
    out = in_time_order(filter_activities(acts, article) if article is not None else acts[acts["article_no"].notna()])
    text = search_text(out).map(fold)
    score = pd.Series(0, index=out.index)
    for k in {fold(k) for k in keywords if k}:
        score += text.str.contains(k, regex=False).astype(int)
    return out.assign(score=score.to_numpy()).sort_values("score", ascending=False, kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- timelines and passages


def timeline(acts: pd.DataFrame, program_id: str) -> pd.DataFrame:
    """A recurring program's entries in time order (undated c.2013 first), each with `verbatim_of`: the
    earlier entry of the same body whose text is identical (a plan that reappears word for word)."""
    rows = acts[acts["program_id"] == program_id].copy()
    rows["_order"] = rows["fiscal_year"].astype("Int64").fillna(0)
    rows = rows.sort_values(["_order", "source_line"]).drop(columns="_order").reset_index(drop=True)
    return rows.assign(verbatim_of=verbatim_of(acts).reindex(rows["activity_id"]).to_numpy())


def verbatim_of(acts: pd.DataFrame) -> pd.Series:
    """activity_id → the id of an earlier entry (earlier fiscal year) of the same body with the same text
    (the first such entry in `acts`' order); None where there is none. Compared within each group of
    the same body and folded text, so a catalogue of any size costs one pass."""
    out = dict.fromkeys(acts["activity_id"].tolist())
    fy = acts["fiscal_year"].astype("Int64")
    frame = pd.DataFrame({"key": acts["text"].map(fold).to_numpy(), "actor": acts["actor_name"].to_numpy(),
                          "fy": [None if pd.isna(y) else int(y) for y in fy], "id": acts["activity_id"].to_numpy()})
    frame = frame[frame["actor"].notna() & frame["key"].notna()]
    for _, g in frame.groupby(["key", "actor"], sort=False):
        if len(g) < 2:
            continue
        dated = [(y, i) for y, i in zip(g["fy"], g["id"]) if y is not None]
        for y, i in dated:
            out[i] = next((j for yj, j in dated if yj < y and j != i), None)
    return pd.Series(out, dtype=object)


# ---------------------------------------------------------------- the page's view, computed once


@dataclass(frozen=True)
class Catalogue:
    """The peer tables with what every view of the page needs, computed once per file: the activities in
    time order, the city and year choices, and each document's framework by id."""

    peers: Peers
    activities: pd.DataFrame
    cities: tuple[str, ...]
    years: tuple
    frameworks: dict


def catalogue(peers: Peers) -> Catalogue:
    acts = in_time_order(peers.activities).reset_index(drop=True)
    docs = peers.documents
    return Catalogue(peers, acts, tuple(sorted(acts["city"].dropna().unique())), tuple(year_options(acts)),
                     dict(zip(docs["doc_id"].astype(str), docs["framework"].astype(str))))


def select(cat: Catalogue, article: int | str | None = None, cities=None, years=None, statuses=None, query: str = "",
           keywords=()) -> pd.DataFrame:
    """The page's rows: the filters (see filter_activities), the search (see search), in time order, then
    best keyword matches first with their `score` (see match; none for the unmappable, `score` NA)."""
    rows = filter_activities(cat.activities, article, cities or None, years or None, statuses or None)
    rows = in_time_order(search(rows, query))
    keywords = list(keywords)
    if keywords and article != UNMAPPED:
        return match(rows, None, keywords)
    return rows.assign(score=pd.NA).reset_index(drop=True)


def passage(peers: Peers, activity_id: str, context: int = 4, raw_dir: Path = RAW_DIR) -> list[tuple[int, str, bool]]:
    """The original lines around an entry, from the shipped text as printed: (line, text, is the entry's
    line). Blank padding lines are left out; the entry's own lines are flagged."""
    act = peers.activities[peers.activities["activity_id"] == activity_id]
    if act.empty:
        return []
    a = act.iloc[0]
    doc = peers.documents[peers.documents["doc_id"] == a["doc_id"]].iloc[0]
    path = raw_dir / Path(str(doc["source_file"])).name
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        raise DataFileError(path, "the shipped peer text cannot be read", "Restore it with `git checkout -- data/raw/peers/`.") from None
    first, last = int(a["source_line"]), int(a["last_line"])
    lo, hi = max(1, first - context * 2), min(len(lines), last + context * 2)
    return [(n, lines[n - 1].rstrip(), first <= n <= last) for n in range(lo, hi + 1) if lines[n - 1].strip()]
