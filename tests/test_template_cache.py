"""The preview's compiled theme templates: kept across rebuilds, never stale."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader

from macros.engine.template_cache import TemplateCache


def _render(folder: Path, cache: TemplateCache) -> str:
    """What a rebuild does: a new environment, as MkDocs makes one per build."""
    env = Environment(loader=FileSystemLoader(folder), autoescape=True)
    env.bytecode_cache = cache
    return env.get_template("main.html").render(name="presse")


def test_a_rebuild_does_not_compile_the_same_template_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "main.html").write_text("<p>{{ name }}</p>", encoding="utf-8")
    cache = TemplateCache()
    compiled: list[str | None] = []
    original = Environment.compile

    def counting(self: Environment, source: str, name: str | None = None,
                 filename: str | None = None, raw: bool = False,
                 defer_init: bool = False) -> object:
        compiled.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(Environment, "compile", counting)
    assert _render(tmp_path, cache) == "<p>presse</p>"
    assert _render(tmp_path, cache) == "<p>presse</p>"
    assert compiled == ["main.html"]
    (tmp_path / "main.html").write_text("<h1>{{ name }}</h1>", encoding="utf-8")
    assert _render(tmp_path, cache) == "<h1>presse</h1>"
    assert compiled == ["main.html", "main.html"]
