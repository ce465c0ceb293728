"""The preview server's watcher tells the rebuild what changed: the system's file
events by default, MkDocs' polling on demand, and no folder watched twice."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer

from macros.engine.preview_watch import WATCHER_ENV, chosen_watcher, watch_content

WAIT_SECONDS = 20.0
"""How long a change may take to be seen (the polling watcher looks twice a second)."""
FOLDERS = ("plans", "kit", "docs")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveReloadServer]:
    for name in ("plans/alpha", "kit", "docs"):
        (tmp_path / name).mkdir(parents=True)
    (tmp_path / "plans/alpha/README.md").write_text("# Alpha", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Essai\n", encoding="utf-8")
    served = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0,
                              root=str(tmp_path / "site"))
    served.watch(str(tmp_path / "mkdocs.yml"))  # what MkDocs watches before `on_serve`
    yield served
    served.server_close()


@pytest.mark.parametrize("watcher", ["native", "polling"])
def test_the_watcher_mkdocs_uses_also_tells_the_rebuild_what_changed(
        tmp_path: Path, server: LiveReloadServer, watcher: str) -> None:
    changes = watch_content(server, str(tmp_path), watcher)
    for name in FOLDERS:  # what MkDocs schedules for `watch:`, after `on_serve`
        server.watch(str(tmp_path / name))
    assert changes.take() is None  # the first rebuild after the first build looks everywhere
    server.observer.start()
    try:
        time.sleep(1.0)  # the watcher's first look, which later ones are compared with
        for _ in range(3):  # what a rebuild does: reading is not changing
            (tmp_path / "plans/alpha/README.md").read_bytes()
        time.sleep(1.0)
        quiet = changes.take()
        assert quiet is not None and not quiet.paths
        (tmp_path / "plans/alpha/README.md").write_text("# Alpha, edited", encoding="utf-8")
        (tmp_path / "kit/new.md").write_text("# New", encoding="utf-8")
        seen: set[str] = set()
        deadline = time.monotonic() + WAIT_SECONDS
        wanted = {str(tmp_path.resolve() / "plans/alpha/README.md"),
                  str(tmp_path.resolve() / "kit/new.md")}
        while time.monotonic() < deadline and not wanted <= seen:
            time.sleep(0.2)
            taken = changes.take()
            assert taken is not None
            seen |= taken.paths
    finally:
        server.observer.stop()
        server.observer.join()
    assert wanted <= seen
    assert taken.unchanged(tmp_path.resolve() / "docs/index.md")


def test_native_events_watch_the_content_and_polling_keeps_what_mkdocs_watched_before(
        tmp_path: Path, server: LiveReloadServer) -> None:
    polling = server.observer
    watch_content(server, str(tmp_path), "native")
    for name in FOLDERS:
        server.watch(str(tmp_path / name))
    native = server.observer.native  # type: ignore[attr-defined]
    assert len(native.emitters) == 3  # one per folder, shared by MkDocs and the recorder
    assert len(polling.emitters) == 1  # mkdocs.yml, as before
    server.unwatch(str(tmp_path / "mkdocs.yml"))
    assert not polling.emitters


@pytest.mark.parametrize("watcher", ["native", "polling"])
def test_a_folder_mkdocs_stops_watching_still_reports_to_the_rebuild(
        tmp_path: Path, server: LiveReloadServer, watcher: str) -> None:
    watch_content(server, str(tmp_path), watcher)
    for name in FOLDERS:
        server.watch(str(tmp_path / name))
    observer = server.observer.native  # type: ignore[attr-defined]
    server.unwatch(str(tmp_path / "kit"))
    folders = {e.watch.path for e in observer.emitters}
    assert {str(tmp_path / name) for name in FOLDERS} <= folders


def test_polling_shares_mkdocs_own_poller(tmp_path: Path, server: LiveReloadServer) -> None:
    polling = server.observer
    watch_content(server, str(tmp_path), "polling")
    for name in FOLDERS:
        server.watch(str(tmp_path / name))
    assert len(polling.emitters) == 4  # mkdocs.yml and the three folders, once


def test_the_environment_chooses_the_watcher_for_one_preview(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert chosen_watcher("native") == "native"
    monkeypatch.setenv(WATCHER_ENV, "polling")
    assert chosen_watcher("native") == "polling"
    monkeypatch.setenv(WATCHER_ENV, "inotify")  # not a watcher: the option stands
    assert chosen_watcher("polling") == "polling"
