"""deploy/: the nginx recipe renders to a config nginx accepts, and its static mirror's .gz files are
the files Streamlit ships (nginx-light is installed by scripts/setup.sh)."""

from __future__ import annotations

import gzip
import os
import re

import pytest

from deploy import proxy

needs_nginx = pytest.mark.skipif(proxy.nginx_binary() is None and not os.environ.get("CI"),
                                 reason="nginx not installed (scripts/setup.sh installs nginx-light)")


@needs_nginx
def test_rendered_config_is_valid(tmp_path):
    conf = proxy.render("127.0.0.1:8501", "127.0.0.1:8080", tmp_path, proxy.static_mirror())
    text = conf.read_text(encoding="utf-8")
    assert not re.search(r"@[A-Z]+@", text)  # every placeholder filled
    res = proxy.check(conf)
    assert res.returncode == 0, res.stderr
    assert "test is successful" in res.stderr


@needs_nginx
def test_an_invalid_config_is_refused(tmp_path):
    conf = proxy.render("127.0.0.1:8501", "127.0.0.1:8080", tmp_path, proxy.static_mirror())
    conf.write_text(conf.read_text(encoding="utf-8").replace("gzip_static on;", "gzip_static maybe;"), encoding="utf-8")
    assert proxy.check(conf).returncode != 0


def test_static_mirror_holds_streamlit_files_and_their_gzip():
    src, version = proxy.streamlit_static()
    mirror = proxy.static_mirror()
    assert mirror.name == f"streamlit-static-{version}"
    chunks = sorted(src.glob("static/js/PlotlyChart*.js"))
    assert chunks, "Streamlit's Plotly chunk not found"
    for chunk in chunks:
        rel = chunk.relative_to(src)
        original = chunk.read_bytes()
        assert (mirror / rel).read_bytes() == original
        packed = (mirror / rel.with_name(rel.name + ".gz")).read_bytes()
        assert gzip.decompress(packed) == original
        assert len(packed) < len(original) / 2
    assert (mirror / "index.html").read_bytes() == (src / "index.html").read_bytes()
