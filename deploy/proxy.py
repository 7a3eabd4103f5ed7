"""Run nginx (Debian's `nginx-light` or `nginx`) on loopback in front of a running Streamlit server,
serving Streamlit's static files gzip-compressed (see deploy/nginx.conf and README "Serving").

    python -m deploy.proxy --upstream 127.0.0.1:8501 --listen 127.0.0.1:8080   # runs until Ctrl-C
    python -m deploy.proxy --check                                             # nginx -t on the config

Once per Streamlit version it builds a mirror of Streamlit's static folder (a copy of the files
plus a `.gz` beside each compressible one) under ~/.cache/kawasaki-kpi/ (as root: /var/cache/kawasaki-kpi/,
readable by nginx's `nobody` workers), so nginx's gzip_static sends
the pre-compressed file; the installed package is never written to.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "nginx.conf"
COMPRESS = {".js", ".css", ".json", ".svg", ".html", ".txt", ".ttf", ".otf", ".map"}
# As root, nginx's workers run as `nobody`: the mirror must be readable by them.
CACHE = Path("/var/cache/kawasaki-kpi") if os.geteuid() == 0 else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "kawasaki-kpi"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def streamlit_static() -> tuple[Path, str]:
    import streamlit

    return Path(streamlit.__file__).resolve().parent / "static", streamlit.__version__


def static_mirror(cache: Path = CACHE) -> Path:
    """A copy of Streamlit's static files with a gzip -9 copy beside each compressible file, readable
    by everyone; built once per Streamlit version, atomically."""
    src, version = streamlit_static()
    dest = cache / f"streamlit-static-{version}"
    if (dest / ".complete").exists():
        return dest
    cache.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=dest.name + ".", dir=cache))
    for path in src.rglob("*"):
        rel = path.relative_to(src)
        if path.is_dir():
            (tmp / rel).mkdir(parents=True, exist_ok=True)
            continue
        (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, tmp / rel)
        if path.suffix in COMPRESS and path.stat().st_size >= 1024:
            with open(path, "rb") as f, gzip.open(tmp / rel.with_name(rel.name + ".gz"), "wb", compresslevel=9) as g:
                shutil.copyfileobj(f, g)
    (tmp / ".complete").write_text(version)
    for p in [tmp, *tmp.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    try:
        tmp.rename(dest)
    except OSError:  # built meanwhile by another process
        shutil.rmtree(tmp, ignore_errors=True)
    return dest


def render(upstream: str, listen: str, run_dir: Path, static: Path) -> Path:
    """deploy/nginx.conf with its @…@ values filled in, written to run_dir/nginx.conf."""
    run_dir.mkdir(parents=True, exist_ok=True)
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in {"@RUN@": str(run_dir), "@UPSTREAM@": upstream, "@LISTEN@": listen, "@STATIC@": str(static)}.items():
        text = text.replace(key, value)
    conf = run_dir / "nginx.conf"
    conf.write_text(text, encoding="utf-8")
    return conf


def check(conf: Path) -> subprocess.CompletedProcess:
    """`nginx -t` on a rendered config (exit code 0 when valid)."""
    return subprocess.run([nginx_binary() or "nginx", "-t", "-c", str(conf), "-p", str(conf.parent)],
                          capture_output=True, text=True)


@contextlib.contextmanager
def running(upstream: str, listen: str) -> Iterator[str]:
    """nginx in front of `upstream` (host:port) on `listen` (host:port); yields the proxy's URL."""
    if nginx_binary() is None:
        raise RuntimeError("nginx is not installed (apt-get install nginx-light)")
    run_dir = Path(tempfile.mkdtemp(prefix="kawasaki-nginx-"))
    run_dir.chmod(0o755)
    conf = render(upstream, listen, run_dir, static_mirror())
    proc = subprocess.Popen([nginx_binary(), "-c", str(conf), "-p", str(run_dir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://{listen}"
    try:
        for _ in range(100):
            if proc.poll() is not None:
                raise RuntimeError(f"nginx exited: {proc.stderr.read().decode()[:300]}")
            with contextlib.suppress(OSError), socket.create_connection(tuple(listen.rsplit(":", 1)), timeout=1):
                break
            time.sleep(0.1)
        else:
            raise RuntimeError("nginx did not answer")
        yield url
    finally:
        proc.terminate()  # SIGTERM to the master: it stops its workers
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(run_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m deploy.proxy", description=__doc__.split("\n\n")[0])
    ap.add_argument("--upstream", default="127.0.0.1:8501", help="the Streamlit server (host:port)")
    ap.add_argument("--listen", default="127.0.0.1:8080", help="where nginx listens (host:port)")
    ap.add_argument("--check", action="store_true", help="only test the rendered config (nginx -t)")
    args = ap.parse_args(argv)
    if nginx_binary() is None:
        print("nginx is not installed: apt-get install nginx-light", file=sys.stderr)
        return 2
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            res = check(render(args.upstream, args.listen, Path(tmp), static_mirror()))
            print(res.stderr.strip())
            return res.returncode
    with running(args.upstream, args.listen) as url:
        print(f"nginx: {url} → http://{args.upstream} (Ctrl-C stops)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
    return 0


if __name__ == "__main__":
    sys.exit(main())
