"""Checks that another engine builds the site right (used by CI's engine jobs).

    python scripts/engine_check.py same MKDOCS_SITE OTHER_SITE
        the same files; every download byte for byte; pages equal once the generator
        tag is set aside (ProperDocs, a maintained MkDocs 1.x fork)
    python scripts/engine_check.py plans SITE [--lang fr]
        every plan page of SITE (e.g. Zensical building `reproduce stage` output) has its
        title, its BOM total as the core computes it, its safety box and a bundle link
        that resolves to the bundle whose SHA-256 it shows

Prints one line per problem and a count; exit 1 on any.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import posixpath
import re
import sys
from pathlib import Path

from macros.addresses import page_file, page_url, plan_url
from macros.content.repository import load_site
from macros.i18n.formatting import money
from macros.model.bom import cost

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
ROOT = Path(__file__).resolve().parent.parent


def same(first: Path, second: Path) -> list[str]:
    problems = []
    a = {p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file()}
    b = {p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()}
    problems += [f"{name}: only in {first}" for name in sorted(a - b)]
    problems += [f"{name}: only in {second}" for name in sorted(b - a)]
    for name in sorted(a & b):
        x, y = (first / name).read_bytes(), (second / name).read_bytes()
        if name.endswith(".html"):
            x, y = GENERATOR.sub(b"", x), GENERATOR.sub(b"", y)
        elif name.endswith("sitemap.xml.gz") or name.endswith("sitemap.xml"):
            continue  # carries the build date
        if x != y:
            problems.append(f"{name}: differs")
    return problems


def _text(fragment: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))
                  ).strip()


def plans(site_dir: Path, lang: str) -> list[str]:
    site, found = load_site(ROOT)
    if site is None:
        return [p.format() for p in found]
    problems = []
    for entry in site.plans:
        address = page_url(lang, plan_url(entry.id))
        path = site_dir / page_file(address)
        if not path.is_file():
            problems.append(f"{address}: no page")
            continue
        page = path.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", page, re.S)
        if title is None or entry.plan.title.get(lang) not in html.unescape(title.group(1)):
            problems.append(f"{address}: the title does not name the plan")
        total = money(cost(entry.parts).total, entry.plan.bom.currency, lang)
        shown = re.search(r'class="[^"]*rk-bom-total[^"]*">(.*?)</td>', page, re.S)
        if shown is None or _text(shown.group(1)) != _text(total):
            problems.append(f"{address}: BOM total {shown and _text(shown.group(1))!r}, "
                            f"expected {_text(total)!r}")
        if 'id="safety"' not in page:
            problems.append(f"{address}: no safety box")
        link = re.search(r'href="([^"]+\.zip)"', page)
        if link is None:
            problems.append(f"{address}: no bundle link")
            continue
        bundle = site_dir / posixpath.normpath(posixpath.join(posixpath.dirname(
            page_file(address)), link.group(1)))
        if not bundle.is_file():
            problems.append(f"{address}: the bundle link {link.group(1)} leads nowhere")
        elif hashlib.sha256(bundle.read_bytes()).hexdigest() not in page:
            problems.append(f"{address}: the page does not show the bundle's SHA-256")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    compare = commands.add_parser("same")
    compare.add_argument("first", type=Path)
    compare.add_argument("second", type=Path)
    check = commands.add_parser("plans")
    check.add_argument("site", type=Path)
    check.add_argument("--lang", default="fr")
    args = parser.parse_args()
    found = same(args.first, args.second) if args.command == "same" else plans(args.site,
                                                                               args.lang)
    for line in found:
        print(line)
    print(f"{len(found)} problem(s)", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
