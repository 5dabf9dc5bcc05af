"""Instrument loading and validation, age bands, suggestions, flags, completeness, comparison, drift. Pure."""
