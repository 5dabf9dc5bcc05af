"""``gcp-desk`` and ``python -m gcp_desk``."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
