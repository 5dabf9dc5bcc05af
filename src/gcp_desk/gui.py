"""Starting the desktop app: the entry point of ``gcp-desk`` with no command, and of ``gcp-desk-app``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .app import open_backend, open_demo_backend
from .paths import AppPaths

if TYPE_CHECKING:
    from .storage.quick_start import QuickStart


def run_gui(paths: AppPaths | None, *, demo: bool = False) -> int:
    """Start the desktop app. ``demo`` opens a throw-away folder filled with an invented caseload.

    The window shows at once. The returning account is read first with plain sqlite3 (``quick_start``) for the
    sign-in screen while Qt builds the window, and the backend is opened behind it; anything unusual falls back to
    opening it first. Nothing about a child is read before a right password.
    """
    if demo:
        from .ui.launch import launch

        return launch(open_demo_backend, open_demo=None)
    # Imported here, on the UI thread, before the worker runs it alongside Qt's imports.
    from .storage.quick_start import read_quick_start
    from .ui.launch import launch

    chosen = paths or AppPaths.default()

    def first_screen() -> QuickStart | None:
        return read_quick_start(chosen.database, chosen.settings_file)

    return launch(lambda: open_backend(chosen), open_demo=open_demo_backend, first_screen=first_screen,
                  folder=chosen.data_dir)
