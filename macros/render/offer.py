"""The three ways to use a toolkit document, side by side: read it online (this page),
print it or save it as PDF, or download it as editable files (DOCX and ODT for an
agreement template, XLSX and ODS for a tool's spreadsheet, blank or worked)."""

from __future__ import annotations

from macros.addresses import kit_url
from macros.bundle.editable import EditableFile
from macros.i18n.formatting import file_size
from macros.model.site import KitEntry
from macros.render.context import RenderContext
from macros.render.html import element, escape

TEXT_ANCHOR = "rk-text"
"""Where the document's own text starts on its page ("read online" leads there)."""
_MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
_VARIANTS = ("document", "blank", "example")


def _file_link(ctx: RenderContext, item: EditableFile) -> str:
    t = ctx.t
    size = file_size(item.download.size, t, ctx.lang)
    label = escape(t(f"editable.format.{item.format}")) + " " + element(
        "span", escape(f"({size})"), class_="rk-file-size")
    return element("a", label, href=ctx.download_href(item.download),
                   download=item.download.name, type=_MEDIA_TYPES[item.format],
                   hreflang=item.lang)


def _editable(ctx: RenderContext, files: tuple[EditableFile, ...]) -> str:
    """One line per version (the template; or the blank and the worked spreadsheet)."""
    t = ctx.t
    lines = []
    for variant in _VARIANTS:
        chosen = [f for f in files if f.variant == variant]
        if not chosen:
            continue
        note = "" if chosen[0].lang == ctx.lang else f" ({t('editable.in_french')})"
        label = t("editable.line", label=t(f"editable.variant.{variant}"), note=note)
        links = " · ".join(_file_link(ctx, item) for item in chosen)
        lines.append(element("li", escape(label) + " " + links))
    return (element("span", escape(t("editable.edit")), class_="rk-offer-title")
            + element("ul", "".join(lines)))


def offer(ctx: RenderContext, doc: KitEntry) -> str:
    """Read online · print / PDF · editable files, as one labelled group."""
    t = ctx.t
    read = (element("a", escape(t("editable.read")), href=f"#{TEXT_ANCHOR}",
                    class_="md-button")
            + " " + element("span", escape(f"({t('editable.read_detail')})"),
                            class_="rk-offer-detail"))
    printing = (element("button", escape(t("editable.print")), type="button",
                        class_="md-button", data_rk_print=True)
                + " " + element("span", escape(f"({t('editable.print_detail')})"),
                                class_="rk-offer-detail"))
    pdf = ctx.page_pdf_link(kit_url(doc.slug), doc)
    if pdf:
        printing += " " + pdf
    parts = [read, printing]
    files = ctx.downloads.editable.of(doc.slug, ctx.lang) if ctx.downloads else ()
    if files:
        parts.append(_editable(ctx, files))
    body = "".join(element("li", part, class_="rk-offer-item") for part in parts)
    return element("ul", body, class_="rk-offer", aria_label=t("editable.offer_label"))


def text_anchor() -> str:
    """The target of "read online", placed just before the document's text."""
    return element("div", "", id=TEXT_ANCHOR)
