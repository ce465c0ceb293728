"""The engine glue: the only room that knows which engine builds the site.

`conventions.py` turns the core's engine-neutral results into what MkDocs, Material
for MkDocs and mkdocs-static-i18n expect (file names, front matter, search index); it
imports no engine, so `reproduce stage` can write a tree for another one. `plugin.py`
and `config.py` are the MkDocs plugin. Moving to another engine means rewriting this
folder.
"""
