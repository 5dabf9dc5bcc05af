"""One of two processes writing flat out to one data folder: adds children for a while, counting each one saved
and each refused, and prints the figures as JSON. Run by ``test_two_writers``."""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

from gcp_desk.app import open_backend
from gcp_desk.domain.errors import DatabaseUnavailable
from gcp_desk.paths import AppPaths


def main(data_dir: str, name: str, password: str, label: str, seconds: float) -> None:
    backend = open_backend(AppPaths.at(Path(data_dir)))
    account = next(account for account in backend.accounts() if account.name == name)
    user = backend.unlock(account.id, password)  # the password unwraps the key of the encrypted database
    children = backend.children(user)
    saved = refused = 0
    slowest = 0.0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        started = time.monotonic()
        try:
            children.create_child(given_name=f"{label}{saved}", family_name="Writer", date_of_birth=date(2020, 1, 1))
            saved += 1
        except DatabaseUnavailable as error:
            refused += 1
            print(str(error), file=sys.stderr)
        slowest = max(slowest, time.monotonic() - started)
    backend.close()
    print(json.dumps({"label": label, "saved": saved, "refused": refused, "slowest_ms": round(slowest * 1000)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]))
