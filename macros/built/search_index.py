"""One search index per language, so a search on a Dutch page finds Dutch pages.

The multilingual build leaves a single index for all languages; this splits it by
the language prefix of each entry's address (`nl/…`, `en/…`, French at the root)
and gives each index its own stemming language.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from macros.addresses import language_of_url
from macros.model.text import DEFAULT_LANGUAGE, LANGUAGES

INDEX = Path("search") / "search_index.json"


def index_name(lang: str) -> Path:
    """`search/search_index.json` for French, `search/search_index.nl.json` otherwise."""
    return INDEX if lang == DEFAULT_LANGUAGE else INDEX.with_name(f"search_index.{lang}.json")


def split_index(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    per_language: dict[str, list[dict[str, Any]]] = {lang: [] for lang in LANGUAGES}
    for doc in data.get("docs", []):
        per_language[language_of_url(str(doc.get("location", "")))].append(doc)
    config = data.get("config", {})
    return {lang: {"config": {**config, "lang": [lang]}, "docs": docs}
            for lang, docs in per_language.items()}


def split_index_file(site_dir: Path) -> bool:
    """Rewrite the built site's index as one file per language; False if there is none."""
    path = site_dir / INDEX
    if not path.is_file():
        return False
    data = json.loads(path.read_text(encoding="utf-8"))
    for lang, part in split_index(data).items():
        (site_dir / index_name(lang)).write_text(
            json.dumps(part, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return True
