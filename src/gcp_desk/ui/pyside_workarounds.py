"""Two defects of PySide6 6.12 that GCP Desk works around at start. Both checks are cheap and do nothing on a
PySide6 or Python that does not have the defect.

1. **None is released once too often.** Under Python 3.11, every PySide6 6.12 call that returns nothing (``setText``,
   ``update``, ``processEvents``...) takes one reference away from ``None``. ``None`` starts with a few thousand, so
   after a few thousand such calls Python aborts ("Fatal Python error: none_dealloc"); painting a screenful of the
   caseload makes hundreds. Python 3.12 made ``None`` immortal, which is why the defect is harmless there; here we
   give it so many references that it cannot run out, which is what 3.12 does. The proper fix is a PySide6 without
   the defect or Python 3.12 or later.
2. **An import hook that is slow and unsafe on a worker thread.** PySide6 wraps ``builtins.__import__`` to support
   ``from __feature__ import snake_case`` and reads the source of every module imported after it
   (``inspect.getsource``): about 90 ms more to load the backend. GCP Desk never uses ``__feature__``, so the plain
   import it wraps is put back.
"""

from __future__ import annotations

import builtins
import ctypes
import sys

_PLENTY = 1 << 60


def none_leaks_per_call() -> int:
    """How many references to ``None`` one void PySide6 call loses (0 on a sound build)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(10):
        probe.setObjectName("probe")
    return round((before - sys.getrefcount(None)) / 10)


def keep_none_alive() -> bool:
    """Make ``None`` effectively immortal when PySide6 leaks it; ``True`` if that was needed."""
    if sys.version_info >= (3, 12) or none_leaks_per_call() <= 0:
        return False
    if sys.getrefcount(None) < _PLENTY:
        ctypes.c_ssize_t.from_address(id(None)).value += _PLENTY
    return True


def drop_feature_import_hook() -> bool:
    """Restore the import PySide6 wrapped; ``True`` if a hook was removed. Safe to call more than once."""
    original = getattr(builtins, "__orig_import__", None)
    if getattr(builtins.__import__, "__name__", "") != "__feature_import__" or original is None:
        return False
    builtins.__import__ = original
    return True


def apply() -> None:
    """Call once PySide6.QtCore is imported and before any work starts on another thread."""
    keep_none_alive()
    drop_feature_import_hook()
