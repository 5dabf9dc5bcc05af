"""Pydantic models and enums shared by every layer. No I/O here."""
