"""Edit-to-preview latency: how long a contributor waits under the preview server.

Starts the README's preview command (`mkdocs serve --dirty`), waits for the first build, edits
one plan's guide, then one kit document, and polls each page until the change shows,
as the browser's live reload would.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from scripts.bench.corpus import doc_path, plan_id, touch_doc, touch_plan
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


@dataclass(frozen=True)
class PreviewLatency:
    first: float
    """Seconds to the first page."""
    guide: float
    """Median seconds from editing a plan's guide to its page showing it."""
    kit: float | None
    """The same for a kit document (the plans' pages do not show it); None when the
    corpus has none (one plan has no generated kit document)."""


def preview_latency(root: Path, edits: int = 3) -> PreviewLatency:
    """The first build, then `edits` edits of a plan's guide and as many of a kit
    document, each timed until its page shows it."""
    port = _free_port()
    log = (root / "serve.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=root, env={**os.environ, **BASE_ENV}, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}{SITE_PATH}"
    plan_page, kit_page = f"{base}/plans/{plan_id(0)}/", f"{base}/kit/{doc_path(0)}/"
    try:
        first = _wait_for(plan_page, None, FIRST_BUILD_TIMEOUT, server)
        kinds = [("guide", plan_page, touch_plan)]
        if (root / "kit" / f"{doc_path(0)}.md").is_file():
            kinds.append(("kit", kit_page, touch_doc))
        waits: dict[str, list[float]] = {kind: [] for kind, _page, _touch in kinds}
        for edit in range(edits):
            for kind, page, touch in kinds:
                marker = f"Preview-marker-{kind}-{edit}-{time.time_ns()}"
                time.sleep(1.0)  # let the server settle after the previous rebuild
                touch(root, 0, marker)
                waits[kind].append(_wait_for(page, marker, CHANGE_TIMEOUT, server))
        medians = {kind: sorted(found)[len(found) // 2] for kind, found in waits.items()}
        return PreviewLatency(first, medians["guide"], medians.get("kit"))
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
