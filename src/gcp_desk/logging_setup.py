"""The log file: what GCP Desk did and what went wrong, for IT, and never anything about a child or a family.

One rotating file (``gcp-desk.log``, 1 MB, four older copies) in the platform's log folder, e.g.
``~/.local/state/GCP Desk/log`` on Linux or ``%LOCALAPPDATA%\\GCP Desk\\GCP Desk\\Logs`` on Windows;
``GCP_DESK_LOG_DIR`` names another. What keeps case content out:

- an error is written as its kind and where in the code it happened (the traceback's file, line and code), never
  its message, which may quote a name or a note: only messages known to hold none are kept (pydantic's field and
  rule without the input, a database error's statement, whose values SQLAlchemy hides with
  ``hide_parameters=True``, an operating system's error number and text without the file name);
- the commands are logged by name, never their arguments;
- other libraries log warnings only.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from . import __version__
from .paths import APP_AUTHOR, APP_NAME

LOG_FILE = "gcp-desk.log"
LOG_DIR_VARIABLE = "GCP_DESK_LOG_DIR"
MAX_BYTES = 1_000_000
BACKUPS = 4

log = logging.getLogger("gcp_desk")


def log_dir() -> Path:
    chosen = os.environ.get(LOG_DIR_VARIABLE)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, APP_AUTHOR)


def log_file() -> Path:
    return log_dir() / LOG_FILE


def start_logging(what: str) -> Path | None:
    """Open the log (once per process) and write who started and how. ``None`` when the folder cannot be written:
    GCP Desk then runs without a log rather than not at all."""
    path = log_file()
    if not any(isinstance(handler, RotatingFileHandler) for handler in log.handlers):
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
        except OSError:
            return None
        try:
            path.chmod(0o600)  # the owner's alone, like the database beside it
        except OSError:
            pass
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
        for library in ("sqlalchemy", "alembic", "pyhanko", "matplotlib", "PIL"):
            logging.getLogger(library).setLevel(logging.WARNING)
        logging.getLogger().addHandler(_OthersWarnings(handler))
    frozen = " (installed build)" if getattr(sys, "frozen", False) else ""
    log.info("GCP Desk %s%s: %s, Python %s on %s", __version__, frozen, what, sys.version.split()[0], sys.platform)
    return path


class _OthersWarnings(logging.Handler):
    """Other libraries' warnings and errors, in the same file, as their logger's name and the kind of record."""

    def __init__(self, target: logging.Handler):
        super().__init__(logging.WARNING)
        self._target = target

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("gcp_desk"):
            return
        kind = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else ""
        safe = logging.LogRecord(record.name, record.levelno, record.pathname, record.lineno,
                                 "a %s from %s%s", (record.levelname.lower(), record.name,
                                                    f" ({kind})" if kind else ""), None)
        self._target.handle(safe)


def log_uncaught(kind: type[BaseException], error: BaseException, tb: TracebackType | None, *,
                 where: str = "") -> None:
    """An error nobody expected: its kind, the chain of causes, and the code's lines, without case content."""
    log.error("Unexpected error%s:\n%s", f" in {where}" if where else "", describe_for_log(error, tb))


def describe_for_log(error: BaseException, tb: TracebackType | None = None) -> str:
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    trace = tb or error.__traceback__
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_list(traceback.extract_tb(trace))) if trace else ""
        parts.append(f"{frames}{safe_summary(current)}")
        nxt = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
        if nxt is not None:
            parts.append("caused by, or raised while handling:")
        current, trace = nxt, nxt.__traceback__ if nxt is not None else None
    return "\n".join(parts)


def safe_summary(error: BaseException) -> str:
    """The error's kind, with only those parts of its message that cannot hold case content."""
    kind = f"{type(error).__module__}.{type(error).__qualname__}".removeprefix("builtins.")
    errors = getattr(error, "errors", None)
    if callable(errors) and type(error).__name__ == "ValidationError":
        try:
            found = errors(include_input=False, include_url=False, include_context=False)
        except TypeError:
            return kind
        fields = "; ".join(f"{'.'.join(str(part) for part in one['loc'])}: {one['type']}" for one in found)
        return f"{kind}: {len(found)} problem(s): {fields}"
    statement = getattr(error, "statement", None)
    if isinstance(statement, str):
        original = getattr(error, "orig", None)
        cause = f" ({type(original).__name__})" if original is not None else ""
        return f"{kind}{cause} in: {' '.join(statement.split())[:400]}"
    if isinstance(error, OSError):
        return f"{kind}: errno {error.errno} {error.strerror or ''}".rstrip()
    return kind
