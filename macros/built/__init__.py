"""Work on the built site, whatever engine built it: page PDFs, offline copies, link check."""
