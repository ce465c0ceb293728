"""Loading and checking a whole repository: the one entrance for `check` and the build.

Every problem of every file is collected before anything is reported, so a
contributor sees all of them at once. The site is returned only when no error
remains; warnings and notes travel with it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypeVar

from pydantic import TypeAdapter

from macros.cache import Memo, bytes_or_empty
from macros.check import kit_rules, plan_rules, schema, translation_rules
from macros.check.links import links_leaving
from macros.check.markdown_rules import IMAGE_SUFFIXES, embedded_problems, markdown_problems
from macros.check.names import Claim, Names, claim_all, kit_claims, plan_name_problems
from macros.check.paths import PathProblem, resolve_inside
from macros.check.sizes import download_size_problems, file_size_problem
from macros.check.svg_rules import svg_problems, svg_words
from macros.check.terminology import (
    TERMINOLOGY_FILE,
    TerminologyRules,
    TextToCheck,
    terminology_problems,
)
from macros.check.vocabulary_rules import VOCABULARY_FILE, unit_word_problems, unknown_ids
from macros.i18n.catalogue import text
from macros.limits import InvalidLimit, Limits
from macros.load.bom_csv import parse_bom_csv
from macros.load.reader import SourceReader
from macros.load.source import LoadFailure
from macros.load.yaml_lines import Located, dotted
from macros.model.common import ID_RE
from macros.model.kit import KitDocument, KitTranslation
from macros.model.plan import Part, Plan
from macros.model.site import KitEntry, KitTranslationEntry, PlanEntry, Site
from macros.model.text import DEFAULT_LANGUAGE, LANGUAGES, TRANSLATED_MD
from macros.model.vocabulary import Category, Vocabulary
from macros.problems import Problem, errors, problem
from macros.render.sanitize import neutralise_markdown
from macros.sheets.load import spec_path, spec_problems

PLANS_DIR = "plans"
KIT_DIR = "kit"
DOCS_DIR = "docs"
PLAN_FILE = "plan.yml"
GUIDE_FILE = "README.md"
_PARTS = TypeAdapter(list[Part])
T = TypeVar("T")


def load_site(
    root: Path, selection: Sequence[Path] | None = None, limits: Limits | None = None,
    memo: Memo | None = None, draw_drawings: bool = True,
) -> tuple[Site | None, list[Problem]]:
    """Load vocabulary, plans and kit documents under `root`.

    With a `selection` of files or folders, only the plans and documents that touch
    one of them are checked (the vocabulary is always loaded: everything uses it).
    With a `memo`, a plan whose folder, vocabulary, limits and code are unchanged is
    taken as it was loaded and checked before (a library of a thousand plans is
    otherwise parsed again at every build and preview). `draw_drawings`: draw each
    plan drawing once to prove the converter can (`check`); the build leaves it out,
    since it converts every drawing right after loading and refuses one that fails the
    same way (`site_downloads`).
    """
    root = root.resolve()
    problems: list[Problem] = []
    if limits is None:
        limits = _limits(problems)
    reader = SourceReader(limits, draw_drawings)
    changes = memo.session.changes if memo is not None and memo.session else None
    leaving = links_leaving(root, changed=None if changes is None
                            else [Path(path) for path in changes.paths])
    if leaving:  # read nothing at all through a link that leads out of the repository
        return _refused(memo, problems + leaving)
    kit_names = Names(text("check.place.kit_bundle"))
    chosen = _Selection(root, selection, problems)
    vocabulary, found = _load_vocabulary(root, reader)
    problems.extend(found)
    plans: list[PlanEntry] = []
    kit: list[KitEntry] = []
    remembered = _Remembered(memo, f"{limits!r} draw={draw_drawings}", [root / VOCABULARY_FILE])
    if vocabulary is not None:
        for folder in _plan_folders(root):
            if chosen.includes(folder):
                entry, found = remembered.plan(
                    "loaded-plan", folder, [],
                    functools.partial(_load_plan, root, folder, vocabulary, reader))
                problems.extend(found)
                if entry:
                    plans.append(entry)
        for path in _kit_files(root):
            if chosen.includes(path, *_siblings(path), spec_path(path)):
                doc, found = _kit_document(root, path, vocabulary, reader, kit_names,
                                           remembered)
                problems.extend(found)
                if doc:
                    kit.append(doc)
    problems.extend(_hand_written_problems(root, chosen, reader, remembered))
    if vocabulary is not None:
        problems.extend(_terminology(root, chosen, reader, remembered))
        problems.extend(_orphan_translations(root, chosen))
    problems.extend(download_size_problems(plans, kit, limits))
    if vocabulary is None or errors(problems):
        return _refused(memo, problems)
    return Site(vocabulary, tuple(plans), tuple(kit)), problems


def _refused(memo: Memo | None, problems: list[Problem]) -> tuple[None, list[Problem]]:
    if memo is not None and memo.session is not None:
        memo.session.refused()
    return None, problems


def _limits(problems: list[Problem]) -> Limits:
    """The limits in force; a malformed `REPRODUCE_MAX_…` variable is an error."""
    try:
        return Limits.from_env()
    except InvalidLimit as invalid:
        problems.append(problem("(environment)", 1, "", invalid.text))
        return Limits()


class _Selection:
    """Which content a `check PATH…` run looks at."""

    def __init__(self, root: Path, paths: Sequence[Path] | None, problems: list[Problem]):
        self.paths: list[Path] | None = None
        if paths:
            self.paths = []
            for path in paths:
                absolute = (path if path.is_absolute() else Path.cwd() / path).resolve()
                if not absolute.exists():
                    problems.append(problem(str(path), 1, "", "check.no_such_path"))
                self.paths.append(absolute)

    def includes(self, *candidates: Path) -> bool:
        if self.paths is None:
            return True
        for candidate in candidates:
            real = candidate.resolve()
            for path in self.paths:
                if real.is_relative_to(path) or path.is_relative_to(real):
                    return True
        return False


class _Remembered:
    """Per-plan results taken from the memo when the plan's folder and the shared
    inputs are unchanged, made (and remembered) otherwise; without a memo, nothing
    more is read."""

    def __init__(self, memo: Memo | None, limits: str, shared: list[Path]) -> None:
        self.memo, self.limits, self.shared = memo, limits, shared
        self._shared_bytes: list[bytes] | None = None

    def plan(self, kind: str, folder: Path, inputs: list[bytes], make: Callable[[], T]) -> T:
        if self.memo is None:
            return make()
        key = [str(folder).encode(), self.memo.folder(folder), self.limits.encode(),
               *self._shared(), *inputs]
        return self.memo.remember(kind, key, make)


    def files(self, kind: str, paths: list[Path], make: Callable[[], T],
              inputs: Sequence[bytes] = ()) -> T:
        """Like `plan`, for a result that depends on these files (missing ones too)."""
        if self.memo is None:
            return make()
        key = [self.limits.encode(), *self._shared(), *self._files(self.memo, paths), *inputs]
        return self.memo.remember(kind, key, make)

    def state(self, paths: list[Path]) -> bytes:
        """What `paths` hold now (for a remembered result that depends on files it
        names itself, such as a document's attachments)."""
        if self.memo is None:  # nothing is remembered: nothing to compare
            return b""
        return b"".join(self._files(self.memo, paths))

    def _shared(self) -> list[bytes]:
        """The shared inputs' bytes, read once, not once per plan or document."""
        if self._shared_bytes is None:
            self._shared_bytes = [bytes_or_empty(path) for path in self.shared]
        return self._shared_bytes

    @staticmethod
    def _files(memo: Memo, paths: list[Path]) -> list[bytes]:
        return [str(path).encode() + b"\0" + memo.file(path) for path in paths]


@dataclass(frozen=True)
class _LoadedKitDocument:
    """A kit document as loaded and checked on its own, before its names are claimed
    in the kit bundle (which needs every document)."""

    entry: KitEntry | None
    problems: list[Problem]
    claims: list[Claim]
    attachments: list[Path]
    attachments_state: bytes


def _kit_document(root: Path, path: Path, vocabulary: Vocabulary, reader: SourceReader,
                  names: Names, remembered: _Remembered
                  ) -> tuple[KitEntry | None, list[Problem]]:
    """The document, remembered while its files, its attachments, the vocabulary and
    the limits are unchanged; then its names claimed in the kit bundle."""
    own = [path, *_siblings(path), spec_path(path)]
    make = functools.partial(_loaded_kit_document, root, path, vocabulary, reader,
                             remembered)
    loaded = remembered.files("loaded-kit-document", own, make)
    if remembered.state(loaded.attachments) != loaded.attachments_state:
        loaded = make()  # an attachment changed, not the document: checked again
    clashes = claim_all(names, loaded.claims)
    if clashes:
        return None, [*loaded.problems, *clashes]
    return loaded.entry, loaded.problems


def _loaded_kit_document(root: Path, path: Path, vocabulary: Vocabulary,
                         reader: SourceReader, remembered: _Remembered) -> _LoadedKitDocument:
    entry, problems, claims = _load_kit_document(root, path, vocabulary, reader)
    # The files it offers and the images it shows: a change to one checks it again.
    attachments = ([path.parent / a.path for a in entry.meta.files]
                   + [path.parent / image for image in entry.images]) if entry else []
    return _LoadedKitDocument(entry, problems, claims, attachments,
                              remembered.state(attachments))


def _terminology(root: Path, chosen: _Selection, reader: SourceReader,
                 remembered: _Remembered) -> list[Problem]:
    """Terminology warnings for every text in the selection (see check/terminology.py)."""
    rules_path = root / TERMINOLOGY_FILE
    if not rules_path.is_file():
        return []
    try:
        located = reader.yaml(rules_path, TERMINOLOGY_FILE)
    except LoadFailure as failure:
        return [failure.problem]
    rules, found = schema.validate(TerminologyRules, located)
    if rules is None:
        return found
    checked = rules

    def plan_terms(folder: Path) -> list[Problem]:
        return [p for item in _plan_texts(root, folder, reader)
                for p in terminology_problems(checked, item)]

    rules_bytes = reader.text(rules_path, TERMINOLOGY_FILE).encode()  # read once already
    for folder in _plan_folders(root):
        if chosen.includes(folder):
            found.extend(remembered.plan("plan-terminology", folder, [rules_bytes],
                                         functools.partial(plan_terms, folder)))
    def text_terms(path: Path) -> list[Problem]:
        item = _markdown_text(root, path, reader)
        return terminology_problems(checked, item) if item else []

    for path in _markdown_files(root):
        if chosen.includes(path):
            found.extend(remembered.files("text-terminology", [path],
                                          functools.partial(text_terms, path), [rules_bytes]))
    return found


def _hand_written_problems(root: Path, chosen: _Selection, reader: SourceReader,
                           remembered: _Remembered) -> list[Problem]:
    """Hand-written pages (`docs/`) may use HTML, but what they embed must come from the
    repository too, and the SVG files published with them pass the drawing rules (opened
    alone, an SVG is a page that could fetch or run anything). A page that does not load
    is left to the engine, which reports it."""
    base = root / DOCS_DIR
    if not base.is_dir():
        return []
    found: list[Problem] = []
    for path in sorted(base.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(base).parts)
        if hidden or not path.is_file() or not chosen.includes(path):
            continue
        display = _display(root, path)
        if path.suffix.lower() == ".svg":
            found.extend(svg_problems(path.read_bytes(), display, reader.limits))
        elif path.suffix == ".md":
            found.extend(remembered.files("page-problems", [path], functools.partial(
                _hand_written_page_problems, path, display, reader)))
    return found


def _hand_written_page_problems(path: Path, display: str, reader: SourceReader
                                ) -> list[Problem]:
    try:
        body, first_line = reader.text(path, display), 1
        if body.startswith("---"):
            page = reader.front_matter(path, display)
            body, first_line = page.body, page.body_first_line
    except LoadFailure:
        return []
    return embedded_problems(display, body, text("check.folder.docs"), first_line)[0]


def _plan_texts(root: Path, folder: Path, reader: SourceReader) -> list[TextToCheck]:
    """A plan's file and guides, each in its language; texts that do not load are
    skipped here (their loading problem is reported elsewhere)."""
    out: list[TextToCheck] = []
    plan_file = folder / PLAN_FILE
    try:
        text = reader.text(plan_file, _display(root, plan_file))
        located = reader.yaml(plan_file, _display(root, plan_file))
    except LoadFailure:
        return out
    allowed = frozenset(_strings(located.data, "allow_terms"))
    out.extend(_split_by_language(located, text, allowed))
    for lang in LANGUAGES:
        guide = folder / (GUIDE_FILE if lang == DEFAULT_LANGUAGE else f"README.{lang}.md")
        if guide.is_file():
            try:
                out.append(TextToCheck(_display(root, guide), lang,
                                       reader.text(guide, _display(root, guide)), 1, allowed))
            except LoadFailure:
                continue
    return out


def _markdown_files(root: Path) -> list[Path]:
    """Kit documents and hand-written pages, in every language."""
    return sorted((root / KIT_DIR).rglob("*.md")) + sorted((root / DOCS_DIR).rglob("*.md"))


def _markdown_text(root: Path, path: Path, reader: SourceReader) -> TextToCheck | None:
    """A kit document or hand-written page in its language; None when it does not
    load (its loading problem is reported elsewhere)."""
    match = TRANSLATED_MD.search(path.name)
    text_lang = match.group(1) if match else DEFAULT_LANGUAGE
    try:
        text = reader.text(path, _display(root, path))
        meta = reader.front_matter(path, _display(root, path)).meta if text.startswith(
            "---") else None
    except LoadFailure:
        return None
    allowed = frozenset(_strings(meta.data, "allow_terms")) if meta else frozenset()
    return TextToCheck(_display(root, path), text_lang,
                       _blank_lines(text, _allow_lines(meta)), 1, allowed)


def _allow_lines(meta: Located | None) -> set[int]:
    if meta is None:
        return set()
    return {line for loc, line in meta.lines.items() if loc and loc[0] == "allow_terms"}


def _blank_lines(text: str, numbers: set[int]) -> str:
    return "\n".join("" if index in numbers else line
                     for index, line in enumerate(text.split("\n"), start=1))


def _split_by_language(located: Located, text: str,
                       allowed: frozenset[str]) -> list[TextToCheck]:
    """plan.yml mixes languages: `nl:`/`en:` lines are checked as Dutch/English."""
    line_lang = {line: str(loc[-1]) for loc, line in located.lines.items()
                 if loc and loc[-1] in LANGUAGES[1:]}
    skip = _allow_lines(located)
    lines = text.split("\n")
    out = []
    for lang in LANGUAGES:
        kept = [line if line_lang.get(number, DEFAULT_LANGUAGE) == lang and number not in skip
                else "" for number, line in enumerate(lines, start=1)]
        out.append(TextToCheck(located.path, lang, "\n".join(kept), 1, allowed))
    return out


def _display(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _load_vocabulary(root: Path, reader: SourceReader
                     ) -> tuple[Vocabulary | None, list[Problem]]:
    try:
        located = reader.yaml(root / VOCABULARY_FILE, VOCABULARY_FILE)
    except LoadFailure as failure:
        return None, [failure.problem]
    vocabulary, found = schema.validate(Vocabulary, located)
    if vocabulary is not None:
        found += unit_word_problems(vocabulary, located)
    return vocabulary, found


def _plan_folders(root: Path) -> list[Path]:
    base = root / PLANS_DIR
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith("."))


def _kit_files(root: Path) -> list[Path]:
    base = root / KIT_DIR
    if not base.is_dir():
        return []
    return sorted(
        p for p in base.rglob("*.md")
        if not TRANSLATED_MD.search(p.name)
        and not any(part.startswith(".") for part in p.relative_to(base).parts)
    )


def _siblings(path: Path) -> list[Path]:
    stem = path.with_suffix("")
    return [stem.with_name(f"{stem.name}.{lang}.md") for lang in LANGUAGES[1:]]


def _load_plan(
    root: Path, folder: Path, vocabulary: Vocabulary, reader: SourceReader,
) -> tuple[PlanEntry | None, list[Problem]]:
    """The entry, or None when it has errors; and every problem found in it."""
    problems: list[Problem] = []
    plan_id = folder.name
    source = _display(root, folder / PLAN_FILE)
    if not ID_RE.match(plan_id):
        problems.append(problem(_display(root, folder), 1, "id", "check.plan_folder_name",
                                id=plan_id))
    try:
        located = reader.yaml(folder / PLAN_FILE, source)
    except LoadFailure as failure:
        problems.append(failure.problem)
        return None, problems
    plan, found = schema.validate(Plan, located)
    problems.extend(found)
    images: list[str] = []
    guides = _load_guides(root, folder, problems, reader, images)
    for category in ("tools", "feedstock", "skills"):
        problems.extend(unknown_ids(vocabulary, category, category,
                                    _strings(located.data, category), located))
    if plan is None:
        return None, problems
    problems.extend(plan_rules.plan_problems(plan, located))
    for index, declared in enumerate(plan.files):
        _check_path(folder, declared.path, located, ("files", index, "path"), problems,
                    reader.limits)
    for index, drawing in enumerate(plan.drawings):
        _check_path(folder, drawing.path, located, ("drawings", index, "path"), problems,
                    reader.limits, trial=reader.draw_drawings,
                    also=lambda data, shown: plan_rules.title_block_problems(
                        plan, svg_words(data, reader.limits), shown))
    problems.extend(plan_name_problems(plan, located))
    parts = _resolve_parts(root, folder, plan, located, problems, reader)
    if parts is not None:
        pricing = plan_rules.pricing_problem(plan, parts, located)
        if pricing:
            problems.append(pricing)
    if errors(problems) or parts is None:
        return None, problems
    entry = PlanEntry(plan_id, folder, plan, parts, guides, tuple(dict.fromkeys(images)))
    problems.extend(translation_rules.plan_problems(entry, located))
    return entry, problems


def _strings(data: object, key: str) -> list[str]:
    """The list at `data[key]` as strings, before validation (non-strings are left to the
    schema), so unknown ids are reported even when another field is wrong."""
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [item if isinstance(item, str) else "" for item in value]


def _load_guides(root: Path, folder: Path, problems: list[Problem],
                 reader: SourceReader, images: list[str]) -> dict[str, str]:
    guides: dict[str, str] = {}
    for lang in LANGUAGES:
        name = GUIDE_FILE if lang == DEFAULT_LANGUAGE else f"README.{lang}.md"
        path = folder / name
        if not path.is_file():
            if lang == DEFAULT_LANGUAGE:
                problems.append(problem(_display(root, path), 1, "", "check.guide_missing"))
            continue
        try:
            guides[lang] = reader.text(path, _display(root, path))
        except LoadFailure as failure:
            problems.append(failure.problem)
        else:
            problems.extend(markdown_problems(_display(root, path), guides[lang]))
            images += _shown_files(folder, _display(root, path), guides[lang], 1,
                                   "check.folder.plan", problems, reader.limits)
    return guides


def _shown_files(folder: Path, display: str, body: str, first_line: int, label: str,
                 problems: list[Problem], limits: Limits) -> list[str]:
    """The images of `folder` that the Markdown `body` shows once the site renders it
    (raw HTML shown as text, see render/sanitize.py); anything it would fetch from
    elsewhere, and any image that is missing, leaves the folder or is not an image, is
    a problem at its line."""
    found, files = embedded_problems(display, neutralise_markdown(body), text(label),
                                     first_line)
    problems.extend(found)
    kept = []
    for shown in files:
        try:
            real = resolve_inside(folder, shown.path, text(label))
        except PathProblem as refused:
            problems.append(problem(display, shown.line, shown.where, refused.text))
            continue
        if real.suffix.lower() not in IMAGE_SUFFIXES:
            problems.append(problem(display, shown.line, shown.where, "check.image_not_image",
                                    path=shown.path))
            continue
        too_big = file_size_problem(real, shown.path, limits)
        if too_big:
            problems.append(problem(display, shown.line, shown.where, too_big))
            continue
        if real.suffix.lower() == ".svg":  # published as a file: opened alone, it is a page
            svg = svg_problems(real.read_bytes(), _sibling(display, shown.path), limits)
            if svg:
                problems.extend(svg)
                continue
        kept.append(shown.path)
    return kept


def _check_path(
    folder: Path,
    declared: str,
    located: Located,
    loc: tuple[str | int, ...],
    problems: list[Problem],
    limits: Limits,
    label: str = "check.folder.plan",
    trial: bool = True,
    also: Callable[[bytes, str], list[Problem]] | None = None,
) -> Path | None:
    try:
        real = resolve_inside(folder, declared, text(label))
    except PathProblem as refused:
        problems.append(problem(located.path, located.line_of(loc), dotted(loc), refused.text))
        return None
    too_big = file_size_problem(real, declared, limits)
    if too_big:
        problems.append(problem(located.path, located.line_of(loc), dotted(loc), too_big))
        return None
    if real.suffix.lower() == ".svg":  # a drawing, or an SVG offered as a file: both published
        data, shown = real.read_bytes(), _sibling(located.path, declared)
        found = svg_problems(data, shown, limits, trial)
        problems.extend(found)
        if not found and also is not None:  # more rules on the same reading of the file
            problems.extend(also(data, shown))
        return None if found else real
    return real


def _sibling(display_path: str, declared: str) -> str:
    """`plans/x/plan.yml` + `drawings/a.svg` → `plans/x/drawings/a.svg`."""
    return (PurePosixPath(display_path).parent / declared).as_posix()


def _resolve_parts(
    root: Path, folder: Path, plan: Plan, located: Located, problems: list[Problem],
    reader: SourceReader,
) -> tuple[Part, ...] | None:
    parts = plan.bom.parts
    if isinstance(parts, list):
        return tuple(parts)
    path = _check_path(folder, parts, located, ("bom", "parts"), problems, reader.limits)
    if path is None:
        return None
    display = _display(root, folder / parts)
    try:
        rows = parse_bom_csv(reader.text(path, display), display)
    except LoadFailure as failure:
        problems.append(failure.problem)
        return None
    validated, found = schema.validate_rows(_PARTS, rows)
    problems.extend(found)
    if validated is None:
        return None
    duplicates = plan_rules.part_problems(validated, rows, ())
    problems.extend(duplicates)
    assemblies = plan_rules.assembly_problems(validated, plan.bom.assemblies, rows, (), located)
    problems.extend(assemblies)
    return None if duplicates or errors(assemblies) else tuple(validated)


def _load_kit_document(
    root: Path, path: Path, vocabulary: Vocabulary, reader: SourceReader,
) -> tuple[KitEntry | None, list[Problem], list[Claim]]:
    """The entry, or None when it has errors; every problem found in it; and the names
    it takes in the kit bundle."""
    problems: list[Problem] = []
    display = _display(root, path)
    slug = path.relative_to(root / KIT_DIR).with_suffix("").as_posix()
    for part in slug.split("/"):
        if not ID_RE.match(part):
            problems.append(problem(display, 1, "", "check.page_name", name=part))
            break
    try:
        document = reader.front_matter(path, display)
    except LoadFailure as failure:
        problems.append(failure.problem)
        return None, problems, []
    meta, found = schema.validate(KitDocument, document.meta)
    problems.extend(found)
    problems.extend(markdown_problems(display, document.body, document.body_first_line))
    images = _shown_files(path.parent, display, document.body, document.body_first_line,
                          "check.folder.document", problems, reader.limits)
    raw = document.meta.data
    fields: tuple[tuple[Category, str], ...] = (
        ("tools", "machines"), ("tools", "machines_to_confirm"),
        ("skills", "skills"), ("skills", "skills_to_confirm"))
    for category, field in fields:
        problems.extend(unknown_ids(vocabulary, category, field, _strings(raw, field),
                                    document.meta))
    if meta is None:
        return None, problems, []
    problems.extend(kit_rules.kit_problems(meta, document.meta))
    for index, attachment in enumerate(meta.files):
        _check_path(path.parent, attachment.path, document.meta, ("files", index, "path"),
                    problems, reader.limits, "check.folder.document")
    if meta.type == "outil":  # its spreadsheet spec, read like the build reads it
        problems.extend(spec_problems(path, _display(root, spec_path(path))))
    claims = kit_claims(slug, meta, document.meta)
    translations, located = _load_kit_translations(root, path, problems, reader, images)
    if errors(problems):
        return None, problems, claims
    entry = KitEntry(slug, path, meta, document.body, translations,
                     tuple(dict.fromkeys(images)))
    problems.extend(translation_rules.kit_problems(entry, display, located))
    return entry, problems, claims


def _load_kit_translations(
    root: Path, path: Path, problems: list[Problem], reader: SourceReader, images: list[str]
) -> tuple[dict[str, KitTranslationEntry], dict[str, Located]]:
    """The `name.<lang>.md` siblings of a kit document that exist and are valid."""
    translations: dict[str, KitTranslationEntry] = {}
    located: dict[str, Located] = {}
    for lang, sibling in zip(LANGUAGES[1:], _siblings(path), strict=True):
        if not sibling.is_file():
            continue
        display = _display(root, sibling)
        try:
            document = reader.front_matter(sibling, display)
        except LoadFailure as failure:
            problems.append(failure.problem)
            continue
        meta, found = schema.validate(KitTranslation, document.meta)
        problems.extend(found)
        problems.extend(markdown_problems(display, document.body, document.body_first_line))
        images += _shown_files(path.parent, display, document.body, document.body_first_line,
                               "check.folder.document", problems, reader.limits)
        if meta is not None:
            translations[lang] = KitTranslationEntry(lang, sibling, meta, document.body)
            located[lang] = document.meta
    return translations, located


def _orphan_translations(root: Path, chosen: _Selection) -> list[Problem]:
    """Translation siblings whose French original does not exist."""
    base = root / KIT_DIR
    if not base.is_dir():
        return []
    found = []
    for path in sorted(base.rglob("*.md")):
        match = TRANSLATED_MD.search(path.name)
        if match and chosen.includes(path):
            original = path.with_name(path.name[: match.start()] + ".md")
            if not original.is_file():
                found.append(problem(_display(root, path), 1, "-", "check.orphan_translation",
                                     original=_display(root, original)))
    return found
