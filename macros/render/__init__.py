"""HTML fragments for pages; every metadata string is escaped here."""
