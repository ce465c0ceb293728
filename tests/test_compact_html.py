"""Built pages lose their templates' indentation, never what a reader sees."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from macros.built.compact_html import compact_html

PAGE = """<!doctype html>
<html lang="fr">
  <head>
    <style>
      .a { color: red; }
    </style>
    <script>
      if (a) {
        b();
      }
    </script>
  </head>
  <body>

    <nav>
      <a href="#x">Un</a>
      <a href="#y">deux</a>
    </nav>
    <pre><code>def f():
    return 1
</code></pre>
    <textarea>
  keep
    this</textarea>
  </body>
</html>
"""


def test_indentation_and_blank_lines_go_preformatted_text_scripts_and_styles_stay() -> None:
    compact = compact_html(PAGE)
    assert "\n<nav>\n<a href=\"#x\">Un</a>\n<a href=\"#y\">deux</a>\n</nav>\n" in compact
    assert "<pre><code>def f():\n    return 1\n</code></pre>" in compact
    assert "<textarea>\n  keep\n    this</textarea>" in compact
    assert "<script>\n      if (a) {\n        b();\n      }\n    </script>" in compact
    assert "<style>\n      .a { color: red; }\n    </style>" in compact
    assert "\n\n" not in compact
    assert len(compact) < len(PAGE)


def _rendered_words(html: str) -> str:
    """What a browser shows outside preformatted text: runs of blanks are one space."""
    return re.sub(r"\s+", " ", html)


blanks = st.text(alphabet=" \t\n", max_size=6)
words = st.text(alphabet="ab<>/=\"", min_size=1, max_size=6)


@given(st.lists(st.tuples(blanks, words), max_size=30), blanks)
def test_a_page_shows_the_same_text_and_compacting_twice_changes_nothing(
        chunks: list[tuple[str, str]], tail: str) -> None:
    page = "".join(space + word for space, word in chunks) + tail
    compact = compact_html(page)
    assert compact_html(compact) == compact
    assert _rendered_words(compact) == _rendered_words(page)
    assert compact.count("\n") <= page.count("\n")


@given(st.text(alphabet=" \t\nxy", max_size=40))
def test_preformatted_text_is_kept_byte_for_byte(inside: str) -> None:
    page = f"<div>\n  <pre>{inside}</pre>\n  <p>\n    x</p></div>"
    assert f"<pre>{inside}</pre>" in compact_html(page)
