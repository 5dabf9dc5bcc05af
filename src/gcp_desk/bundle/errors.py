"""What goes wrong with a bundle as a whole."""

from __future__ import annotations

from ..domain.errors import InvalidInput


class BundleUnreadable(InvalidInput):
    """The file is not a bundle that can be read at all (too large, not JSON, cut short, wrong passphrase)."""
