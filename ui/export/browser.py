"""The shared headless browser that renders images: finding Chromium and a Japanese font, kaleido's
lifecycle on a private event loop, bounded calls, shutdown, and the status shown to users.

kaleido is started on first use and only after the browser and a Japanese font were found (it hangs
forever if started without a browser). kaleido is not thread-safe and Streamlit runs each session in
its own thread, so every render holds `_LOCK` (`exclusive()`); every render is bounded by its
timeout (a browser that did not answer is restarted on the next call). kaleido's own
`start_sync_server` is not used: its singleton cannot be restarted once a render hangs (closing it
joins the stuck thread), so this module keeps its own kaleido.Kaleido on its own event loop, which it
can cancel and kill.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ui.export.errors import ExportError

INSTALL_COMMAND = "sudo apt-get install -y --no-install-recommends chromium fonts-noto-cjk"
BROWSER_CANDIDATES = ("chromium", "/usr/bin/chromium", "chromium-browser", "google-chrome")


@dataclass(frozen=True)
class ExportStatus:
    available: bool
    message: str
    chromium_path: str | None
    cjk_font: bool


def _executable(path: str | None) -> str | None:
    if not path:
        return None
    found = shutil.which(path)
    if found:
        return found
    p = Path(path)
    return str(p) if p.is_file() and os.access(p, os.X_OK) else None


def _find_chromium() -> str | None:
    """BROWSER_PATH, then chromium / /usr/bin/chromium / chromium-browser / google-chrome."""
    for candidate in (os.environ.get("BROWSER_PATH"), *BROWSER_CANDIDATES):
        found = _executable(candidate)
        if found:
            return found
    return None


def _has_cjk_font() -> bool:
    """A font covering Japanese, asked of fontconfig (`fc-list :lang=ja`); without fc-list, look for
    the Noto CJK files where Debian installs them."""
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            out = subprocess.run([fc_list, ":lang=ja", "family"], capture_output=True, text=True, timeout=15)
            return bool(out.stdout.strip())
        except (OSError, subprocess.SubprocessError):
            pass
    roots = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"]
    return any(any(r.rglob("*CJK*")) for r in roots if r.is_dir())


_status: ExportStatus | None = None
_status_lock = threading.Lock()


def export_status(refresh: bool = False) -> ExportStatus:
    """Whether images can be exported on this machine; found once per process (`refresh=True` looks again)."""
    global _status
    with _status_lock:
        if _status is None or refresh:
            chromium = _find_chromium()
            font = _has_cjk_font()
            missing_ja, missing_en = [], []
            if not chromium:
                missing_ja.append("ブラウザ（Chromium）")
                missing_en.append("a browser (Chromium)")
            if not font:
                missing_ja.append("日本語フォント（Noto CJK）")
                missing_en.append("a Japanese font (Noto CJK)")
            if missing_ja:
                message = (
                    f"画像の出力には{'と'.join(missing_ja)}が必要です。サーバーの管理者に次のコマンドの実行を"
                    f"依頼してください: {INSTALL_COMMAND}\n"
                    f"Image export needs {' and '.join(missing_en)}. Ask the server administrator to run: "
                    f"{INSTALL_COMMAND}"
                )
            else:
                message = (f"画像の出力が使えます（{chromium}）。\n"
                           f"Image export is available (browser: {chromium}, Japanese font found).")
            _status = ExportStatus(available=not missing_ja, message=message, chromium_path=chromium, cjk_font=font)
        return _status


def unavailable_error(status: ExportStatus) -> ExportError:
    """The status's message as the error raised when images cannot be made here."""
    ja, _, en = status.message.partition("\n")
    return ExportError(ja, en)


def timed_out_error(timeout: float) -> ExportError:
    return ExportError(f"画像の出力が{timeout:g}秒以内に終わりませんでした。もう一度お試しください。",
                       f"Image export did not finish within {timeout:g} s; please try again.")


# ---------------------------------------------------------------------------------------------
# The shared browser
# ---------------------------------------------------------------------------------------------


class _BrowserServer:
    """One kaleido.Kaleido (one headless Chromium, one tab) driven on a private asyncio loop thread."""

    def __init__(self, chromium_path: str):
        self.chromium_path = chromium_path
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run_loop, name="export-kaleido-loop", daemon=True)
        self.kaleido: Any = None
        self.healthy = False
        self._pending: Any = None  # concurrent.futures.Future of the render in flight

    def _run_loop(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    async def _open(self) -> Any:
        import kaleido  # imported on first export: pages that never export don't pay for it

        k = kaleido.Kaleido(n=1, timeout=None, mathjax=False, path=self.chromium_path)
        self.kaleido = k  # kept before open() so a start that times out can still be killed
        await k.open()
        return k

    def start(self, timeout: float) -> None:
        self.thread.start()
        fut = asyncio.run_coroutine_threadsafe(self._open(), self.loop)
        try:
            fut.result(timeout=timeout)
        except BaseException as e:
            fut.cancel()
            self.close(grace=2.0)
            if isinstance(e, TimeoutError):
                raise ExportError(
                    f"ブラウザ（Chromium）が{timeout:.0f}秒以内に起動しませんでした。もう一度お試しください。",
                    f"The browser (Chromium) did not start within {timeout:.0f} s; please try again.") from None
            raise ExportError(f"ブラウザ（Chromium）を起動できません: {e}",
                              f"The browser (Chromium) could not be started: {e}") from e
        self.healthy = True

    def render(self, fig_dict: dict, opts: dict) -> bytes:
        fut = asyncio.run_coroutine_threadsafe(self.kaleido.calc_fig(fig_dict, opts=opts), self.loop)
        self._pending = fut
        try:
            return fut.result()
        finally:
            self._pending = None

    def browser_pid(self) -> int | None:
        proc = getattr(self.kaleido, "subprocess", None)
        return getattr(proc, "pid", None)

    def alive(self) -> bool:
        proc = getattr(self.kaleido, "subprocess", None)
        return self.thread.is_alive() and proc is not None and proc.poll() is None

    def cancel_pending(self) -> None:
        fut = self._pending
        if fut is not None:
            fut.cancel()  # frees the worker thread waiting on it; cancels the task on the loop

    def close(self, grace: float = 10.0) -> None:
        """Close the browser; if it does not close within `grace` seconds, kill the process we started."""
        self.healthy = False
        self.cancel_pending()
        proc = getattr(self.kaleido, "subprocess", None)
        if self.thread.is_alive() and self.kaleido is not None:
            try:
                asyncio.run_coroutine_threadsafe(self.kaleido.close(), self.loop).result(timeout=grace)
            except BaseException:  # noqa: BLE001 - any failure to close cleanly ends in a kill below
                pass
        if proc is not None and proc.poll() is None:
            _kill_process_group(proc)
        if self.thread.is_alive():
            def _stop() -> None:
                for task in asyncio.all_tasks(self.loop):
                    task.cancel()
                self.loop.call_soon(self.loop.stop)  # one more turn lets the cancellations run

            self.loop.call_soon_threadsafe(_stop)
            self.thread.join(timeout=5)
        if not self.thread.is_alive() and not self.loop.is_closed():
            try:
                self.loop.close()
            except RuntimeError:
                pass


def _kill_process_group(proc: subprocess.Popen) -> None:
    """Stop the browser this module started (its own process group, as choreographer starts it)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            if os.getpgid(proc.pid) == proc.pid:
                os.killpg(proc.pid, sig)
            else:
                proc.send_signal(sig)
        except (ProcessLookupError, PermissionError, OSError):
            return
        try:
            proc.wait(timeout=5)
            return
        except subprocess.TimeoutExpired:
            continue


_LOCK = threading.Lock()  # serialises every export and the server's start/stop
_server: _BrowserServer | None = None


def _ensure_server(chromium_path: str, timeout: float) -> _BrowserServer:
    """The running shared browser, (re)started if missing or marked unhealthy. Call with _LOCK held."""
    global _server
    if _server is not None and not (_server.healthy and _server.alive()):
        old, _server = _server, None
        old.close(grace=5.0)
    if _server is None:
        server = _BrowserServer(chromium_path)
        server.start(timeout=timeout)
        _server = server
    return _server


def _kaleido_call(fig_dict: dict, opts: dict) -> bytes:
    """The one call into kaleido (tests replace it). Runs in a worker thread with _LOCK held."""
    server = _server
    if server is None:
        raise RuntimeError("export server not started")
    return server.render(fig_dict, opts)


def _call_bounded(fn: Callable[..., bytes], args: tuple, timeout: float) -> bytes:
    """fn(*args) in a daemon worker thread; TimeoutError if it has not returned within `timeout`."""
    box: dict[str, Any] = {}
    done = threading.Event()

    def work() -> None:
        try:
            box["result"] = fn(*args)
        except BaseException as e:  # noqa: BLE001 - handed to the caller
            box["error"] = e
        finally:
            done.set()

    threading.Thread(target=work, name="export-render", daemon=True).start()
    if not done.wait(timeout):
        raise TimeoutError
    if "error" in box:
        raise box["error"]
    return box["result"]


@contextlib.contextmanager
def exclusive(deadline: float, timeout: float) -> Iterator[None]:
    """Hold `_LOCK` (the one browser, and whatever is kept beside it) until the block ends; ExportError
    if it cannot be had before `deadline` (time.monotonic())."""
    if not _LOCK.acquire(timeout=max(0.0, deadline - time.monotonic())):
        raise timed_out_error(timeout)
    try:
        yield
    finally:
        _LOCK.release()


def render(fig_dict: dict, opts: dict, deadline: float, timeout: float, chromium_path: str | None) -> bytes:
    """kaleido's bytes for `fig_dict` (the shared browser started if needed), bounded by `deadline`.
    Call inside `exclusive()`. ExportError on a timeout (the browser is restarted on the next call) or
    a failed render."""
    server = _ensure_server(chromium_path or "chromium", max(1.0, deadline - time.monotonic()))
    try:
        return _call_bounded(_kaleido_call, (fig_dict, opts), max(0.0, deadline - time.monotonic()))
    except TimeoutError:
        server.healthy = False  # restarted on the next call
        server.cancel_pending()
        raise timed_out_error(timeout) from None
    except ExportError:
        raise
    except Exception as e:
        if not server.alive():
            server.healthy = False
        raise ExportError(f"グラフを画像にできませんでした: {e}", f"The chart could not be rendered: {e}") from e


def shutdown() -> None:
    """Stop the shared browser (it starts again on the next export)."""
    global _server
    got = _LOCK.acquire(timeout=30)
    try:
        server, _server = _server, None
        if server is not None:
            server.close()
    finally:
        if got:
            _LOCK.release()


atexit.register(shutdown)
