"""Compiled theme templates kept by the preview server from one rebuild to the next.

MkDocs makes a new Jinja environment for every build, so each rebuild of the preview
compiled the theme's templates again (0.28 s of a 1.1 s rebuild at 200 plans). Jinja
checks each template's source against what was compiled, so an edited override is
compiled again; nothing is written to disk.
"""

from __future__ import annotations

from jinja2.bccache import Bucket, BytecodeCache


class TemplateCache(BytecodeCache):
    """Jinja's bytecode of the templates compiled so far in this process."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()
