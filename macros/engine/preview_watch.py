"""How the preview server (`mkdocs serve`) learns what changed in the content.

MkDocs polls every watched file twice a second: at a thousand plans that is some eight
thousand files, nearly half a core of Python that holds the interpreter's lock while a
rebuild runs. The content folders are watched with the platform's own file events
instead (inotify, FSEvents, ReadDirectoryChangesW), as Vite or webpack do, with polling
kept for where events do not arrive (a folder shared into a container or a virtual
machine, a network drive): `preview_watcher: polling` or
`REPRODUCE_PREVIEW_WATCHER=polling`. Either way, what the watcher reports is recorded
(`Changes`), so a rebuild looks only at that.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

from mkdocs.livereload import LiveReloadServer
from watchdog.events import (
    DirAttribEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirModifiedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from macros.check.links import CONTENT_FOLDERS
from macros.session_cache import Changes

log = logging.getLogger("mkdocs.plugins.reproduce")

WATCHERS = ("native", "polling")
WATCHER_ENV = "REPRODUCE_PREVIEW_WATCHER"
CHANGES_ONLY: list[type[FileSystemEvent]] = [
    FileCreatedEvent, FileModifiedEvent, FileAttribEvent, FileClosedEvent, FileMovedEvent,
    FileDeletedEvent, DirCreatedEvent, DirModifiedEvent, DirAttribEvent, DirMovedEvent,
    DirDeletedEvent]
"""The events that say something changed. File events also say that a file was opened
or closed unwritten: the rebuild itself reads the content, and MkDocs rebuilds on any
event, so without this filter every rebuild would cause the next."""


class _ChangeRecorder(FileSystemEventHandler):
    """Tells `Changes` every path the watcher reports."""

    def __init__(self, changes: Changes) -> None:
        self.changes = changes

    def on_any_event(self, event: FileSystemEvent) -> None:
        for path in (event.src_path, event.dest_path):
            if path:
                self.changes.report(os.fsdecode(path))


@dataclass
class _SharedObserver:
    """Stands in for the server's observer (MkDocs asks it to schedule, unschedule,
    start, stop and join). What MkDocs watched before keeps its polling observer;
    what is watched from now on (the `watch:` folders of mkdocs.yml, the content
    folders) goes to `native`: the system's file events, or the same polling observer.
    MkDocs unwatching a folder leaves the change recorder watching it. If native
    events cannot start (no inotify watch left), everything is polled, with a warning."""

    polling: BaseObserver
    native: BaseObserver
    scheduled: dict[ObservedWatch, list[FileSystemEventHandler]] = field(default_factory=dict)

    def schedule(self, event_handler: FileSystemEventHandler, path: str, *,
                 recursive: bool = False) -> ObservedWatch:
        watch = self.native.schedule(event_handler, path, recursive=recursive,
                                     event_filter=CHANGES_ONLY)
        self.scheduled.setdefault(watch, []).append(event_handler)
        return watch

    def unschedule(self, watch: ObservedWatch) -> None:
        handlers = self.scheduled.pop(watch, None)
        if handlers is None:  # watched before this observer took over
            self.polling.unschedule(watch)
            return
        recorders: list[FileSystemEventHandler] = [
            h for h in handlers if isinstance(h, _ChangeRecorder)]
        if not recorders:
            self.native.unschedule(watch)
            return
        for handler in handlers:
            if handler not in recorders:
                self.native.remove_handler_for_watch(handler, watch)
        self.scheduled[watch] = recorders

    def start(self) -> None:
        self.polling.start()
        if self.native is self.polling:
            return
        try:
            self.native.start()
        except OSError as failed:
            log.warning("preview: the system's file events are not available (%s); "
                        "polling the content folders instead", failed)
            self.native = self.polling
            for watch, handlers in self.scheduled.items():
                for handler in handlers:
                    self.polling.schedule(handler, watch.raw_path, recursive=watch.is_recursive,
                                          event_filter=CHANGES_ONLY)

    def stop(self) -> None:
        self.polling.stop()
        if self.native is not self.polling and self.native.is_alive():
            self.native.stop()

    def join(self, timeout: float | None = None) -> None:
        self.polling.join(timeout)
        if self.native is not self.polling and self.native.is_alive():
            self.native.join(timeout)


def chosen_watcher(configured: str) -> str:
    """The option, unless `REPRODUCE_PREVIEW_WATCHER` names another watcher."""
    wanted = os.environ.get(WATCHER_ENV, "").strip()
    return wanted if wanted in WATCHERS else configured


def watch_content(server: LiveReloadServer, root: str, watcher: str) -> Changes:
    """Record what the server's watcher sees change in the content folders under
    `root`. The folders are scheduled as MkDocs schedules its `watch` entries
    (absolute, recursive), so the watcher that MkDocs asks to watch them reports to
    both and no folder is watched twice."""
    if not isinstance(server.observer, _SharedObserver):
        polling = server.observer
        native = Observer() if watcher == "native" else polling
        server.observer = _SharedObserver(polling, native)  # type: ignore[assignment]
    folders = [os.path.abspath(os.path.join(root, name))  # noqa: PTH100, PTH118 (as MkDocs
               for name in CONTENT_FOLDERS]  # writes the path it schedules)
    folders = [folder for folder in folders if os.path.isdir(folder)]  # noqa: PTH112
    changes = Changes(folders)
    recorder = _ChangeRecorder(changes)
    for folder in folders:
        server.observer.schedule(recorder, folder, recursive=True)
    return changes
