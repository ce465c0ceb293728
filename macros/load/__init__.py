"""Reading content files (YAML, front matter, CSV) with line numbers for every value."""
