"""Real-browser test fixtures: a Streamlit server + Debian's headless Chromium.

Fixtures
    streamlit_server  (session)  base URL "http://127.0.0.1:PORT" of a running app
    browser           (session)  playwright Browser (Chromium at /usr/bin/chromium)
    page              (function) fresh context: 1600x1000, ja-JP, downloads accepted
    app_page          (function) `page` already at streamlit_server with the app run finished


Helpers (import with `from .conftest import wait_for_app, screenshot`)
    wait_for_app(page, timeout=30.0)      wait until Streamlit finished running the script
    screenshot(page, name) -> Path        full-page PNG at test-artifacts/screenshots/NAME.png
    data_server(base, log_name, browser)  context manager: the app on data file `base` (url, pid)

Environment
    DASHBOARD_APP   app to serve (default: app.py at the repo root; relative paths are
                    taken from the repo root)
    CHROMIUM_PATH   browser binary (default: /usr/bin/chromium)
    CI              when set, a missing browser fails the tests instead of skipping them

Every test under tests/browser/ gets the `browser` marker (deselect with -m "not browser").
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
SERVER_LOG = ARTIFACTS / "streamlit-server.log"

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
APT_HINT = (
    "sudo apt-get update && sudo apt-get install -y --no-install-recommends "
    "chromium fonts-noto-cjk"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SERVER_START_TIMEOUT = 60.0
SERVER_STOP_TIMEOUT = 10.0

_HERE = Path(__file__).resolve().parent


# --------------------------------------------------------------------------- #
# Marking and failure bookkeeping
# --------------------------------------------------------------------------- #
def pytest_collection_modifyitems(config, items):
    # Conftest hooks see every collected item, so only mark our own directory.
    for item in items:
        if _HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Remember each phase's report so `page` can screenshot failed tests.
    rep = yield
    setattr(item, f"_browser_rep_{rep.when}", rep)
    return rep


def _skip_or_fail(msg: str):
    """CI must never silently skip browser tests."""
    if os.environ.get("CI"):
        pytest.fail(f"{msg} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(msg)


# --------------------------------------------------------------------------- #
# Streamlit server
# --------------------------------------------------------------------------- #
def _app_path() -> Path:
    app = Path(os.environ.get("DASHBOARD_APP", "app.py"))
    if not app.is_absolute():
        app = REPO_ROOT / app
    return app


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _log_tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def streamlit_server():
    """Start `streamlit run` on a free port; yield its base URL (no trailing slash)."""
    app = _app_path()
    if not app.is_file():
        pytest.fail(f"Streamlit app not found: {app} (set DASHBOARD_APP to override)", pytrace=False)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
    ]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    log = open(SERVER_LOG, "w", encoding="utf-8")
    log.write(f"$ {' '.join(cmd)}\n(cwd {REPO_ROOT})\n")
    log.flush()
    proc = subprocess.Popen(
        cmd,
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # Ctrl-C in the terminal doesn't hit the server twice
    )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not _healthy(f"{base_url}/_stcore/health"):
            if proc.poll() is not None:
                log.flush()
                pytest.fail(
                    f"streamlit exited with code {proc.returncode} before becoming healthy; "
                    f"log {SERVER_LOG}:\n{_log_tail(SERVER_LOG)}",
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                log.flush()
                pytest.fail(
                    f"streamlit not healthy at {base_url}/_stcore/health after "
                    f"{SERVER_START_TIMEOUT:.0f} s; log {SERVER_LOG}:\n{_log_tail(SERVER_LOG)}",
                    pytrace=False,
                )
            time.sleep(0.2)
        yield base_url
    finally:
        if proc.poll() is None:
            _stop(proc)
        log.close()


def _stop(proc: subprocess.Popen) -> None:
    """Terminate the server, killing it if it does not stop in time."""
    proc.terminate()
    try:
        proc.wait(timeout=SERVER_STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def data_server(base: Path, log_name: str, browser) -> Iterator[tuple[str, int]]:
    """`streamlit run app.py` with KAWASAKI_DATA=`base` on a free port (nothing visited yet: the
    first visit may be a deep link); yields (base URL, server pid) and stops the server afterwards."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / log_name
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "app.py"), "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none", "--server.runOnSave", "false"]
    env = dict(os.environ, PYTHONUNBUFFERED="1", KAWASAKI_DATA=str(base))
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + SERVER_START_TIMEOUT
            while not _healthy(f"{url}/_stcore/health"):
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"streamlit did not start; log {log_path}:\n{_log_tail(log_path)}", pytrace=False)
                time.sleep(0.2)
            yield url, proc.pid
        finally:
            _stop(proc)


# --------------------------------------------------------------------------- #
# Browser
# --------------------------------------------------------------------------- #
@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from Debian, driven by Playwright (no Playwright download)."""
    if not os.path.exists(CHROMIUM_PATH):
        _skip_or_fail(f"{CHROMIUM_PATH} not found; install it with: {APT_HINT}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _skip_or_fail(f"playwright not importable ({exc}); run: make setup")

    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS)
    except Exception:
        pw.stop()
        raise
    try:
        yield b
    finally:
        b.close()
        pw.stop()


@pytest.fixture
def page(browser, request):
    """A fresh page in its own context; a screenshot is saved if the test fails."""
    context = browser.new_context(
        viewport={"width": 1600, "height": 1000},
        locale="ja-JP",
        accept_downloads=True,
    )
    pg = context.new_page()
    try:
        yield pg
    finally:
        rep = getattr(request.node, "_browser_rep_call", None)
        if rep is not None and rep.failed:
            name = "FAILED-" + re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
            try:
                screenshot(pg, name)
            except Exception:  # never mask the real failure
                pass
        context.close()


@pytest.fixture
def app_page(page, streamlit_server):
    """`page` opened at the app's root URL, after the first script run finished."""
    page.goto(streamlit_server)
    wait_for_app(page)
    return page


# --------------------------------------------------------------------------- #
# Helpers
# --------------------------------------------------------------------------- #
_RUNNING = '[data-testid="stStatusWidget"]:has-text("Running")'


def wait_for_app(page, timeout: float = 30.0) -> None:
    """Wait until Streamlit has connected and finished running the script.

    Call after page.goto(...) and after any interaction that triggers a rerun.
    """
    timeout_ms = timeout * 1000
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    deadline = time.monotonic() + timeout
    while True:
        state = page.evaluate(
            """() => {
                const app = document.querySelector('[data-testid="stApp"]');
                return app ? [app.getAttribute('data-test-connection-state'),
                              app.getAttribute('data-test-script-state')] : [null, null];
            }"""
        )
        conn, script = state
        # Older/newer frontends may lack the attributes; then rely on the widget only.
        connected = conn in (None, "CONNECTED")
        finished = script in (None, "notRunning", "compilationError")
        running = page.locator(_RUNNING).count() > 0
        if connected and finished and not running:
            # Let the last deltas paint; re-check once to avoid a just-starting rerun.
            page.wait_for_timeout(100)
            if page.locator(_RUNNING).count() == 0:
                return
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"Streamlit still running after {timeout:.0f} s "
                f"(connection={conn}, script={script}, running_widget={running})"
            )
        page.wait_for_timeout(100)


def screenshot(page, name: str) -> Path:
    """Save a full-page PNG to test-artifacts/screenshots/NAME.png and return its path.

    Streamlit scrolls inside its own container, so a plain full_page screenshot stops at
    the viewport; the viewport is stretched to the content height for the shot.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    vp = page.viewport_size
    height = page.evaluate(
        """() => Math.max(
            document.documentElement.scrollHeight,
            ...Array.from(document.querySelectorAll(
                '[data-testid="stMain"], [data-testid="stAppViewContainer"], '
                + '[data-testid="stMainBlockContainer"], section.main'))
              .map(e => e.scrollHeight))"""
    )
    if vp and height and height > vp["height"]:
        page.set_viewport_size({"width": vp["width"], "height": min(int(height), 16000)})
        try:
            page.wait_for_timeout(200)  # let charts relayout
            page.screenshot(path=str(path), full_page=True)
        finally:
            page.set_viewport_size(vp)
    else:
        page.screenshot(path=str(path), full_page=True)
    return path
