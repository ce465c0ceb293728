"""Hand-written pages that ask for it (`render_macros: true` in their front matter) may
call the site's fragments: `{{ plan_catalog() }}`, `{{ kit_catalog() }}`,
`{{ content_counts() }}`, `{{ offline_copy() }}`.

They are expanded while the tree is staged, in each page's language and at its address,
so the staged Markdown is complete for any engine. Jinja's sandbox runs the template
with these four functions and nothing else; an unknown name or a syntax error refuses
the page with its file and line.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from macros.i18n.catalogue import MessageError
from macros.render import catalog, home
from macros.render.context import RenderContext

TEMPLATE_KEY = "render_macros"
"""The front-matter key that opts a hand-written page in."""

FRAGMENTS: dict[str, Callable[[RenderContext], str]] = {
    "plan_catalog": catalog.plan_catalog,
    "kit_catalog": catalog.kit_catalog,
    "content_counts": home.counts,
    "offline_copy": home.offline_copy,
}
"""What a page may call, each a plain function of the page's context. Of a plan, they
show its description, parts, images and drawings' previews, never its guides or its
other downloads: a page that calls them is remembered until one of those changes
(`PageMemo.hand_written_page` and `PageMemo.fragment`, whose keys a fragment showing
more must extend)."""

_ENVIRONMENT = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False,
                                    keep_trailing_newline=True)


class TemplateFailure(MessageError):
    """A hand-written page's template does not expand."""


Fragment = Callable[[str, Callable[[], str]], str]
"""`(name, make)` → a fragment's HTML: `make()`, or the same HTML remembered."""


def expand(markdown: str, ctx: RenderContext, source: str, first_line: int = 1,
           fragment: Fragment | None = None) -> str:
    """`markdown` with every fragment call replaced by its HTML for `ctx`, each made
    through `fragment` when one is given."""
    def call(name: str, make: Callable[[RenderContext], str]) -> str:
        return fragment(name, lambda: make(ctx)) if fragment else make(ctx)

    names = {name: functools.partial(call, name, make) for name, make in FRAGMENTS.items()}
    try:
        return _ENVIRONMENT.from_string(markdown).render(**names)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateFailure("stage.template_error", path=source,
                              line=first_line - 1 + (error.lineno or 1),
                              error=error.message or str(error)) from None
    except jinja2.UndefinedError as error:
        raise TemplateFailure("stage.template_undefined", path=source, error=str(error),
                              known=", ".join(sorted(FRAGMENTS))) from None
