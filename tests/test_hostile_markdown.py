"""Contributor Markdown: raw HTML, script URLs and attribute injection made inert."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from test_privacy import _FetchedUrls

from macros.cache import Memo, objects_cache
from macros.check.markdown_rules import embedded_problems
from macros.check.origins import SITE_EXTENSIONS
from macros.content.repository import load_site
from macros.i18n.catalogue import text as message
from macros.problems import Severity
from macros.render.sanitize import RATIO, neutralise_markdown

PROJECT = Path(__file__).resolve().parent.parent
EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "pymdownx.details",
              "pymdownx.superfences", "toc"]
"""The extensions of mkdocs.yml that change what Markdown may produce."""


def is_foreign_address(url: str) -> bool:
    """What the privacy test counts as another origin, browsers' reading of `\\` included."""
    plain = url.strip().replace("\\", "/")
    return plain.startswith(("//", "http:", "https:", "data:", "file:"))


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
    "<https://ok>{: <img src=x onerror=alert(1)>{: }",
    "[a](https://ok){: x {onmouseover=alert(1) }",
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


def test_the_check_renders_with_the_extensions_of_the_site() -> None:
    """The check reads what a page embeds from the HTML the site's extensions make."""
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    assert tuple(names) == SITE_EXTENSIONS == tuple(EXTENSIONS)


def test_the_real_content_is_unchanged() -> None:
    """No guide or document uses raw HTML today: the policy costs authors nothing."""
    bodies = sorted([*PROJECT.glob("plans/*/README*.md"), *PROJECT.glob("kit/**/*.md")])
    assert bodies
    for path in bodies:
        text = path.read_text(encoding="utf-8")
        assert neutralise_markdown(text) == text, path


GUIDE = "plans/alpha-press/README.md"
FICHE = "kit/fiches/fiche-essai.md"
PAGE = "docs/page.md"
ELSEWHERE = ("is not a file of the repository: every visitor's browser would fetch it by itself, "
             "and the site loads nothing from elsewhere; put the file in the {} and link it by "
             "its relative path, like `![…](photo.jpg)` (a link, `[text](https://…)`, is fine)")
IN_PLAN = ELSEWHERE.format("plan folder")
FOLDER = message("check.folder.plan")
IN_DOCS = ELSEWHERE.format("`docs/` folder (for instance `docs/assets/images/`)")

REMOTE = [
    ("image", GUIDE, "![photo](https://example.org/x.png)",
     f"{GUIDE}:8: img.src: `https://example.org/x.png` {IN_PLAN}"),
    ("protocol-relative", GUIDE, "Voir :\n\n![photo](//example.org/x.png)",
     f"{GUIDE}:10: img.src: `//example.org/x.png` {IN_PLAN}"),
    ("backslashes", GUIDE, "![photo](/\\\\example.org/x.png)",
     f"{GUIDE}:8: img.src: `/\\example.org/x.png` {IN_PLAN}"),
    ("reference image", GUIDE, "![photo][p]\n\nTexte.\n\n[p]: <https://example.org/p.png> \"t\"",
     f"{GUIDE}:12: img.src: `https://example.org/p.png` {IN_PLAN}"),
    ("short reference", GUIDE, "![p]\n\n[p]: http://example.org/p.png",
     f"{GUIDE}:10: img.src: `http://example.org/p.png` {IN_PLAN}"),
    ("title and spaces", GUIDE, "![a]( https://example.org/a.png  'titre' )",
     f"{GUIDE}:8: img.src: `https://example.org/a.png` {IN_PLAN}"),
    ("data url", GUIDE, "![a](data:image/png;base64,iVBORw0KGgo=)",
     f"{GUIDE}:8: img.src: `data:image/png;base64,iVBORw0KGgo=` {IN_PLAN}"),
    ("file url", GUIDE, "![a](file:///etc/passwd)",
     f"{GUIDE}:8: img.src: `file:///etc/passwd` {IN_PLAN}"),
    ("revealed by the neutraliser", GUIDE, "<div>\n![x](https://example.org/x.png)\n</div>",
     f"{GUIDE}:9: img.src: `https://example.org/x.png` {IN_PLAN}"),
    ("kit document", FICHE, "![x](https://example.org/x.png)",
     f"{FICHE}:14: img.src: `https://example.org/x.png` is not a file of the repository: "
     "every visitor's browser would fetch it by itself, and the site loads nothing from "
     "elsewhere; put the file in the document's folder and link it by its relative path, like "
     "`![…](photo.jpg)` (a link, `[text](https://…)`, is fine)"),
    ("raw image", PAGE, '<img src="https://example.org/x.png" alt="">',
     f"{PAGE}:5: img.src: `https://example.org/x.png` {IN_DOCS}"),
    ("srcset", PAGE, '<picture><source srcset="a.png 1x, https://example.org/b.png 2x">'
     '<img src="a.png" alt=""></picture>',
     f"{PAGE}:5: source.srcset: `https://example.org/b.png` {IN_DOCS}"),
    ("frame", PAGE, '<iframe src="https://example.org/map"></iframe>',
     f"{PAGE}:5: iframe.src: `https://example.org/map` {IN_DOCS}"),
    ("video poster", PAGE, '<video src="film.mp4" poster="//example.org/p.jpg"></video>',
     f"{PAGE}:5: video.poster: `//example.org/p.jpg` {IN_DOCS}"),
    ("audio", PAGE, '<audio src="https://example.org/a.mp3"></audio>',
     f"{PAGE}:5: audio.src: `https://example.org/a.mp3` {IN_DOCS}"),
    ("object", PAGE, '<object data="https://example.org/a.pdf"></object>',
     f"{PAGE}:5: object.data: `https://example.org/a.pdf` {IN_DOCS}"),
    ("embed", PAGE, '<embed src="https://example.org/a.swf">',
     f"{PAGE}:5: embed.src: `https://example.org/a.swf` {IN_DOCS}"),
    ("stylesheet", PAGE, '<link rel="stylesheet" href="https://example.org/a.css">',
     f"{PAGE}:5: link.href: `https://example.org/a.css` {IN_DOCS}"),
    ("style element", PAGE, "<style>\n@import 'https://example.org/a.css';\n</style>",
     f"{PAGE}:6: style: `https://example.org/a.css` {IN_DOCS}"),
    ("escaped css url", PAGE, '<p style="background: u\\72 l(https://example.org/b.png)">x</p>',
     f"{PAGE}:5: p.style: `https://example.org/b.png` {IN_DOCS}"),
    ("attribute list", PAGE, '![a](a.png){ srcset="https://example.org/a.png 2x" }',
     f"{PAGE}:5: img.srcset: `https://example.org/a.png` {IN_DOCS}"),
    ("inline svg", PAGE, '<svg><image href="https://example.org/a.png"/></svg>',
     f"{PAGE}:5: image.href: `https://example.org/a.png` {IN_DOCS}"),
    ("refresh", PAGE, '<meta http-equiv="refresh" content="0; url=https://example.org/">',
     f"{PAGE}:5: meta.content: `https://example.org/` {IN_DOCS}"),
]


def _add_text(repo: Path, relative: str, addition: str) -> None:
    path = repo / relative
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\ntitle: Page\n---\n", encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8") + "\n" + addition + "\n", encoding="utf-8")


def _errors(repo: Path) -> list[str]:
    _site, problems = load_site(repo)
    return [p.format() for p in problems if p.severity is Severity.ERROR]


@pytest.mark.parametrize(("name", "relative", "addition", "expected"), REMOTE,
                         ids=[case[0] for case in REMOTE])
def test_an_embedded_resource_from_elsewhere_is_refused(repo: Path, name: str, relative: str,
                                                        addition: str, expected: str) -> None:
    _add_text(repo, relative, addition)
    assert _errors(repo) == [expected]


@pytest.mark.parametrize(("name", "relative", "addition", "expected"), REMOTE,
                         ids=[case[0] for case in REMOTE])
def test_each_refused_resource_would_really_be_fetched(name: str, relative: str, addition: str,
                                                       expected: str) -> None:
    """Read by an independent parser (the privacy test's), the page made of the text asks
    another origin for something: the corpus holds real requests, not oddities."""
    shown = neutralise_markdown(addition) if relative != PAGE else addition
    html = markdown.markdown(shown, extensions=EXTENSIONS)
    parser = _FetchedUrls()
    parser.feed(html)
    assert [url for url in parser.urls if url.startswith(("//", "/\\", "http:", "https:",
                                                           "data:", "file:"))]


ACCEPTED = [
    ("links stay links", GUIDE, "[le site](https://example.org/) et <https://example.org/>"),
    ("raw html is text", GUIDE, '<img src="https://example.org/shown-as-text.png">'),
    ("code", GUIDE, "`![x](https://example.org/x.png)`\n\n```\n![x](https://example.org/x.png)\n"
     "```"),
    ("local image", GUIDE, "![cadre](drawings/frame.svg)"),
    ("link in a page", PAGE, '<a href="https://example.org/">site</a> [x](https://example.org)'),
    ("local page image", PAGE, '<img src="assets/a.png" srcset="assets/a.png 2x" alt="">'),
]


@pytest.mark.parametrize(("name", "relative", "addition"), ACCEPTED,
                         ids=[case[0] for case in ACCEPTED])
def test_links_code_and_local_images_pass(repo: Path, name: str, relative: str,
                                          addition: str) -> None:
    _add_text(repo, relative, addition)
    assert _errors(repo) == []


@pytest.mark.parametrize(("addition", "expected"), [
    ("![x](images/absent.png)", "`images/absent.png` does not exist in the plan folder"),
    ("![x](../beta-mould/bom.csv)",
     "`../beta-mould/bom.csv` goes up with `..`; it must stay inside the plan folder"),
    ("![x](files/cutting-list.csv)",
     "`files/cutting-list.csv` is not an image a browser shows; show a PNG, JPEG, GIF, WebP, "
     "AVIF or SVG file, or make it a link `[text](files/cutting-list.csv)`"),
])
def test_a_shown_file_must_be_an_image_of_the_folder(repo: Path, addition: str,
                                                     expected: str) -> None:
    _add_text(repo, GUIDE, addition)
    assert _errors(repo) == [f"{GUIDE}:8: img.src: {expected}"]


def test_an_svg_a_guide_shows_passes_the_drawing_rules(repo: Path) -> None:
    (repo / "plans/alpha-press/schema.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10mm" height="10mm">\n'
        '<rect width="5" height="5"><set attributeName="fill" to="red"/></rect></svg>',
        encoding="utf-8")
    _add_text(repo, GUIDE, "![schéma](schema.svg)")
    assert _errors(repo) == [
        "plans/alpha-press/schema.svg:2: set: animation (<set>) is not allowed in drawings: it "
        "changes what the drawing shows or loads after the check; remove it"]


def test_the_images_a_guide_shows_travel_with_the_plan(repo: Path) -> None:
    _add_text(repo, GUIDE, "![cadre](drawings/frame.svg) ![encore](drawings/frame.svg#x)")
    _add_text(repo, "plans/alpha-press/README.en.md", "![frame](drawings/frame.svg)")
    site, _problems = load_site(repo)
    assert site is not None
    assert site.plan("alpha-press").images == ("drawings/frame.svg",)


MARKDOWN_BITS = st.sampled_from([
    "![a](", "](", "[r]: ", "https://example.org/x.png", "//example.org/y.png", "a.png", ")",
    "<img src=", '"', "<div markdown>", "</div>", "\n", "\n\n", "`", "```\n", "{ ", " }",
    'srcset="', "![r]", "[r]", "<", ">", " 'titre'", "\\", "text ", "&#104;ttps://x/z.png",
])


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(MARKDOWN_BITS, max_size=25).map("".join))
def test_what_check_accepts_in_a_guide_fetches_nothing_from_elsewhere(text: str) -> None:
    """Random guides: when `check` finds no resource from elsewhere, the page's HTML, read
    by the privacy test's parser, asks no other origin for anything."""
    found, _files = embedded_problems(GUIDE, neutralise_markdown(text), FOLDER)
    if found:
        return
    parser = _FetchedUrls()
    parser.feed(render(text))
    assert [url for url in parser.urls if is_foreign_address(url)] == []


def test_a_remembered_document_sees_its_image_go(repo: Path) -> None:
    """Kit documents are remembered between builds by their own files: the images they
    show count among them, so a deleted image is reported, not read by the build."""
    (repo / "kit/fiches/plan.png").write_bytes((PROJECT / "docs/assets/images/filieres.svg")
                                               .read_bytes())
    _add_text(repo, FICHE, "![Plan](plan.png)")
    memo = Memo(objects_cache(repo))
    site, _problems = load_site(repo, memo=memo)
    assert site is not None and site.document("fiches/fiche-essai").images == ("plan.png",)
    (repo / "kit/fiches/plan.png").unlink()
    site, problems = load_site(repo, memo=Memo(objects_cache(repo)))
    assert site is None
    assert [p.format() for p in problems if p.severity is Severity.ERROR] == [
        f"{FICHE}:14: img.src: `plan.png` does not exist in the document's folder"]
