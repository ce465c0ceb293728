"""The `reproduce` command and its helpers (scaffolds, `check --changed`)."""

from macros.cli.main import main

__all__ = ["main"]
