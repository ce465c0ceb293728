"""Download links: the plan bundle with its size and full SHA-256, and single files."""

from __future__ import annotations

from macros.addresses import plan_url
from macros.bundle.plan_bundle import Download, PlanDownloads
from macros.i18n.formatting import file_size
from macros.model.site import PlanEntry
from macros.render.context import RenderContext
from macros.render.html import element, escape, items


class MissingDownloads(LookupError):
    """A page asked for downloads the build did not make (a bug, not bad content)."""


def plan_downloads_of(ctx: RenderContext, entry: PlanEntry) -> PlanDownloads:
    if ctx.downloads is None or entry.id not in ctx.downloads.plans:
        raise MissingDownloads(entry.id)
    return ctx.downloads.plans[entry.id]


def link(ctx: RenderContext, item: Download, label: str) -> str:
    return element("a", escape(label), href=ctx.download_href(item), download=item.name)


def bundle_box(ctx: RenderContext, entry: PlanEntry) -> str:
    """The main call to action: the complete plan as one verifiable zip."""
    bundle = plan_downloads_of(ctx, entry).bundle
    t = ctx.t
    detail = t("downloads.bundle_detail", name=bundle.name,
               size=file_size(bundle.size, t, ctx.lang))
    anchor = element(
        "a", escape(t("downloads.bundle")) + " "
        + element("span", escape(f"({detail})"), class_="rk-size"),
        href=ctx.download_href(bundle), download=bundle.name,
        class_="md-button md-button--primary",
    )
    checksum = element("p", escape(t("downloads.sha256")) + " "
                       + element("code", escape(bundle.sha256), class_="rk-sha256"),
                       class_="rk-checksum")
    verify = element("p", escape(t("downloads.verify", name=bundle.name)), class_="rk-verify")
    pdf = ctx.page_pdf_link(plan_url(entry.id), entry)
    return element("div", element("p", anchor) + checksum + verify
                   + (element("p", pdf) if pdf else ""), class_="rk-download")


def file_links(ctx: RenderContext, entry: PlanEntry) -> str:
    """The BOM as CSV, every declared file with its role, and the OKH manifest that
    `/plans/index.json` links, so a reader finds it from the page too."""
    downloads = plan_downloads_of(ctx, entry)
    lines = [link(ctx, downloads.bom, ctx.t("downloads.bom_csv"))]
    for declared, item in zip(entry.plan.files, downloads.files, strict=True):
        role = element("span", escape(f"({ctx.t(f'files.role.{declared.role}')})"),
                       class_="rk-file-role")
        lines.append(link(ctx, item, item.name) + " " + role)
    lines.append(link(ctx, downloads.manifest, ctx.t("downloads.okh_manifest")))
    return items(lines, class_="rk-files")
