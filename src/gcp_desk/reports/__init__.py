"""PDF reports built with reportlab from domain objects."""
