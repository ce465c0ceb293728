"""Build-time benchmark: how the build scales with plans and languages.

Copies this project into temporary folders with N generated plans (clones of a real
plan under new ids), builds each with `mkdocs build --strict` cold (empty cache) and
warm (cache kept), with one language or all three, and prints the figures with
ratios against the first run (the baseline) measured in the same process.

    .venv/bin/python scripts/benchmark.py --plans 10 100
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
TEMPLATE_PLAN = "paper-press"


def make_corpus(root: Path, plans: int, languages: int) -> Path:
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(PROJECT / name, root / name)
    for folder in ("docs", "kit", "overrides", "plans"):
        shutil.copytree(PROJECT / folder, root / folder)
    (root / "macros").symlink_to(PROJECT / "macros", target_is_directory=True)
    template = PROJECT / "plans" / TEMPLATE_PLAN
    for index in range(plans):
        shutil.copytree(template, root / "plans" / f"bench-{index:04d}")
    if languages == 1:
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        for name in ("Nederlands", "English"):
            switched = text.replace(f"name: {name}\n          build: true",
                                    f"name: {name}\n          build: false")
            if switched == text:
                raise SystemExit(f"mkdocs.yml: cannot switch off the {name} build")
            text = switched
        config.write_text(text, encoding="utf-8")
    return root


def timed_build(root: Path, offline: bool) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if not offline:
        env["REPRODUCE_OFFLINE_COPIES"] = "skip"
        env["REPRODUCE_PDF"] = "skip"
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
                          cwd=root, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build failed in {root}:\n{proc.stdout}{proc.stderr}")
    return elapsed


def site_figures(root: Path) -> tuple[int, int, int]:
    site = root / "site"
    pages = list(site.rglob("index.html"))
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    plan_page = site / "plans" / TEMPLATE_PLAN / "index.html"
    return len(pages), total, plan_page.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--languages", type=int, nargs="+", default=[1, 3], choices=[1, 3])
    parser.add_argument("--offline", action="store_true",
                        help="also make the offline copies and the page PDFs")
    args = parser.parse_args()
    print(f"{'plans':>6} {'langs':>5} {'cold s':>8} {'warm s':>8} {'pages':>6} "
          f"{'site MB':>8} {'plan page KB':>12} {'cold ratio':>10}")
    baseline: float | None = None
    for plans in args.plans:
        for languages in args.languages:
            with tempfile.TemporaryDirectory(prefix="reproduce-bench-") as tmp:
                root = make_corpus(Path(tmp), plans, languages)
                cold = timed_build(root, args.offline)
                warm = timed_build(root, args.offline)
                pages, total, plan_page = site_figures(root)
            baseline = baseline or cold
            print(f"{plans + 4:>6} {languages:>5} {cold:>8.2f} {warm:>8.2f} {pages:>6} "
                  f"{total / 1e6:>8.1f} {plan_page / 1e3:>12.1f} {cold / baseline:>10.2f}")


if __name__ == "__main__":
    main()
