"""Starting the desktop app: the entry point of ``gcp-desk`` with no command, and of ``gcp-desk-app``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .paths import AppPaths

if TYPE_CHECKING:
    from .app import Backend
    from .storage.quick_start import QuickStart


def run_gui(paths: AppPaths | None, *, demo: bool = False) -> int:
    """Start the desktop app. ``demo`` opens a throw-away folder filled with an invented caseload.

    The window shows at once. The returning account is read first with plain sqlite3 (``quick_start``) for the
    sign-in screen while Qt builds the window, and the backend is opened behind it; anything unusual falls back to
    opening it first. Nothing about a child is read before a right password.
    """
    from .ui.launch import launch  # first: it sets PySide6 up before any other Qt import

    # Imported here rather than with this module: the report worker, started with "spawn", imports the script that
    # started the app (``gcp-desk-app``) and so this module, and has no use for the database's libraries.
    from .app import open_backend, open_demo_backend
    from .ui.demo_progress import DemoProgress  # QtCore only: the widgets are imported once the window is wanted

    progress = DemoProgress()  # on the UI thread; the worker reports to it as the demo is made

    def open_demo() -> Backend:
        return open_demo_backend(progress=progress.report)

    if demo:
        return launch(open_demo, open_demo=None)
    # Imported here, on the UI thread, before the worker runs it alongside Qt's imports.
    from .storage.quick_start import read_quick_start

    chosen = paths or AppPaths.default()

    def first_screen() -> QuickStart | None:
        return read_quick_start(chosen.database, chosen.settings_file)

    return launch(lambda: open_backend(chosen), open_demo=open_demo, first_screen=first_screen,
                  folder=chosen.data_dir)


def main(argv: list[str] | None = None) -> int:
    """``gcp-desk-app``: the Start menu's entry. It takes the app's own options only (``--data-dir``, ``--demo``);
    the commands are ``gcp-desk``'s."""
    import argparse
    from pathlib import Path

    from . import __version__
    from .logging_setup import start_logging

    parser = argparse.ArgumentParser(prog="gcp-desk-app", description="Open the GCP Desk desktop app.")
    parser.add_argument("--version", action="version", version=f"GCP Desk {__version__}")
    parser.add_argument("--data-dir", type=Path, metavar="DIR", help="folder for the database, backups and settings")
    parser.add_argument("--demo", action="store_true", help="open a throw-away demo caseload")
    args, _qt_options = parser.parse_known_args(argv)  # Qt's own (-platform, -style) are Qt's to read
    start_logging("app")
    return run_gui(AppPaths.at(args.data_dir) if args.data_dir else None, demo=args.demo)
