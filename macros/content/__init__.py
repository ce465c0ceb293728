"""The repository as a checked `Site`: the one entrance for `reproduce check` and the build."""
