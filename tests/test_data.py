"""ui.data: every loader of one report is keyed by its (city, fiscal year) and reads no session state;
two reports give two answers; the cached objects are shared, and no page alters them."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi import schema
from tests.apptest import fresh_cache, run_app, shipped, two_folder, two_reports  # noqa: F401 (fixtures)
from tests.report_factory import PROGRAM_1_BUDGET
from ui import data

H28, H29 = ("川崎市", 2016), ("川崎市", 2017)
PAGES = ["app_pages/1_page_overview.py", "app_pages/2_page_attainment.py", "app_pages/3_page_budgets.py", "app_pages/4_page_pdca.py",
         "app_pages/5_page_import.py", "app_pages/7_page_peers.py", "app_pages/8_page_report.py", "app_pages/9_page_context.py"]


def test_keys_and_the_default_key(two_reports):
    assert data.report_keys() == [H28, H29]
    assert data.default_key() == H29  # the newest report of the dataset's city


@pytest.mark.parametrize("text, key", [("川崎市-2017", H29), ("横浜-市-2016", ("横浜-市", 2016)),
                                       ("川崎市-20x7", None), ("2017", None), ("", None), (None, None)])
def test_key_param_round_trip_and_invalid_text(text, key):
    assert data.parse_key_param(text) == key
    if key is not None:
        assert data.parse_key_param(data.key_param(key)) == key


def test_two_reports_give_two_answers(two_reports):
    for key in (H28, H29):
        assert data.report(key).reports["report_fy"].tolist() == [key[1]]
        assert set(data.indicators(key)["report_fy"]) == {key[1]}
        assert set(data.programs(key)["report_fy"]) == {key[1]}
    budget = {k: data.programs(k).set_index("program_no").loc[1, "budget_kyen"] for k in (H28, H29)}
    assert budget[H29] == PROGRAM_1_BUDGET and budget[H28] != budget[H29]
    assert data.overview(H28, 2016)["status_counts"] != data.overview(H29, 2017)["status_counts"]
    assert data.source_title(H28) != data.source_title(H29)
    rollup = {k: data.article_rollup(k, k[1]) for k in (H28, H29)}
    assert not rollup[H28]["achieved"].equals(rollup[H29]["achieved"])


def test_loaders_take_only_their_arguments(two_reports):
    """The same call gives the same answer whatever the session holds (no hidden selected report)."""
    a = data.missed_targets(H28, 2016)
    b = data.missed_targets(H29, 2017)
    assert len(a) and set(a["report_fy"]) == {2016} and set(b["report_fy"]) == {2017}
    assert data.missed_targets(H28, 2016).equals(a)


def test_reports_are_shared_and_frames_are_private_copies(shipped):
    key = data.default_key()
    assert data.report(key) is data.report(key)  # one object for every caller, not copied per call
    first = data.indicators(key)
    first["status"] = "changed"
    assert (data.indicators(key)["status"] != "changed").all()


def fingerprint(frame: pd.DataFrame) -> tuple:
    return tuple(frame.columns), tuple(map(str, frame.dtypes)), int(pd.util.hash_pandas_object(frame, index=True).sum())


def test_no_page_alters_the_shared_report_or_frames(shipped):
    key = data.default_key()
    run_app()  # fills the caches the pages share
    report = data.report(key)
    before = {name: fingerprint(report.table(name)) for name in schema.TABLES}
    shared = {"programs": data._programs, "indicators": data._indicators}
    frames = {n: fingerprint(fn(data.files_key(), key)) for n, fn in shared.items()}
    for page in PAGES:
        run_app(page)
    assert data.report(key) is report
    after = {name: fingerprint(report.table(name)) for name in schema.TABLES}
    assert after == before
    assert {n: fingerprint(fn(data.files_key(), key)) for n, fn in shared.items()} == frames
