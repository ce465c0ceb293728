"""The search index is made one language at a time, each as soon as its pages are built.

These tests put a recording runner in Pagefind's place: what they check is when each
language is indexed and what the merged index holds, not Pagefind itself (the build
tests search the real index).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from macros.built import site_search
from macros.built.site_search import ENTRY, SearchIndexing
from macros.cache import ContentCache, Memo

PAGE = "<html lang='{lang}'><body><article>{lang} text</article></body></html>"


def _write_language(site: Path, lang: str) -> None:
    folder = site if lang == "fr" else site / lang
    (folder / "plans" / "a").mkdir(parents=True)
    (folder / "index.html").write_text(PAGE.format(lang=lang), encoding="utf-8")
    (folder / "plans" / "a" / "index.html").write_text(PAGE.format(lang=lang), encoding="utf-8")


class _Recorder:
    """Pagefind's stand-in: says which languages' folders existed when each ran."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.runs: list[tuple[str, frozenset[str]]] = []
        self.french_ran = threading.Event()

    def __call__(self, site_dir: Path, glob: str, root_selector: str,
                 exclude: str) -> dict[str, bytes]:
        lang = glob.split("/", 1)[0] if glob.startswith(("nl/", "en/")) else "fr"
        present = frozenset(p.name for p in self.site.iterdir() if p.name in ("nl", "en"))
        self.runs.append((lang, present))
        if lang == "fr":
            self.french_ran.set()
        entry = {"version": "1", "languages": {lang: {"hash": lang, "page_count": 2}}}
        return {ENTRY: json.dumps(entry).encode(), f"pagefind.{lang}.pf_meta": lang.encode()}


@pytest.fixture()
def recorder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> _Recorder:
    site = tmp_path / "site"
    site.mkdir()
    found = _Recorder(site)
    monkeypatch.setattr(site_search, "_run_pagefind", found)
    return found


def _indexing(recorder: _Recorder, cache: Path, sources: bytes = b"v1") -> SearchIndexing:
    return SearchIndexing(recorder.site, Memo(ContentCache(cache)), [sources],
                          "article", ".skip")


def test_a_language_is_indexed_while_the_next_one_builds(recorder: _Recorder,
                                                         tmp_path: Path) -> None:
    indexing = _indexing(recorder, tmp_path / "cache")
    _write_language(recorder.site, "fr")
    indexing.language_built("fr")
    # Pagefind runs for French before the Dutch pages exist: in the background, while
    # the build goes on (this waits for it, never for the end of the build).
    assert recorder.french_ran.wait(timeout=30)
    _write_language(recorder.site, "nl")
    indexing.language_built("nl")
    _write_language(recorder.site, "en")  # the last language: indexed by `result`
    index = indexing.result()
    assert recorder.runs[0] == ("fr", frozenset())
    assert sorted(lang for lang, _ in recorder.runs) == ["en", "fr", "nl"]
    entry = json.loads(index[f"{site_search.SEARCH_BUNDLE}/{ENTRY}"])
    assert set(entry["languages"]) == {"fr", "nl", "en"}
    assert {f"{site_search.SEARCH_BUNDLE}/pagefind.{lang}.pf_meta"
            for lang in ("fr", "nl", "en")} <= set(index)


def test_an_unchanged_site_indexes_nothing_even_when_told_early(recorder: _Recorder,
                                                                tmp_path: Path) -> None:
    for lang in ("fr", "nl", "en"):
        _write_language(recorder.site, lang)
    first = _indexing(recorder, tmp_path / "cache").result()
    recorder.runs.clear()
    again = _indexing(recorder, tmp_path / "cache")
    for lang in ("fr", "nl", "en"):
        again.language_built(lang)
    assert again.result() == first
    assert recorder.runs == []


def test_a_stored_index_that_does_not_read_back_is_made_again(recorder: _Recorder,
                                                               tmp_path: Path) -> None:
    for lang in ("fr", "nl", "en"):
        _write_language(recorder.site, lang)
    first = _indexing(recorder, tmp_path / "cache").result()
    for stored in (tmp_path / "cache" / site_search.SITE_INDEX).rglob("*"):
        if stored.is_file():
            stored.write_bytes(b"truncated")
    again = _indexing(recorder, tmp_path / "cache")
    again.language_built("fr")  # told early while the damaged index looked usable
    assert again.result() == first
