"""Edit-to-preview latency: how long a contributor waits under the preview server.

Starts the README's preview command (`mkdocs serve --dirty`), waits for the first build, edits
one plan's guide and polls its page until the change shows, as the browser's live
reload would.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from scripts.bench.corpus import plan_id, touch_plan
from scripts.bench.measure import BASE_ENV, BuildFailed

SITE_PATH = "/reproduce-kit"
FIRST_BUILD_TIMEOUT = 1800.0
CHANGE_TIMEOUT = 900.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def _wait_for(url: str, marker: str | None, timeout: float, server: subprocess.Popen[bytes]
              ) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if server.poll() is not None:
            raise BuildFailed(f"the preview server stopped (exit {server.returncode})")
        page = _fetch(url)
        if page is not None and (marker is None or marker in page):
            return time.perf_counter() - start
        time.sleep(0.05)
    raise BuildFailed(f"{url}: no {'page' if marker is None else marker!r} after {timeout} s")


def preview_latency(root: Path, edits: int = 3) -> tuple[float, float]:
    """(first build seconds, median edit-to-page seconds over `edits` edits)."""
    port = _free_port()
    log = (root / "serve.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=root, env={**os.environ, **BASE_ENV}, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}{SITE_PATH}/plans/{plan_id(0)}/"
    try:
        first = _wait_for(url, None, FIRST_BUILD_TIMEOUT, server)
        waits = []
        for edit in range(edits):
            marker = f"Preview-marker-{edit}-{time.time_ns()}"
            time.sleep(1.0)  # let the server settle after the previous rebuild
            touch_plan(root, 0, marker)
            waits.append(_wait_for(url, marker, CHANGE_TIMEOUT, server))
        return first, sorted(waits)[len(waits) // 2]
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
