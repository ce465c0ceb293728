"""Contributor Markdown: raw HTML, script URLs and attribute injection made inert."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from macros.render.sanitize import RATIO, neutralise_markdown

PROJECT = Path(__file__).resolve().parent.parent
EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "pymdownx.details",
              "pymdownx.superfences", "toc"]
"""The extensions of mkdocs.yml that change what Markdown may produce."""


def render(text: str) -> str:
    """The neutralised text as MkDocs' Markdown would turn it into HTML."""
    return markdown.markdown(neutralise_markdown(text), extensions=EXTENSIONS)


class _Active(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "iframe", "object", "embed", "style", "base"}:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            plain = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name.startswith("on") or plain.startswith(("javascript:", "vbscript:")):
                self.found.append(f"<{tag} {name}={value}>")


def active_parts(output: str) -> list[str]:
    """Elements, event handlers and script URLs a browser would act on, as it parses them."""
    parser = _Active()
    parser.feed(output)
    parser.close()
    return parser.found


ATTACKS = [
    "<script>alert(1)</script>",
    "text <img src=x onerror=alert(1)> more",
    "<!-- <script>alert(1)</script> -->",
    '<a href="javascript:alert(1)">x</a>',
    "<div markdown>\n<script>x</script>\n</div>",
    "[a](javascript:alert(1))",
    "[a](JaVaScRiPt:alert(1))",
    "[a]( javascript:alert(1) )",
    "[a](<javascript:alert(1)>)",
    "[a](&#106;avascript:alert(1))",
    "[a](&#x6A;avascript:alert(1))",
    "[a](java&#x09;script:alert(1))",
    "[a](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    "[a][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "# Title { onclick=\"alert(1)\" }",
    "[a](https://ok){: onmouseover=\"alert(1)\" }",
    "para\n{: onclick=alert(1) }",
    '[a](https://x "t"){: href="javascript:alert(1)" }',
    '!!! note "<script>x</script>"\n    body',
    "| a | b |\n|---|---|\n| <script>x</script> | [c](javascript:x) |",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_attack_is_inert_after_rendering(attack: str) -> None:
    assert active_parts(render(attack)) == []
    assert "<script" not in render(attack)


def test_the_attacks_are_real_without_the_neutraliser() -> None:
    active = [a for a in ATTACKS if active_parts(markdown.markdown(a, extensions=EXTENSIONS))]
    assert len(active) >= 17, active


@pytest.mark.parametrize(("text", "expected"), [
    ("`<b>` and ``a ` <i>``", "`<b>` and ``a ` <i>``"),
    ("```html\n<script>ok</script>\n```", "```html\n<script>ok</script>\n```"),
    ("<https://example.org/a?b=1&c=2> <me@example.org>",
     "<https://example.org/a?b=1&c=2> <me@example.org>"),
    ("# Titre { #ancre .classe }", "# Titre { #ancre .classe }"),
    ("Prix : 5 € & R&D", "Prix : 5 € & R&D"),
    ("a < b > c", "a &lt; b > c"),
    ("&eacute; &#233;", "&amp;eacute; &amp;#233;"),
    ("[x](javascript:y)", f"[x](javascript{RATIO}y)"),
    ("{x = 1}", "&#123;x = 1}"),
])
def test_what_changes_and_what_does_not(text: str, expected: str) -> None:
    assert neutralise_markdown(text) == expected


def test_the_real_content_is_unchanged() -> None:
    """No guide or document uses raw HTML today: the policy costs authors nothing."""
    bodies = sorted([*PROJECT.glob("plans/*/README*.md"), *PROJECT.glob("kit/**/*.md")])
    assert bodies
    for path in bodies:
        text = path.read_text(encoding="utf-8")
        assert neutralise_markdown(text) == text, path
