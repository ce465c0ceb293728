"""Rewrite each tool's CSV from its spreadsheet spec, and optionally write every editable
file (DOCX, ODT, XLSX, ODS) into a folder to open them by hand, with timings.

The CSV attached to a tool (`files:` in its front matter) is committed, so the page
can link it, but it is made from `kit/outils/<name>.sheet.yml` like the spreadsheets;
the tests fail when the two differ. After editing a spec:

    .venv/bin/python scripts/make_sheets.py            # rewrite the CSVs
    .venv/bin/python scripts/make_sheets.py --out /tmp/editable   # and look at the files
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from macros.bundle.editable import editable_files, tool_spec, workbook  # noqa: E402
from macros.bundle.settings import PublishSettings  # noqa: E402
from macros.bundle.writer import write_files  # noqa: E402
from macros.cache import ContentCache  # noqa: E402
from macros.content.repository import load_site  # noqa: E402
from macros.sheets.csvfile import csv_bytes  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="also write every editable file here")
    args = parser.parse_args()
    site, problems = load_site(PROJECT)
    if site is None:
        for problem in problems:
            print(problem.format(), file=sys.stderr)
        return 1
    settings = PublishSettings()
    for doc in site.kit:
        spec = tool_spec(doc)
        if spec is None or spec.csv is None:
            continue
        made = csv_bytes(spec, workbook(doc, spec, "fr", True, settings))
        target = doc.path.parent / spec.csv.path
        if made is not None and (not target.is_file() or target.read_bytes() != made):
            target.write_bytes(made)
            print(f"wrote {target.relative_to(PROJECT)}")
    if args.out:
        with tempfile.TemporaryDirectory() as folder:
            for run in ("cold", "warm"):
                cache = ContentCache(Path(folder))
                start = time.perf_counter()
                files = editable_files(site, settings, cache)
                print(f"{run}: {time.perf_counter() - start:.2f} s, made {dict(cache.made)}")
        written = write_files({f.download.path: f.download.data for f in files.files}, args.out)
        print(f"{written} files under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
