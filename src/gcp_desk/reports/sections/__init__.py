"""The sections of the full assessment report, one module per part, each returning reportlab flowables."""
