"""A benchmark corpus: this project with N generated plans and N/2 kit documents.

Each generated plan has the contract's shape at library scale: 20-60 BOM parts, two
SVG drawings, a guide of 1-2 k words in three languages, made from a real plan of the
repository so that every page, bundle and drawing goes through the real build. Words
vary from plan to plan (so the search index grows like a real library's), drawn
deterministically from the repository's own guides.
"""

from __future__ import annotations

import copy
import random
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parents[2]
TEMPLATE_PLAN = "paper-press"
TEMPLATE_DOC = Path("kit") / "fiches" / "regle-de-minimis"
LANG_SUFFIXES = ("", ".nl", ".en")
COPIED = ("docs", "kit", "overrides", "plans")


def plan_id(index: int) -> str:
    return f"bench-{index:04d}"


def _vocabulary() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in (PROJECT / "plans").rglob("README*.md"))
    return sorted({w for w in re.findall(r"[^\W\d_]{5,}", text)})


def _guide(template: str, words: list[str], rng: random.Random, extra_words: int) -> str:
    paragraphs = []
    while extra_words > 0:
        size = rng.randint(40, 90)
        paragraphs.append(" ".join(rng.choice(words) for _ in range(size)).capitalize() + ".")
        extra_words -= size
    return template.rstrip() + "\n\n## Notes\n\n" + "\n\n".join(paragraphs) + "\n"


def _plan_yaml(template: dict[str, Any], index: int, rng: random.Random) -> dict[str, Any]:
    plan = dict(template)
    plan["title"] = {lang: f"{text} {index}" for lang, text in template["title"].items()}
    parts = template["bom"]["parts"]
    wanted = rng.randint(20, 60)
    generated = []
    for number in range(wanted):
        part = copy.deepcopy(parts[number % len(parts)])
        part["ref"] = f"G{number + 1:02d}"
        if number >= len(parts):
            part["name"] = {lang: f"{text} ({number})" for lang, text in part["name"].items()}
        generated.append(part)
    plan["bom"] = {**template["bom"], "parts": generated}
    drawing = template["drawings"][0]
    second = {**copy.deepcopy(drawing), "path": "drawings/second.svg",
              "title": {lang: f"{text} (2)" for lang, text in drawing["title"].items()}}
    plan["drawings"] = [drawing, second]
    return plan


def write_plan(root: Path, index: int, words: list[str]) -> Path:
    """Write generated plan `index` under `root/plans`; return its folder."""
    rng = random.Random(index)
    source = PROJECT / "plans" / TEMPLATE_PLAN
    target = root / "plans" / plan_id(index)
    shutil.copytree(source, target, dirs_exist_ok=True)
    drawing = (source / "drawings" / "presse-vues.svg").read_bytes()
    for name in ("presse-vues.svg", "second.svg"):  # bytes of their own, as real drawings
        mark = f"\n<!-- {plan_id(index)} {name} -->\n".encode()
        (target / "drawings" / name).write_bytes(drawing.rstrip() + mark)
    template = yaml.safe_load((source / "plan.yml").read_text(encoding="utf-8"))
    plan = _plan_yaml(template, index, rng)
    (target / "plan.yml").write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False),
                                     encoding="utf-8")
    extra = rng.randint(0, 1000)
    for suffix in LANG_SUFFIXES:
        guide = source / f"README{suffix}.md"
        (target / guide.name).write_text(
            _guide(guide.read_text(encoding="utf-8"), words, rng, extra), encoding="utf-8")
    return target


def write_doc(root: Path, index: int) -> None:
    """Write generated kit document `index` (a copy of a real sheet under a new name)."""
    for suffix in LANG_SUFFIXES:
        source = PROJECT / f"{TEMPLATE_DOC}{suffix}.md"
        text = source.read_text(encoding="utf-8")
        text = re.sub(r"^title: (.*)$", rf"title: \1 ({index})", text, count=1, flags=re.M)
        target = root / f"{TEMPLATE_DOC.parent}/bench-{index:04d}{suffix}.md"
        target.write_text(text, encoding="utf-8")


def make_corpus(root: Path, plans: int) -> Path:
    """This project in `root` (its code linked, its content copied) with `plans`
    generated plans and `plans // 2` generated kit documents."""
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(PROJECT / name, root / name)
    for folder in COPIED:
        shutil.copytree(PROJECT / folder, root / folder)
    (root / "macros").symlink_to(PROJECT / "macros", target_is_directory=True)
    words = _vocabulary()
    for index in range(plans):
        write_plan(root, index, words)
    for index in range(plans // 2):
        write_doc(root, index)
    return root


def touch_plan(root: Path, index: int, marker: str) -> Path:
    """Edit one plan's French guide as a contributor would; return the file."""
    guide = root / "plans" / plan_id(index) / "README.md"
    guide.write_text(guide.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
    return guide


def doc_path(index: int) -> str:
    """Generated kit document `index`, as its page's address names it under `kit/`."""
    return f"{TEMPLATE_DOC.parent.relative_to('kit').as_posix()}/bench-{index:04d}"


def touch_doc(root: Path, index: int, marker: str) -> Path:
    """Edit one generated kit document's French text as a contributor would."""
    sheet = root / "kit" / f"{doc_path(index)}.md"
    sheet.write_text(sheet.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
    return sheet
