"""Rules that turn loaded content into problems; never imports page or engine code."""
