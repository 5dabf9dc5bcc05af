"""Composition root: from a data folder to a migrated database, the instruments and the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .domain.people import User
from .paths import AppPaths, instruments_dir
from .scoring.instruments import InstrumentLibrary
from .services.assessments import AssessmentService
from .services.children import ChildService
from .services.context import ServiceContext
from .services.users import UserService
from .settings import Settings
from .storage.db import Database
from .storage.migrate import MigrationOutcome, prepare


@dataclass
class Backend:
    """Everything below the UI, opened once per process."""

    paths: AppPaths
    settings: Settings
    db: Database
    instruments: InstrumentLibrary
    migration: MigrationOutcome | None = None

    def context(self, actor: User | None = None) -> ServiceContext:
        return ServiceContext(
            db=self.db, instruments=self.instruments, actor=actor, settings=self.settings, today=date.today
        )

    def children(self, actor: User | None = None) -> ChildService:
        return ChildService(self.context(actor))

    def assessments(self, actor: User | None = None) -> AssessmentService:
        return AssessmentService(self.context(actor))

    def users(self) -> UserService:
        return UserService(self.context())

    def close(self) -> None:
        self.db.dispose()


def open_database(paths: AppPaths, settings: Settings) -> Database:
    if settings.database_url:
        return Database(settings.database_url)
    return Database.for_file(paths.database)


def open_backend(paths: AppPaths, *, migrate: bool = True) -> Backend:
    """Open (creating if need be) the database in ``paths``; back it up and migrate it if its schema is older.

    A database newer than this app is refused by ``prepare`` with a message naming both versions.
    """
    paths.ensure()
    settings = Settings.load(paths.settings_file)
    db = open_database(paths, settings)
    outcome = prepare(db, paths.backups_dir) if migrate else None
    instruments = InstrumentLibrary(instruments_dir(), paths.instruments_dir)
    return Backend(paths=paths, settings=settings, db=db, instruments=instruments, migration=outcome)


def run_gui(paths: AppPaths | None, *, demo: bool = False) -> int:
    """Start the desktop app. ``demo`` opens a throw-away folder filled with an invented caseload."""
    if demo:
        import tempfile

        paths = AppPaths.at(tempfile.mkdtemp(prefix="gcp-desk-demo-"))
    paths = paths or AppPaths.default()

    def open_for_ui() -> Backend:
        backend = open_backend(paths)
        if demo:
            from .services.demo import DemoCaseload

            DemoCaseload(backend.db, today=date.today()).write(40)
        return backend

    from .ui.launch import launch

    return launch(open_for_ui)
