"""Colours shared by the XLSX and ODS writers. Colour is never the only signal: input
cells also have a dashed border and a "✎" in their label; text colours keep a 4.5:1
contrast on their fill."""

INPUT_FILL = "FFF2A8"
INPUT_BORDER = "7F6000"
COMPUTED_FILL = "F2F2F2"
HEADER_FILL = "E7E6E6"
NOTE = "595959"
