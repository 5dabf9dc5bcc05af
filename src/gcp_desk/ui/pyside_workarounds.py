"""A defect of PySide6 that GCP Desk works around at start.

PySide6 wraps ``builtins.__import__`` to support ``from __feature__ import snake_case`` and reads the source of
every module imported after it (``inspect.getsource``): about 90 ms more to load the backend, and unsafe while the
worker thread imports it. GCP Desk never uses ``__feature__``, so the plain import it wraps is put back.

(PySide6 6.12.0 has a worse defect under Python 3.11, dropping a reference to ``None`` on every call that returns
nothing until the interpreter aborts; pyproject.toml keeps PySide6 below 6.12 for that reason.)
"""

from __future__ import annotations

import builtins


def drop_feature_import_hook() -> bool:
    """Restore the import PySide6 wrapped; ``True`` if a hook was removed. Safe to call more than once."""
    original = getattr(builtins, "__orig_import__", None)
    if getattr(builtins.__import__, "__name__", "") != "__feature_import__" or original is None:
        return False
    builtins.__import__ = original
    return True


def apply() -> None:
    """Call once PySide6.QtCore is imported and before any work starts on another thread."""
    drop_feature_import_hook()
