"""ReProduce Kit: content model, validation, rendering and bundles for the site.

`define_env` is the entry point of mkdocs-macros-plugin: it only registers the
macros, which are thin wrappers around plain render functions.
"""

from __future__ import annotations

from typing import Any


def define_env(env: Any) -> None:
    """Register the macros pages may call (`{{ plan_catalog() }}` …)."""
    from macros.addresses import language_of_url
    from macros.render import catalog, home
    from macros.render.context import RenderContext

    site = env.conf.get("reproduce_site")
    if site is None:
        raise RuntimeError("the content was not loaded: add `hooks: [macros/hooks.py]` "
                           "to mkdocs.yml")
    def context() -> RenderContext:
        url = env.page.url if env.page is not None else ""
        return RenderContext(site, language_of_url(url), url, env.conf.get("reproduce_downloads"),
                             env.conf["use_directory_urls"])

    @env.macro  # type: ignore[untyped-decorator]
    def plan_catalog() -> str:
        """The filterable list of plans."""
        return catalog.plan_catalog(context())

    @env.macro  # type: ignore[untyped-decorator]
    def kit_catalog() -> str:
        """The filterable list of toolkit documents."""
        return catalog.kit_catalog(context())

    @env.macro  # type: ignore[untyped-decorator]
    def offline_copy() -> str:
        """The link to the offline copy of the site in the page's language."""
        return home.offline_copy(context())

    @env.macro  # type: ignore[untyped-decorator]
    def content_counts() -> str:
        """How many plans and kit documents the site holds."""
        return home.counts(context())
