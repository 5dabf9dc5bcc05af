"""Helpers for the tests of export and import."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from gcp_desk.app import Backend, open_backend
from gcp_desk.demo.accounts import DEMO_ACCOUNTS
from gcp_desk.paths import AppPaths

DEMO_CHILDREN = 16
PASSPHRASE = "long enough passphrase"
DEMO_PASSWORDS = {account.name: account.password for account in DEMO_ACCOUNTS}


def signed_in(backend: Backend, name: str, password: str | None = None):
    account = next(account for account in backend.accounts() if account.name == name)
    return backend.unlock(account.id, password or DEMO_PASSWORDS[name])


def export_from(paths: AppPaths, target: Path, *, passphrase: str | None, as_: str = "Sam Whitfield",
                **options) -> Path:
    backend = open_backend(paths)
    try:
        user = signed_in(backend, as_)
        backend.exports(user).export(target, passphrase=passphrase, **options)
    finally:
        backend.close()
    return target


def import_file(backend: Backend, path: Path, passphrase: str | None = None, **options):
    from gcp_desk.bundle.reading import BundleFile

    bundle = BundleFile(path, (lambda: passphrase) if passphrase else None, **options)
    return backend.imports(backend.importer).import_bundle(bundle)


def row_counts(backend: Backend) -> dict[str, int]:
    from gcp_desk.storage.orm import Base

    with backend.db.read() as uow:
        return {name: uow.session.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in Base.metadata.tables.items()}


def table_rows(backend: Backend, skip: tuple[str, ...] = ("audit_events", "audit_chain")) -> dict[str, list]:
    """Every row of every table but the audit trail's, sorted: what "nothing was written" is checked against."""
    from gcp_desk.storage.orm import Base

    with backend.db.read() as uow:
        return {name: sorted(repr(tuple(row)) for row in uow.session.execute(select(table)))
                for name, table in Base.metadata.tables.items() if name not in skip}


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def save(bundle: dict, path: Path) -> Path:
    path.write_text(json.dumps(bundle), encoding="utf-8")
    return path
