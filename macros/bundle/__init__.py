"""Files made from content for download: drawing conversions, archives, checksums."""
