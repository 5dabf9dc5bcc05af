"""Composition root: from a data folder to a migrated database, the instruments and the services.

Importing this module is cheap on purpose: the desktop app imports it first thing, and SQLAlchemy, pydantic and
the services (about 0.4 s) are loaded by ``open_backend`` on the UI's worker thread while Qt builds the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .paths import AppPaths, instruments_dir

if TYPE_CHECKING:
    from .domain.people import User
    from .scoring.instruments import InstrumentLibrary
    from .services.access_log import AccessLog
    from .services.assessments import AssessmentService
    from .services.children import ChildService
    from .services.context import ServiceContext
    from .services.integrity import IntegrityService
    from .services.reports import ReportService
    from .services.review import ReviewService
    from .services.sharing import SharingService
    from .services.upkeep import UpkeepService
    from .services.users import UserService
    from .settings import Settings
    from .storage.db import Database
    from .storage.migrate import MigrationOutcome
    from .storage.quick_start import QuickStart


@dataclass
class Backend:
    """Everything below the UI, opened once per process."""

    paths: AppPaths
    settings: Settings
    db: Database
    instruments: InstrumentLibrary
    migration: MigrationOutcome | None = None
    throwaway: bool = False
    """A demo database in a temporary folder: the folder is deleted on close."""

    def context(self, actor: User | None = None) -> ServiceContext:
        from .services.context import ServiceContext

        return ServiceContext(
            db=self.db, instruments=self.instruments, actor=actor, settings=self.settings, today=date.today
        )

    def children(self, actor: User | None = None) -> ChildService:
        from .services.children import ChildService

        return ChildService(self.context(actor))

    def assessments(self, actor: User | None = None) -> AssessmentService:
        from .services.assessments import AssessmentService

        return AssessmentService(self.context(actor))

    def users(self, actor: User | None = None) -> UserService:
        from .services.users import UserService

        return UserService(self.context(actor))

    def review(self, actor: User | None = None) -> ReviewService:
        from .services.review import ReviewService

        return ReviewService(self.context(actor))

    def sharing(self, actor: User | None = None) -> SharingService:
        from .services.sharing import SharingService

        return SharingService(self.context(actor))

    def access_log(self, actor: User | None = None) -> AccessLog:
        from .services.access_log import AccessLog

        return AccessLog(self.context(actor))

    def upkeep(self, actor: User | None = None) -> UpkeepService:
        from .services.upkeep import UpkeepService

        return UpkeepService(self.context(actor), self.paths.backups_dir)

    def integrity(self, actor: User | None = None) -> IntegrityService:
        from .services.integrity import IntegrityService

        return IntegrityService(self.context(actor), self.paths.data_dir, self.paths.signing_dir)

    def is_in_use(self) -> bool:
        """Whether the database holds any account or child."""
        return self.users().is_in_use()

    def reports(self, actor: User | None = None) -> ReportService:
        from .services.reports import ReportService

        return ReportService(self.context(actor), self.paths.signing_dir)

    def close(self) -> None:
        self.db.dispose()
        if self.throwaway:
            import shutil

            shutil.rmtree(self.paths.data_dir, ignore_errors=True)


def open_database(paths: AppPaths, settings: Settings) -> Database:
    from .storage.db import Database

    if settings.database_url:
        return Database(settings.database_url)
    return Database.for_file(paths.database)


def open_backend(paths: AppPaths, *, migrate: bool = True) -> Backend:
    """Open (creating if need be) the database in ``paths``; back it up and migrate it if its schema is older.

    A database newer than this app is refused by ``prepare`` with a message naming both versions.
    """
    from .scoring.instruments import InstrumentLibrary
    from .settings import Settings
    from .storage.migrate import prepare

    paths.ensure()
    settings = Settings.load(paths.settings_file)
    if not settings.database_url:
        require_database_file(paths, settings)
    db = open_database(paths, settings)
    outcome = prepare(db, paths.backups_dir, empty_file_is_new=not settings.has_held_database) if migrate else None
    if not settings.database_url and not settings.has_held_database:
        settings.has_held_database = True
        settings.save(paths.settings_file)
    instruments = InstrumentLibrary(instruments_dir(), paths.instruments_dir)
    return Backend(paths=paths, settings=settings, db=db, instruments=instruments, migration=outcome)


def require_database_file(paths: AppPaths, settings: Settings) -> None:
    """A folder that has held a database never silently gets a new empty one."""
    from .domain.errors import DatabaseUnavailable

    if settings.has_held_database and not paths.database.exists():
        raise DatabaseUnavailable(
            f"The GCP Desk database is missing from {paths.data_dir}: this folder has held one, so a new empty one "
            f"is not made in its place. If it was moved, put it back as {paths.database.name}; otherwise restore "
            "it from a backup. Nothing was created.")


DEMO_CHILDREN = 40


def open_demo_backend(children: int = DEMO_CHILDREN) -> Backend:
    """A throw-away folder filled with an invented caseload, signed in as its first practitioner.

    The demo never goes into the user's own database: invented children must not mix with real records that may
    later be exported to the organisation's case-management system.
    """
    import tempfile

    from .services.demo import DemoCaseload

    backend = open_backend(AppPaths.at(tempfile.mkdtemp(prefix="gcp-desk-demo-")))
    backend.throwaway = True
    demo = DemoCaseload(backend.db, today=date.today())
    demo.write(children)
    backend.settings.last_user_id = str(demo.users[0].id)
    backend.settings.save(backend.paths.settings_file)
    return backend
