"""The frozen app's one entry script, behind both executables of the one-folder build.

``gcp-desk`` (a console program) runs every command and opens the app when given none; ``gcp-desk-app`` (windowed,
for the Start menu, the dock and the .desktop file) opens the app. Which one ran is told by its own name.
"""

import multiprocessing
import sys
from pathlib import Path

if __name__ == "__main__":
    multiprocessing.freeze_support()
    if Path(sys.executable).stem.lower() == "gcp-desk-app":
        from gcp_desk.gui import main
    else:
        from gcp_desk.cli import main
    sys.exit(main())
