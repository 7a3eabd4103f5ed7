"""Where reports live, and loading several as one Report. No Streamlit.

The built dataset (`data/kawasaki_h28.parquet`, or the file in $KAWASAKI_DATA) holds the 平成28年度
report. Reports accepted through `python -m kpi.exchange import` are stored beside it, one file per
report: `<its folder>/reports/<city>_<fiscal year>.parquet`, each written by kpi.io's
`write_parquet` (the same writer as the build's). `load_reports` reads the dataset and every accepted file into one Report.

Nothing is lost: a report is written to a hidden staging file in the same folder, read back and
compared, then linked (or, with replace, renamed) into place in one atomic step; any failure leaves
every existing file as it was. A process killed mid-write leaves a hidden staging file; the next
import (and every `python -m kpi.exchange` command) removes those whose process is gone
(`clean_staging`). `remove` moves a file to `reports/removed/` rather than deleting it.
A broken accepted file does not hide the others: `load_reports` skips it and names it in `problems`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kpi import schema
from kpi.io import DEFAULT_DATA, DataFileError, Report, atomic_write, fsync_path, read_report, write_parquet

ENV_VAR = "KAWASAKI_DATA"  # the built dataset's path; tests point it at a temporary folder
REPORTS_DIRNAME = "reports"
REMOVED_DIRNAME = "removed"
EXCHANGE_COMMAND = "python -m kpi.exchange"

FileIdentity = tuple[str, int, int]  # path, mtime_ns, size


class StoreError(Exception):
    """A refused store operation, said in Japanese and English."""

    def __init__(self, message_ja: str, message_en: str):
        self.message_ja, self.message_en = message_ja, message_en
        super().__init__(message_en)

    def __reduce__(self):
        return (type(self), (self.message_ja, self.message_en))


@dataclass(frozen=True)
class Problem:
    """An accepted report file that could not be loaded (the others still are)."""

    path: str
    problem: str
    remedy: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}. {self.remedy}"


@dataclass(frozen=True)
class Loaded:
    """The dataset and every loadable accepted report as one Report; the file of each report key."""

    report: Report
    files: dict[tuple[str, int], Path] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()


# --------------------------------------------------------------------------- paths
def base_path() -> Path:
    """The built dataset: $KAWASAKI_DATA or data/kawasaki_h28.parquet."""
    return Path(os.environ.get(ENV_VAR) or DEFAULT_DATA)


def reports_dir(base: Path | None = None) -> Path:
    return Path(base or base_path()).parent / REPORTS_DIRNAME


def report_path(city: str, fiscal_year: int, base: Path | None = None) -> Path:
    return reports_dir(base) / f"{city}_{int(fiscal_year)}.parquet"


def accepted_files(base: Path | None = None) -> list[Path]:
    """The accepted report files (hidden staging files and subfolders are not reports)."""
    folder = reports_dir(base)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.parquet") if not p.name.startswith(".") and p.is_file())


def identity(base: Path | None = None) -> tuple[FileIdentity, ...]:
    """Path, mtime and size of the dataset and of every accepted file: a cache key that changes
    whenever a report is accepted, replaced or removed. DataFileError when the dataset is missing."""
    base = Path(base or base_path())
    try:
        s = base.stat()
    except OSError:
        read_report(base)  # raises DataFileError with kpi's message and remedy
        raise
    out = [(str(base), s.st_mtime_ns, s.st_size)]
    for p in accepted_files(base):
        try:
            st = p.stat()
        except OSError:  # removed meanwhile
            continue
        out.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(out)


# --------------------------------------------------------------------------- loading
def _remedy(path: Path) -> str:
    return (f"Re-import the report with `{EXCHANGE_COMMAND} import FILE --replace`, or move this file out of "
            f"{path.parent} (the other reports are shown meanwhile)")


def concat(reports: Sequence[Report]) -> Report:
    """Several Reports as one (tables concatenated; the first one's source_sha256)."""
    frames = {}
    for name in schema.TABLES:
        parts = [r.table(name) for r in reports]
        nonempty = [p for p in parts if len(p)]
        frames[name] = pd.concat(nonempty, ignore_index=True) if len(nonempty) > 1 else (nonempty or parts)[0].reset_index(drop=True)
    return Report(**frames, source_sha256=reports[0].source_sha256)


def load_reports(base: Path | None = None) -> Loaded:
    """The dataset plus every accepted report, in (city, fiscal year) order. The dataset must be
    readable (DataFileError otherwise); an unreadable accepted file is skipped and named in `problems`."""
    base = Path(base or base_path())
    main = read_report(base)
    parts: list[tuple[tuple[str, int], Report, Path]] = [(k, main.select(*k), base) for k in main.keys()]
    seen = {k: base for k in main.keys()}
    problems: list[Problem] = []
    for path in accepted_files(base):
        try:
            r = read_report(path)
        except DataFileError as exc:
            problems.append(Problem(str(path), exc.problem, _remedy(path)))
            continue
        keys = r.keys()
        if len(keys) != 1:
            problems.append(Problem(str(path), f"holds {len(keys)} reports, an accepted file holds exactly one", _remedy(path)))
            continue
        if keys[0] in seen:
            problems.append(Problem(str(path), f"report {keys[0][0]} {keys[0][1]} is already loaded from {seen[keys[0]]}", _remedy(path)))
            continue
        seen[keys[0]] = path
        parts.append((keys[0], r, path))
    parts.sort(key=lambda x: x[0])
    report = concat([r for _, r, _ in parts]) if len(parts) > 1 else main
    return Loaded(report, {k: p for k, _, p in parts}, tuple(problems))


def read_reports(base: Path | None = None) -> Report:
    """Strict loading: DataFileError naming the first accepted file that cannot be loaded."""
    loaded = load_reports(base)
    if loaded.problems:
        p = loaded.problems[0]
        raise DataFileError(p.path, p.problem, p.remedy)
    return loaded.report


# --------------------------------------------------------------------------- writing
_fsync = fsync_path


def _fsync_dir(folder: Path) -> None:
    try:
        _fsync(folder)
    except OSError:  # some filesystems cannot sync a folder; the rename is still atomic
        pass


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    """Write a file atomically (kpi.io.atomic_write: a temporary file in the same folder, then os.replace)."""
    return atomic_write(path, lambda tmp: tmp.write_bytes(data))


STAGING_SUFFIX = ".staging.parquet"
_STAGING = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}\.staging\.parquet(?:\.[0-9a-f]{8}\.tmp)?$")  # .<stem>.<pid>.<hex>…


def _staging_path(target: Path) -> Path:
    return target.parent / f".{target.stem}.{os.getpid()}.{uuid.uuid4().hex[:8]}{STAGING_SUFFIX}"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def stale_staging(base: Path | None = None) -> list[Path]:
    """Staging files (and their temporaries) left in reports/ by an import whose process is gone."""
    folder = reports_dir(base)
    if not folder.is_dir():
        return []
    out = []
    for p in sorted(folder.iterdir()):
        m = _STAGING.match(p.name)
        if m and p.is_file() and not _alive(int(m.group(1))):
            out.append(p)
    return out


def clean_staging(base: Path | None = None) -> list[Path]:
    """Remove what interrupted imports left behind (never a report, never a running import's file)."""
    removed = []
    for p in stale_staging(base):
        try:
            p.unlink()
            removed.append(p)
        except OSError:  # a read-only folder, or removed meanwhile: nothing to do
            pass
    return removed


def fold_city(city: str) -> str:
    """A city name as compared between reports: NFKC, without spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(city)))


def _base_keys(base: Path) -> list[tuple[str, int]]:
    return read_report(base, tables=["reports"]).keys()


def plan_accept(result, base: Path | None = None) -> tuple[Path, bool]:
    """Where an import would be stored and whether a report with its key is already stored there.
    StoreError when the key is the built dataset's own report."""
    base = Path(base or base_path())
    key = result.key
    if key in _base_keys(base):
        raise StoreError(
            f"{key[0]} {key[1]}年度は元の報告書から作ったデータ（{base.name}）です。取り込みでは置き換えられません（`python -m kpi.build` で作り直します）。",
            f"{key[0]} {key[1]} is the built dataset's report ({base.name}); it cannot be replaced by an import (rebuild it with `python -m kpi.build`).")
    loaded = load_reports(base)
    if key in loaded.files:
        return loaded.files[key], True
    twins = [k for k in [*loaded.files, *_base_keys(base)] if k[1] == key[1] and k[0] != key[0] and fold_city(k[0]) == fold_city(key[0])]
    if twins:
        raise StoreError(f"「{key[0]}」は、すでにある「{twins[0][0]}」と同じ名前に見えます（全角・半角や空白の違いだけ）。同じ市区町村なら同じ書き方にしてください。",
                         f"{key[0]!r} looks the same as the stored {twins[0][0]!r} (width or spaces differ only); spell one city one way.")
    target = report_path(*key, base)
    return target, target.exists()


def accept(result, base: Path | None = None, replace: bool = False) -> Path:
    """Store a validated import (kpi.exchange.ImportResult) as reports/<city>_<fy>.parquet.

    Staging files of interrupted imports are removed first. The file is written to a hidden staging
    file in the same folder (kpi.io's write_parquet, itself atomic), flushed, read back and compared with the import; then linked into place, which fails if a
    file is there already (so nothing is overwritten without `replace`), or renamed over it with
    `replace`. On any failure the staging file is removed and every existing file is untouched."""
    base = Path(base or base_path())
    clean_staging(base)
    if not result.ok:
        raise StoreError("エラーのある取り込みは保存できません。", "An import with errors cannot be stored.")
    target, exists = plan_accept(result, base)
    if exists and not replace:
        raise StoreError(f"{result.key[0]} {result.key[1]}年度はすでにあります（{target}）。置き換えるには --replace を付けてください。",
                         f"{result.key[0]} {result.key[1]} is already stored ({target}); use --replace to replace it.")
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    staging = _staging_path(target)
    try:
        frames = result.frames()
        write_parquet(frames, staging, source_sha256=result.sha256)
        _fsync(staging)
        back = read_report(staging)
        for name in schema.TABLES:
            if not back.table(name).equals(frames[name]):
                raise StoreError(f"書き込んだファイルを読み直すと「{name}」が一致しません。保存を中止しました。",
                                 f"The written file reads back different ({name}); nothing was stored.")
        if replace:
            os.replace(staging, target)
        else:
            try:
                os.link(staging, target)  # atomic, and never over an existing file
            except FileExistsError:
                raise StoreError(f"{target} が同時に作られました。置き換えるには --replace を付けてください。",
                                 f"{target} appeared meanwhile; use --replace to replace it.") from None
            except OSError:  # a filesystem without hard links
                if target.exists():
                    raise StoreError(f"{target} はすでにあります。", f"{target} already exists.") from None
                os.replace(staging, target)
        _fsync_dir(folder)
    finally:
        staging.unlink(missing_ok=True)
    return target


def remove(city: str, fiscal_year: int, base: Path | None = None) -> Path:
    """Move an accepted report's file to reports/removed/ (restorable by moving it back). The built
    dataset's report cannot be removed."""
    base = Path(base or base_path())
    key = (city, int(fiscal_year))
    if key in _base_keys(base):
        raise StoreError(f"{city} {fiscal_year}年度は元の報告書から作ったデータ（{base.name}）なので削除できません。",
                         f"{city} {fiscal_year} is the built dataset's report ({base.name}) and cannot be removed.")
    loaded = load_reports(base)
    path = loaded.files.get(key)
    if path is None:
        raise StoreError(f"{city} {fiscal_year}年度の報告書は取り込まれていません。", f"No accepted report {city} {fiscal_year}.")
    removed = path.parent / REMOVED_DIRNAME
    removed.mkdir(exist_ok=True)
    dest = removed / f"{path.stem}.{dt.datetime.now().strftime('%Y%m%dT%H%M%S')}.parquet"
    os.replace(path, dest)
    _fsync_dir(path.parent)
    return dest
