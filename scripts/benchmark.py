"""Benchmark: how the build scales with plans, against bare Material in the same run.

For each N, copies this project into a temporary folder with N generated plans (20-60
BOM parts, two drawings, 1-2 k words of guide in three languages) and N/2 kit
documents, then measures, in one run:

- the full build (downloads, page PDFs, offline copies, three languages) cold (empty
  cache) and warm (nothing changed), and after editing one plan's guide;
- bare Material building the same French Markdown (`reproduce stage --lang fr`) with
  only its search plugin: the ratio per language is (our build / 3) / bare;
- peak memory (the largest process, the build process itself, and all of them at
  once), the published site by kind, the catalogue page's weight;
- with `--preview`, the edit-to-page latency under `mkdocs serve --dirty`;
- with `--search`, the bytes Chromium fetches for a first search on the catalogue
  (against the whole lunr index bare Material fetches), for a word on every page and
  for a word of one machine;
- with `--mike`, the published branch after two site versions deployed with mike
  (one plan edited between them, downloads shared as the deploy shares them);
- with `--profile`, the top costs of the warm build.

    .venv/bin/python scripts/benchmark.py --plans 10 200
    .venv/bin/python scripts/benchmark.py --plans 3 --smoke     # what CI runs

Figures are printed, never asserted: there is no timed test.
"""

from __future__ import annotations

import argparse
import pstats
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.bench.baseline import bare_material
from scripts.bench.browser import first_search_bytes, lunr_index_bytes
from scripts.bench.corpus import make_corpus, touch_plan
from scripts.bench.measure import (
    BuildFailed,
    Run,
    gzip_size,
    mkdocs_build,
    sizes_by_kind,
)
from scripts.bench.preview import preview_latency
from scripts.bench.versions import two_versions

LANGUAGES = 3
MB = 1e6
RARE_QUERY = "déchiqueteuse"
"""A word of the toolkit's textile shredder, on a few pages only: every generated plan is
a paper press, so "presse" (the first search measured) is on every page, the heaviest
case for an index that fetches the locations of the words typed."""


def _measure(plans: int, args: argparse.Namespace) -> dict[str, str]:
    env = {} if args.extras else {"REPRODUCE_PDF": "skip", "REPRODUCE_OFFLINE_COPIES": "skip"}
    with tempfile.TemporaryDirectory(prefix="reproduce-bench-") as tmp:
        root = make_corpus(Path(tmp), plans)
        cold = mkdocs_build(root, env)
        warm = mkdocs_build(root, env)
        touch_plan(root, 0, "One more sentence from a contributor.")
        one = mkdocs_build(root, env)
        bare = bare_material(root)
        site = root / "site"
        sizes = sizes_by_kind(site)
        catalog = site / "plans" / "index.html"
        row = _row(plans, cold, warm, one, bare, sizes)
        bare_pages = sizes_by_kind(root / "site-bare")["pages"]
        row["  pages MB, bare Material (fr only)"] = f"{bare_pages / MB:.1f}"
        row["catalogue page KB (gzip)"] = (f"{catalog.stat().st_size / 1e3:.0f} "
                                          f"({gzip_size(catalog) / 1e3:.0f})")
        if args.search:
            ours = first_search_bytes(site)
            row["first search KB, gzip (bare: lunr index)"] = (
                f"{ours.total() / 1e3:.0f}" if ours is not None else "no browser"
            ) + f" ({lunr_index_bytes(root / 'site-bare') / 1e3:.0f})"
            if ours:
                row["  by kind, KB"] = _by_kind(ours)
            rare = first_search_bytes(site, RARE_QUERY)
            if rare:
                row[f"  a word of one machine ({RARE_QUERY}), KB"] = (
                    f"{rare.total() / 1e3:.0f}: {_by_kind(rare)}")
        if args.preview:
            latency = preview_latency(root)
            row["preview: first build s"] = f"{latency.first:.1f}"
            row["preview: edit to page s"] = f"{latency.guide:.2f}"
            row["preview: kit document edit to page s"] = (
                "—" if latency.kit is None else f"{latency.kit:.2f}")
        if args.mike:
            branch = two_versions(root)
            row["mike: branch MB, 1 version + latest"] = f"{branch.first / MB:.1f}"
            row["  of which latest/ (redirects) MB"] = f"{branch.latest / MB:.1f}"
            row["  of which shared files/ MB"] = f"{branch.shared / MB:.1f}"
            row["mike: branch MB, 2 versions + latest"] = (
                f"{branch.second / MB:.1f} (+{(branch.second - branch.first) / MB:.1f})")
        if args.profile:
            profile = root / "warm.prof"
            mkdocs_build(root, env, profile=profile)
            print(f"\n# top costs of the warm build, {plans} plans")
            pstats.Stats(str(profile)).sort_stats("cumulative").print_stats(30)
    return row


def _row(plans: int, cold: Run, warm: Run, one: Run, bare: Run,
         sizes: Counter[str]) -> dict[str, str]:
    per_language = bare.seconds

    def ratio(run: Run) -> str:
        return f"{run.seconds:.1f} ({run.seconds / LANGUAGES / per_language:.2f}×)"

    row = {
        "plans": str(plans),
        "bare Material, fr, s": f"{bare.seconds:.1f}",
        "cold s (× bare per language)": ratio(cold),
        "warm s (× bare per language)": ratio(warm),
        "one plan edited s (× warm)": f"{one.seconds:.1f} ({one.seconds / warm.seconds:.2f}×)",
        "peak MB (bare)": f"{max(cold.peak_mb, warm.peak_mb):.0f} ({bare.peak_mb:.0f})",
        "  the build process itself MB": _sampled([run.build_mb for run in (cold, warm)]),
        "  all processes at once MB": _sampled([run.together_mb for run in (cold, warm)]),
        "site MB": f"{sum(sizes.values()) / MB:.1f}",
    }
    for kind, size in sizes.most_common():
        row[f"  {kind} MB"] = f"{size / MB:.1f}"
    return row


def _by_kind(fetched: Counter[str]) -> str:
    """A first search's kilobytes by kind of file, the heaviest first."""
    return " ".join(f"{kind} {size / 1e3:.0f}" for kind, size in fetched.most_common())


def _sampled(values: list[float | None]) -> str:
    """The largest of figures sampled from /proc, or a dash where there is none."""
    sampled = [value for value in values if value is not None]
    return f"{max(sampled):.0f}" if sampled else "—"


def _print_table(rows: list[dict[str, str]]) -> None:
    keys = list(dict.fromkeys(key for row in rows for key in row))
    width = max(len(key) for key in keys)
    for key in keys:
        cells = "".join(f"{row.get(key, '—'):>22}" for row in rows)
        print(f"{key:<{width}}{cells}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--plans", type=int, nargs="+", default=[10, 200],
                        help="the library sizes to measure (generated plans)")
    parser.add_argument("--no-extras", dest="extras", action="store_false",
                        help="leave out the page PDFs and the offline copies")
    parser.add_argument("--preview", action="store_true",
                        help="also measure edit-to-page latency under mkdocs serve")
    parser.add_argument("--search", action="store_true",
                        help="also measure the first search's bytes in Chromium")
    parser.add_argument("--mike", action="store_true",
                        help="also deploy two site versions with mike and weigh the branch")
    parser.add_argument("--profile", action="store_true",
                        help="print the top costs of the warm build")
    parser.add_argument("--smoke", action="store_true",
                        help="every measurement once at the given size (for CI)")
    args = parser.parse_args()
    if args.smoke:
        args.preview = args.search = args.mike = True
    try:
        rows = [_measure(plans, args) for plans in args.plans]
    except BuildFailed as failed:
        print(failed, file=sys.stderr)
        return 1
    _print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
