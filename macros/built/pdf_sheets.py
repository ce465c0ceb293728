"""A plan's drawings at the end of its page PDF, as the sheets of their own PDFs.

Chromium prints an SVG drawing into a page by cutting every dash of a hidden line into a
small polygon and placing every letter on its own: the two drawings of a plan weighed
about 48 KB of a 140 KB page PDF, in each language. Cairo's PDF of the same drawing,
already made for the downloads, draws dashes with the PDF's own dash pattern and text
as runs: its page weighs about half of that, fonts included, and is at real scale on its
own paper size (A3, A2…), as a set of plans is printed. So a page PDF gets its
drawings' sheets appended after the page, each one tagged as a `Figure` with the
drawing's text alternative in the page's language, and named in the outline.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

import pikepdf


@dataclass(frozen=True)
class Sheet:
    """A drawing's one-page PDF and the words that stand for it (its title, in the
    language of the page that shows it)."""

    pdf: bytes
    alt: str


def append_sheets(document: pikepdf.Pdf, sheets: Iterable[Sheet]) -> int:
    """Append each sheet's page to `document` (a tagged PDF printed by Chromium), each
    a `Figure` of the tag tree's top element and an outline entry; a document without
    a tag tree gets the pages alone. Returns how many pages were appended."""
    root = document.Root.get("/StructTreeRoot")
    top = root.get("/K") if root is not None else None
    if isinstance(top, pikepdf.Array):
        top = top[0] if len(top) else None
    appended = 0
    with document.open_outline() as outline:
        for sheet in sheets:
            with pikepdf.open(io.BytesIO(sheet.pdf)) as drawing:
                document.pages.append(drawing.pages[0])
            page = document.pages[-1]
            appended += 1
            outline.root.append(pikepdf.OutlineItem(sheet.alt, len(document.pages) - 1))
            if isinstance(root, pikepdf.Dictionary) and isinstance(top, pikepdf.Dictionary):
                _tag(document, root, top, page, sheet.alt)
            elif "/StructParents" in page.obj:
                del page.obj.StructParents
    return appended


def _tag(document: pikepdf.Pdf, root: pikepdf.Dictionary, top: pikepdf.Dictionary,
         page: pikepdf.Page, alt: str) -> None:
    """The sheet's content (marked content 0, as `drawings.tagged` marks it) as one
    `Figure` under `top`, found from the page through the parent tree."""
    nums = root.ParentTree.Nums
    key = int(root.get("/ParentTreeNextKey", 0))
    for index in range(0, len(nums), 2):
        key = max(key, int(nums[index]) + 1)
    figure = document.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.StructElem, S=pikepdf.Name.Figure, P=top, Pg=page.obj, K=0,
        Alt=pikepdf.String(alt),
        A=pikepdf.Dictionary(O=pikepdf.Name.Layout, Placement=pikepdf.Name.Block,
                             BBox=pikepdf.Array(page.mediabox))))
    kids = top.get("/K")
    if kids is None:
        top.K = pikepdf.Array([figure])
    elif isinstance(kids, pikepdf.Array):
        kids.append(figure)
    else:
        top.K = pikepdf.Array([kids, figure])
    page.obj.StructParents = key
    nums.append(key)
    nums.append(pikepdf.Array([figure]))
    root.ParentTreeNextKey = key + 1
