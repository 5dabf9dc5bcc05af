"""The command line: ``gcp-desk COMMAND``; with no command it opens the desktop app.

Importing this package is cheap (argparse only): the desktop app starts through it, and SQLAlchemy, pydantic and the
services are imported by each command when it runs.
"""

from .main import main

__all__ = ["main"]
