"""ui.figures: figures keyed by cheap values (never by hashing frames), built once and shared, and
rebuilt when the data files change."""

from __future__ import annotations

import pandas as pd
import pytest

from ui import charts, data, figures, views
from ui.state import Prefs

SOURCE = "出典：x"
CALLS: list[int] = []


def counted(frame: pd.DataFrame, p, source: str, title: str = "t"):
    CALLS.append(len(frame))
    return charts.execution_rate_bars(frame, p, source)


@pytest.fixture(autouse=True)
def fresh():
    figures.clear()
    CALLS.clear()
    yield
    figures.clear()


def progs() -> pd.DataFrame:
    return pd.DataFrame({"program_name": ["a", "b"], "execution_rate_pct": [90.0, 101.5]})


def test_a_figure_is_built_once_per_key_and_shared():
    p = Prefs("ja")
    one = figures.figure(counted, ("level", ("x",)), progs(), p, SOURCE)
    two = figures.figure(counted, ("level", ("x",)), progs(), p, SOURCE)
    assert one is two and CALLS == [2]  # the same object, not a copy; the frame was not hashed
    figures.figure(counted, ("level", ("y",)), progs(), p, SOURCE)  # other page options
    figures.figure(counted, ("level", ("x",)), progs(), Prefs("en"), SOURCE)  # other prefs
    figures.figure(counted, ("level", ("x",)), progs(), p, SOURCE, title="u")  # another plain argument
    assert len(CALLS) == 4


def test_changed_data_files_give_a_new_figure(monkeypatch):
    p = Prefs("ja")
    first = figures.figure(counted, (), progs(), p, SOURCE)
    key = data.files_key()
    monkeypatch.setattr(data, "files_key", lambda: key + (("other.parquet", 1.0, 1),))
    second = figures.figure(counted, (), progs(), p, SOURCE)
    assert second is not first and len(CALLS) == 2


def test_a_frame_of_another_shape_is_not_served_the_old_figure():
    p = Prefs("ja")
    figures.figure(counted, (), progs(), p, SOURCE)
    figures.figure(counted, (), progs().head(1), p, SOURCE)
    assert CALLS == [2, 1]


def test_cheap_key_refuses_what_it_cannot_see():
    prefs = views.cheap_key(Prefs("ja", "百万円"))
    assert prefs[0] == "Prefs" and {"ja", "百万円", "wareki", ("川崎市", 2016)} <= set(prefs) and hash(prefs) is not None
    assert views.cheap_key(["a", ("b", 1)]) == ("a", ("b", 1))
    assert views.cheap_key(progs()) == ("frame", "DataFrame", (2, 2))
    with pytest.raises(TypeError):
        views.cheap_key(object())


def test_a_shared_figure_sends_the_same_json_and_makes_its_dict_once():
    import plotly.io as pio
    import plotly.tools as ptools

    fig = figures.figure(counted, (), progs(), Prefs("ja"), SOURCE)
    assert isinstance(fig, figures.SharedFigure)
    plain = charts.execution_rate_bars(progs(), Prefs("ja"), SOURCE)
    # what st.plotly_chart does with a figure on every rerun
    sent = [pio.to_json(ptools.return_figure_from_figure_or_data(f, validate_figure=True), validate=False)
            for f in (fig, fig, plain)]
    assert sent[0] == sent[1] == sent[2]
    first, second = fig.to_dict(), fig.to_dict()
    first["data"][0]["name"] = "changed"  # a caller's own copy of each trace's top level
    assert second["data"][0]["name"] != "changed" and fig.to_dict()["data"][0]["name"] != "changed"
    assert first["layout"] is second["layout"]  # made once, not deep-copied per call
