"""The baseline: bare Material building the same Markdown, in the same run.

The French staged tree (what `reproduce stage` writes) is built by Material with only
its search plugin, the same sections-only navigation and the same Markdown extensions:
what any Material site of this many pages costs, against which the project's own
work (content checks, downloads, three languages, PDFs, offline copies) is a ratio.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from scripts.bench.measure import Run, mkdocs_build, run_build

KEPT_KEYS = ("site_name", "site_url", "nav", "not_in_nav", "markdown_extensions")


class _IgnoreTags(yaml.SafeLoader):
    """Reads mkdocs.yml with its `!ENV` tags as plain values."""


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)


def bare_config(project_config: Path, docs: Path) -> dict[str, Any]:
    ours = yaml.load(project_config.read_text(encoding="utf-8"), Loader=_IgnoreTags)
    config = {key: ours[key] for key in KEPT_KEYS if key in ours}
    config.update(docs_dir=str(docs), site_dir="site-bare",
                  theme={"name": "material", "language": "fr", "font": False,
                         "features": ["navigation.sections"]},
                  plugins=["search"])
    return config


def bare_material(root: Path) -> Run:
    """Stage the French tree, then build it with bare Material (best of two runs)."""
    docs = root / "bare-docs"
    run_build(root, ["-m", "macros.cli.main", "stage", str(docs), "--lang", "fr"])
    config = root / "mkdocs-bare.yml"
    config.write_text(yaml.safe_dump(bare_config(root / "mkdocs.yml", docs),
                                     allow_unicode=True), encoding="utf-8")
    runs = [mkdocs_build(root, config=config.name) for _ in range(2)]
    return min(runs, key=lambda run: run.seconds)


if __name__ == "__main__":
    print(bare_material(Path(sys.argv[1])))
