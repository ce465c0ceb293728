"""Everything a maker downloads for one plan: the bundle and its parts.

The bundle `<id>-<version>.zip` holds the guide(s), plan.yml, the BOM as CSV,
each drawing as SVG and PDF, the declared files by role, LICENSE.txt, an
OKH-LOSH manifest and SHA256SUMS. The same files are also offered one by one, and
the manifest beside them, its references turned into addresses on the site.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from macros.addresses import (
    absolute_url,
    page_url,
    plan_bundle_path,
    plan_downloads_folder,
    plan_url,
)
from macros.bundle.archive import members_digest, sha256, sha256sums, write_zip
from macros.bundle.bom_export import bom_csv
from macros.bundle.drawing_alt import drawing_alt
from macros.bundle.drawings import (
    PDF_FORMAT,
    PREVIEW_WIDTH_PX,
    DrawingRefused,
    pdf_renderer,
    renderer,
    svg_to_pdf,
    svg_to_png,
)
from macros.bundle.layout import drawing_name, layout_of, readme_name
from macros.bundle.licence import licence_text
from macros.bundle.okh import ManifestLinks, okh_manifest, okh_toml
from macros.bundle.settings import PublishSettings
from macros.cache import ContentCache, StoredBytes, inputs_digest
from macros.check.svg_rules import not_drawable
from macros.limits import current_limits
from macros.model.plan import Drawing
from macros.model.site import PlanEntry
from macros.model.text import LANGUAGES
from macros.problems import Problem

PLANS_FOLDER = "plans"


class NotDrawable(Exception):
    """A drawing the converter cannot draw, as the problem `check` reports for it."""

    def __init__(self, found: Problem) -> None:
        super().__init__(found.path)
        self.problem = found


class DownloadLost(Exception):
    """A download kept in the cache, or read again from its plan, was gone or changed
    when the build came to write it (the cache cleared, or the file edited, meanwhile):
    its page would show a wrong size or SHA-256. `source`: the plan's file, if it was
    one."""

    def __init__(self, path: str, source: Path | None = None) -> None:
        super().__init__(path)
        self.path = path
        self.source = source


@dataclass(frozen=True)
class SourceFile:
    """A download published as the contributor wrote it (a drawing's SVG, a declared
    file), read again from the plan's folder when written."""

    path: Path

    def read(self) -> bytes | None:
        """The file's bytes, or None if it can no longer be read."""
        try:
            return self.path.read_bytes()
        except OSError:
            return None


class Download:
    """A file of the site's `downloads/` tree. One kept elsewhere (`stored`: in the cache,
    or a source file of the plan) keeps only its size and SHA-256 and is read again when
    written: at a thousand plans the bundles, drawing conversions and drawings would
    otherwise stay in memory for the whole build (~170 MB)."""

    __slots__ = ("_data", "_stored", "path", "sha256", "size")

    def __init__(self, path: str, data: bytes,
                 stored: StoredBytes | SourceFile | None = None) -> None:
        self.path = path
        self.size = len(data)
        self.sha256 = sha256(data)
        """Computed once: pages, checksum lists and cache keys all ask for it."""
        self._stored = stored
        self._data = None if stored is not None else data

    @property
    def data(self) -> bytes:
        if self._data is not None:
            return self._data
        assert self._stored is not None
        found = self._stored.read()
        if found is None or len(found) != self.size or sha256(found) != self.sha256:
            raise DownloadLost(self.path, self._stored.path
                               if isinstance(self._stored, SourceFile) else None)
        return found

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name

    def __repr__(self) -> str:
        return f"Download({self.path!r}, {self.size} bytes)"

    def __eq__(self, other: object) -> bool:
        """The same file: the same path and the same bytes (by their SHA-256)."""
        if not isinstance(other, Download):
            return NotImplemented
        return (self.path, self.size, self.sha256) == (other.path, other.size, other.sha256)

    def __hash__(self) -> int:
        return hash((self.path, self.sha256))


@dataclass(frozen=True)
class DrawingDownloads:
    index: int
    svg: Download
    pdf: Download
    png: Download | None
    """Made only for a drawing that may be heavier than its PNG (see `needs_png`)."""

    @property
    def preview(self) -> Download:
        """What pages show: the SVG itself when it is the lighter (a line drawing, a
        fifth of its PNG), else the PNG (a drawing heavy with embedded images). An SVG
        shown as an image runs no script and loads nothing."""
        if self.png is None or self.svg.size <= self.png.size:
            return self.svg
        return self.png


@dataclass(frozen=True)
class PlanDownloads:
    bundle: Download
    bom: Download
    drawings: tuple[DrawingDownloads, ...]
    files: tuple[Download, ...]
    """The declared files, in the order of `plan.yml`."""
    manifest: Download
    """The OKH manifest, naming the files above by their addresses."""

    def all(self) -> list[Download]:
        files = [self.bundle, self.bom, *self.files, self.manifest]
        for drawing in self.drawings:
            files += [drawing.svg, drawing.pdf]
            if drawing.png is not None and drawing.preview is drawing.png:
                files.append(drawing.png)  # published only when a page shows it
        return files


@dataclass(frozen=True)
class Conversion:
    """A drawing conversion: its cache kind and key, and how to make it (picklable, so
    that conversions can run in other processes)."""

    kind: str
    key: str
    make: Callable[[], bytes]


LINE_DRAWING_BYTES = 64_000
"""A drawing this light that embeds no raster image is a line drawing: its PNG preview
(1,200 px wide, ~80 KB for a 17 KB drawing) would be heavier than the SVG, so it is not
made (~90 ms each, half the conversion time of a cold build)."""
_RASTER = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?image\b")


def needs_png(svg: bytes) -> bool:
    """Whether the drawing may be heavier than its PNG preview, which is then made and
    the lighter of the two shown."""
    return len(svg) > LINE_DRAWING_BYTES or _RASTER.search(svg) is not None


@dataclass(frozen=True)
class DrawingLabel:
    """What a drawing's PDF says about it to a reader: its title and alternative text,
    in its language (French first, the language every plan has)."""

    title: str
    alt: str
    lang: str = "fr"


def drawing_label(entry: PlanEntry, drawing: Drawing, svg: bytes,
                  cache: ContentCache | None = None) -> DrawingLabel:
    return DrawingLabel(drawing.title.fr, drawing_alt(entry, drawing, svg, "fr", cache), "fr")


def drawing_jobs(svg: bytes, label: DrawingLabel, moment: dt.datetime) -> list[Conversion]:
    """The conversions a drawing needs: its printable PDF and, when it `needs_png`, its
    PNG preview, each keyed by everything its bytes depend on (the converter's code and
    libraries included)."""
    pdf_key = inputs_digest(PDF_FORMAT, pdf_renderer(), svg, label.title.encode(),
                            label.alt.encode(), label.lang.encode(),
                            moment.date().isoformat().encode())
    jobs = [Conversion("pdf", pdf_key, functools.partial(
        svg_to_pdf, svg, label.title, moment.date(), label.alt, label.lang))]
    if needs_png(svg):
        png_key = inputs_digest(renderer(), svg, f"width={PREVIEW_WIDTH_PX}".encode())
        jobs.append(Conversion("png", png_key,
                               functools.partial(svg_to_png, svg, PREVIEW_WIDTH_PX)))
    return jobs


def plan_drawing_jobs(entry: PlanEntry, settings: PublishSettings,
                      cache: ContentCache | None = None) -> list[Conversion]:
    """Every conversion the plan's drawings need (`cache`: where the drawings' words
    for their alternative texts are kept between builds)."""
    moment = settings.moment(entry.plan.changelog[0].date)
    jobs = []
    for drawing in entry.plan.drawings:
        svg = (entry.folder / drawing.path).read_bytes()
        jobs += drawing_jobs(svg, drawing_label(entry, drawing, svg, cache), moment)
    return jobs


def plan_downloads(entry: PlanEntry, settings: PublishSettings,
                   cache: ContentCache) -> PlanDownloads:
    plan = entry.plan
    folder = plan_downloads_folder(entry.id)
    layout = layout_of(entry)
    moment = settings.moment(plan.changelog[0].date)
    bundle_path = plan_bundle_path(entry.id, plan.version)
    bundle_url = absolute_url(settings.site_url, bundle_path)

    members: dict[str, bytes] = {}
    for lang in entry.guides:
        members[readme_name(lang)] = (entry.folder / readme_name(lang)).read_bytes()
    members["plan.yml"] = (entry.folder / "plan.yml").read_bytes()
    members[layout.bom] = bom_csv(entry)
    drawings = []
    for index, drawing in enumerate(plan.drawings):
        name = drawing_name(drawing.path)
        source = entry.folder / drawing.path
        svg = source.read_bytes()
        conversions = {job.kind: job for job in drawing_jobs(
            svg, drawing_label(entry, drawing, svg, cache), moment)}
        pdf_job, png_job = conversions["pdf"], conversions.get("png")
        try:
            pdf = cache.keyed("pdf", pdf_job.key, pdf_job.make)
            png = None if png_job is None else Download(
                f"{folder}/drawings/{name}.png", cache.keyed("png", png_job.key, png_job.make),
                cache.stored("png", png_job.key))
        except DrawingRefused as refused:
            raise NotDrawable(not_drawable(svg, f"{PLANS_FOLDER}/{entry.id}/{drawing.path}",
                                           str(refused), current_limits())) from None
        members[f"drawings/{name}.svg"] = svg
        members[f"drawings/{name}.pdf"] = pdf
        drawings.append(DrawingDownloads(
            index,
            Download(f"{folder}/drawings/{name}.svg", svg, SourceFile(source)),
            Download(f"{folder}/drawings/{name}.pdf", pdf, cache.stored("pdf", pdf_job.key)),
            png,
        ))
    files = []
    for declared in plan.files:
        target = f"files/{declared.role}/{PurePosixPath(declared.path).name}"
        members[target] = (entry.folder / declared.path).read_bytes()
        files.append(Download(f"{folder}/{target}", members[target],
                              SourceFile(entry.folder / declared.path)))
    for image in entry.images:  # what the guides show, where their links lead
        members.setdefault(image, (entry.folder / image).read_bytes())
    members["LICENSE.txt"] = licence_text(entry).encode("utf-8")
    # In the bundle, the manifest names its files by their paths; the bundle's own
    # address is named unless it is made of its bytes (the shared files).
    in_bundle = ManifestLinks(locate=str, guides=layout.readmes,
                              release=None if settings.shared_files else bundle_url)
    members["okh.toml"] = okh_toml(okh_manifest(entry, settings, layout, in_bundle))
    members["SHA256SUMS"] = sha256sums(members)
    rooted = {f"{layout.root}/{name}": data for name, data in members.items()}
    key = members_digest(rooted, moment)
    archive = cache.keyed("zip", key, lambda: write_zip(rooted, moment))
    bundle = Download(bundle_path, archive, cache.stored("zip", key))
    bom = Download(f"{folder}/{layout.root}-bom.csv", members[layout.bom])
    offered = [*files, *(item for d in drawings for item in (d.svg, d.pdf))]
    published = {layout.bom: bom,
                 **{item.path.removeprefix(f"{folder}/"): item for item in offered}}
    links = published_links(entry, settings, bundle, published)
    manifest = okh_toml(okh_manifest(entry, settings, layout, links))
    return PlanDownloads(
        bundle=bundle,
        bom=bom,
        drawings=tuple(drawings),
        files=tuple(files),
        manifest=Download(f"{folder}/{layout.root}.okh.toml", manifest),
    )


def published_links(entry: PlanEntry, settings: PublishSettings, bundle: Download,
                    published: dict[str, Download]) -> ManifestLinks:
    """The references of the manifest offered on its own: each bundle file by the
    address it is offered at (`published`, by its path in the bundle), an image of
    the guides where its page shows it, the guides as the plan's pages."""
    site = settings.site_url

    def locate(path: str) -> str:
        if path in published:
            item = published[path]
            return settings.download_url(item.path, item.sha256)
        return absolute_url(site, plan_url(entry.id) + path)

    guides = [absolute_url(site, page_url(lang, plan_url(entry.id)))
              for lang in LANGUAGES if lang in entry.guides]
    return ManifestLinks(locate=locate, guides=guides,
                         release=settings.download_url(bundle.path, bundle.sha256))
