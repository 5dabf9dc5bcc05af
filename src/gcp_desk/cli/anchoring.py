"""After a command that wrote: the audit chain's new end signed into the data folder's head file."""

from __future__ import annotations

import sys


def anchor_after_writing(backend, *, create_key: bool = False) -> None:
    """Sign the chain's new end into the data folder's head file after a command that wrote, with the
    organisation's key if this folder has one (a command never makes a signing key as a side effect; the app or
    the first signed report does). A failure to sign is said, never fatal: the change itself is saved."""
    try:
        backend.integrity().anchor_head(create_key=create_key)
    except Exception as error:  # a missing or locked signing key must not turn a saved change into an error
        print(f"gcp-desk: the audit trail's end could not be signed ({error}); it will be at the next change.",
              file=sys.stderr)
