"""Editable spreadsheets of the toolkit's tools: one YAML spec per tool
(`kit/outils/<name>.sheet.yml`) → a laid-out workbook → XLSX, ODS and the CSV.

Plain Python without MkDocs, like the rest of the core.
"""
