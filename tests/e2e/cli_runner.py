"""Runs ``gcp-desk`` as a user runs it: a real process, on a real data folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gcp_desk.demo.accounts import DEMO_ACCOUNTS

DEMO_PASSWORDS = {account.name: account.password for account in DEMO_ACCOUNTS}


def gcp_desk(*args: str, data_dir: Path | None = None, stdin: str | None = None, cwd: Path | None = None,
             as_: str | tuple[str, str] | None = None) -> subprocess.CompletedProcess:
    """``as_``: sign in as this demo account (or this name and password), the password on standard input."""
    prefix = ["--data-dir", str(data_dir)] if data_dir else []
    if as_ is not None:
        name, password = (as_, DEMO_PASSWORDS[as_]) if isinstance(as_, str) else as_
        args = (*args, "--as", name, "--password-stdin")
        stdin = f"{password}\n{stdin or ''}"
    return subprocess.run([sys.executable, "-m", "gcp_desk", *prefix, *args], capture_output=True, text=True,
                          timeout=120, input=stdin, cwd=cwd)


def open_unlocked(data_dir: Path, name: str, password: str | None = None):
    """The folder's backend as the app opens it, signed in as ``name`` (a demo account unless ``password``)."""
    from gcp_desk.app import open_backend
    from gcp_desk.paths import AppPaths

    backend = open_backend(AppPaths.at(data_dir))
    try:
        account = next(account for account in backend.accounts() if account.name == name)
        backend.unlock(account.id, password or DEMO_PASSWORDS[name])
    except BaseException:
        backend.close()
        raise
    return backend
