"""kpi.store and kpi.io's writing: an import killed with SIGKILL at each point of its write leaves the
data folder as it was plus at most the accepted report (never a half file), the leftovers are removed
by the next command, a running import's staging file is never removed, and one atomic write serves
the build, the store and the template.

The kill is deterministic: the importing subprocess pauses at the chosen point (its own os.link or
ParquetWriter.write_table wrapped to print READY and sleep), and the test kills it there."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import kpi
from kpi import exchange, io as kio, store
from tests.report_factory import other_city_xlsx
from tests.apptest import folder  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[1]
IMPORTER = """
import os, sys, time
import pyarrow.parquet as pq
from kpi import exchange, store

base, point, xlsx = sys.argv[1], sys.argv[2], sys.argv[3]
result = exchange.parse_workbook(open(xlsx, "rb").read(), "yokohama.xlsx")
assert result.ok

def pause():
    print("READY", flush=True)
    time.sleep(120)

if point == "parquet":  # the staging parquet half written: after its first row groups
    write_table, calls = pq.ParquetWriter.write_table, [0]
    def patched(self, *a, **k):
        write_table(self, *a, **k)
        calls[0] += 1
        if calls[0] == 3:
            pause()
    pq.ParquetWriter.write_table = patched
elif point == "staged":  # written, read back and compared; not yet linked into place
    os.link = lambda *a, **k: pause()
elif point == "linked":  # linked into place; the staging file not yet removed
    link = os.link
    def patched(a, b, **k):
        link(a, b, **k)
        pause()
    os.link = patched
store.accept(result, base)
print("DONE", flush=True)
"""


@pytest.fixture(scope="module")
def xlsx(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("store") / "yokohama.xlsx"
    path.write_bytes(other_city_xlsx())
    return path


def snapshot(base: Path) -> dict[str, str]:
    return {str(p.relative_to(base.parent)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(base.parent.rglob("*")) if p.is_file()}


def paused_import(base: Path, point: str, xlsx: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", IMPORTER, str(base), point, str(xlsx)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline().strip()
    if line != "READY":
        proc.kill()
        pytest.fail(f"the import did not reach {point}: {line!r} {proc.stderr.read()[-2000:]}")
    return proc


def kill(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize("point", ["parquet", "staged"])
def test_kill_during_the_write_leaves_nothing_behind(folder, xlsx, point):
    before = snapshot(folder)
    proc = paused_import(folder, point, xlsx)
    assert store.stale_staging(folder) == []  # the import is alive: its staging file is not stale
    kill(proc)
    left = store.stale_staging(folder)
    assert left and all(p.name.startswith(".") for p in left)  # hidden leftovers, never a report
    assert [p.name for p in store.accepted_files(folder)] == []
    assert store.load_reports(folder).problems == ()
    removed = store.clean_staging(folder)
    assert sorted(removed) == sorted(left)
    assert snapshot(folder) == before


def test_kill_after_the_link_leaves_exactly_the_accepted_report(folder, xlsx):
    before = snapshot(folder)
    kill(paused_import(folder, "linked", xlsx))
    store.clean_staging(folder)
    after = snapshot(folder)
    added = set(after) - set(before)
    assert added == {"reports/横浜市_2017.parquet"} and {k: after[k] for k in before} == before
    assert ("横浜市", 2017) in store.load_reports(folder).files


def test_the_next_command_removes_leftovers_and_says_so(folder, xlsx, capsys):
    before = snapshot(folder)
    kill(paused_import(folder, "staged", xlsx))
    assert store.stale_staging(folder)
    assert exchange.main(["list", "--data", str(folder)]) == 0
    assert "removed a staging file of an interrupted import" in capsys.readouterr().err
    assert snapshot(folder) == before


def test_a_running_imports_staging_file_is_kept(folder, xlsx):
    proc = paused_import(folder, "staged", xlsx)
    try:
        staging = [p for p in store.reports_dir(folder).iterdir() if p.name.endswith(store.STAGING_SUFFIX)]
        assert len(staging) == 1
        assert store.clean_staging(folder) == [] and staging[0].exists()
    finally:
        kill(proc)


def test_atomic_write_leaves_no_temporary_on_failure(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")

    def fail(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        kio.atomic_write(target, fail)
    assert target.read_bytes() == b"old" and kio.stale_temporaries(tmp_path) == []
    store.atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new" and sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]


def test_the_build_and_the_store_write_the_same_bytes(tmp_path):
    report = kpi.read_report()
    frames = {name: report.table(name) for name in kpi.schema.TABLES}
    a = kio.write_parquet(frames, tmp_path / "a.parquet")
    assert a.read_bytes() == kpi.io.DEFAULT_DATA.read_bytes()  # the committed dataset, byte for byte


def test_fold_city():
    assert store.fold_city("横浜 市") == store.fold_city("横浜市") == store.fold_city("横浜　市")
    assert store.fold_city("ﾖｺﾊﾏ") == "ヨコハマ"
