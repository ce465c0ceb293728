"""ReProduce Kit: content model, validation, rendering and bundles for the site.

The layers, lowest first, each importing only from those below it: `model`, `i18n`,
`problems`/`suggest`/`limits`/`addresses`, `load`, `check`, `sheets`, `content`,
`bundle`, `render`, `stage`, `built`, `build`, then `cli` and `engine` (the MkDocs
glue, the only part that imports MkDocs).
"""
