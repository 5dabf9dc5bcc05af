"""Composition root: from a data folder to a migrated database, the instruments and the services.

Importing this module is cheap on purpose: the desktop app imports it first thing, and SQLAlchemy, pydantic and
the services (about 0.4 s) are loaded by ``open_backend`` on the UI's worker thread while Qt builds the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from .paths import AppPaths, instruments_dir

if TYPE_CHECKING:
    from .domain.people import User
    from .scoring.instruments import InstrumentLibrary
    from .services.access_log import AccessLog
    from .services.assessments import AssessmentService
    from .services.backups import BackupService
    from .services.restore import RestoreService
    from .services.children import ChildService
    from .services.context import ServiceContext
    from .services.export_records import ExportService
    from .services.extract import ExtractService
    from .services.retention import RetentionService
    from .services.settings_service import SettingsService
    from .services.subject_access import SubjectAccessService
    from .services.import_records import ImportService
    from .services.integrity import IntegrityService
    from .services.reports import ReportService
    from .services.review import ReviewService
    from .services.households import HouseholdService
    from .services.sharing import SharingService
    from .services.upkeep import UpkeepService
    from .services.users import UserService
    from .settings import Settings
    from .storage.db import Database
    from .storage.migrate import MigrationOutcome
    from .security.keyfile import KeyFile
    from .services.keyring import KeyRing
    from .vault import Account


@dataclass
class Backend:
    """Everything below the UI, opened once per process.

    On an encrypted folder the database stays shut until a right password (``unlock``): ``db`` is ``None`` until
    then, and only ``accounts`` can be read.
    """

    paths: AppPaths
    settings: Settings
    db: Database | None
    instruments: InstrumentLibrary
    migration: MigrationOutcome | None = None
    throwaway: bool = False
    """A demo database in a temporary folder: the folder is deleted on close."""

    key_file: KeyFile | None = None
    """The key file of an encrypted folder (its names are all that can be read before a password)."""
    keys: KeyRing | None = None
    """The data key in hand, once unlocked (or for a new folder): account changes rewrap it for a person."""
    recovery_key: str | None = None
    """A recovery key just made (a new folder, or one just encrypted): shown once, then forgotten."""
    plain_backups_encrypted: int = 0
    """How many plain backups were encrypted with the database just now, to say so."""
    encrypted_now: bool = False
    """The folder's plain database (an older version's) was encrypted at this sign-in."""
    server_holds: dict = field(default_factory=dict)
    """On a linked laptop: which children the team server says are offline with someone (child id to
    ``server.holds.Hold``), as of the last online sign-in or sync."""

    @property
    def is_locked(self) -> bool:
        return self.db is None

    def accounts(self) -> list[Account]:
        """Who can sign in here: from the key file while the database is shut, else from the database."""
        from .vault import accounts_of

        return accounts_of(self)

    def unlock(self, user_id, password: str) -> User:
        """Sign in: the password unwraps the data key (an encrypted folder) or matches the stored hash (a team
        database, or a plain one not yet encrypted, which an administrator's sign-in encrypts). Recorded in the
        audit trail, with any wrong passwords counted while the database was shut."""
        from .vault import unlock

        return unlock(self, user_id, password)

    @property
    def linked_server(self) -> str | None:
        """host:port/database of the team server this laptop is linked to, or ``None``."""
        if not self.settings.team_server:
            return None
        from .server.laptop_link import where_linked

        return where_linked(self.settings)

    def sign_in(self, user_id, password: str, *, name: str | None = None) -> User:
        """``unlock``, or on a linked laptop a sign-in the team server can help with: a person new here (``user_id``
        ``None``, their ``name`` or server login given), or a password changed on the server."""
        if not self.settings.team_server:
            return self.unlock(user_id, password)
        from .server.online_sign_in import sign_in_linked

        if user_id is not None and name is None:
            name = next((account.name for account in self.accounts() if str(account.id) == str(user_id)), "")
        return sign_in_linked(self, user_id, name or "", password)

    def rekey(self, administrator: User, password: str) -> str:
        """A new data key (after someone has left, or a key file may have been copied): the database re-encrypted,
        the administrator's copy rewrapped, everyone else given a one-time password again. Returns the new recovery
        key, to be shown once."""
        from .vault import rekey

        return rekey(self, administrator, password)

    def take_recovery_key(self) -> str | None:
        """The recovery key to show once; after this call it is forgotten."""
        key, self.recovery_key = self.recovery_key, None
        return key

    def context(self, actor: User | None = None) -> ServiceContext:
        from .services.context import ServiceContext

        if self.db is None:
            from .domain.errors import PermissionDenied

            raise PermissionDenied("Sign in first: the database stays encrypted and shut until a right password.")
        return ServiceContext(
            db=self.db, instruments=self.instruments, actor=actor, settings=self.settings, today=date.today,
            keys=self.keys,
        )

    def sync(self, actor: User | None = None):
        """The sync service for ``actor``, with this laptop's key file, link and holds (``sync.service``)."""
        from .sync.service import SyncService

        return SyncService(self.context(actor), laptop=self)

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

    def households(self, actor: User | None = None) -> HouseholdService:
        from .services.households import HouseholdService

        return HouseholdService(self.context(actor))

    def sharing(self, actor: User | None = None) -> SharingService:
        from .services.sharing import SharingService

        return SharingService(self.context(actor))

    def access_log(self, actor: User | None = None) -> AccessLog:
        from .services.access_log import AccessLog

        return AccessLog(self.context(actor))

    def upkeep(self, actor: User | None = None) -> UpkeepService:
        from .services.upkeep import UpkeepService

        return UpkeepService(self.context(actor), self.paths.backups_dir)

    def backups(self, actor: User | None = None) -> BackupService:
        from .services.backups import BackupService

        return BackupService(self.context(actor), self.paths.data_dir, self.paths.backups_dir, self.paths.signing_dir)

    def restore(self, actor: User | None = None) -> RestoreService:
        from .services.integrity import folder_anchor
        from .services.restore import Folder, RestoreService

        context, paths = self.context(actor), self.paths
        folder = Folder(database=paths.database, data_dir=paths.data_dir, backups_dir=paths.backups_dir,
                        key=self.keys.data_key if self.keys is not None else None,
                        anchor=folder_anchor(context, paths.data_dir, paths.signing_dir),
                        database_id=self.key_file.database_id if self.key_file is not None else None)
        return RestoreService(context, folder)

    def integrity(self, actor: User | None = None) -> IntegrityService:
        from .services.integrity import IntegrityService

        return IntegrityService(self.context(actor), self.paths.data_dir, self.paths.signing_dir)

    def is_in_use(self) -> bool:
        """Whether the database holds any account or child."""
        return self.users().is_in_use()

    def reports(self, actor: User | None = None) -> ReportService:
        from .services.reports import ReportService

        return ReportService(self.context(actor), self.paths.signing_dir)

    def exports(self, actor: User | None = None) -> ExportService:
        from .services.export_records import ExportService

        return ExportService(self.context(actor))

    def extracts(self, actor: User | None = None) -> ExtractService:
        from .services.extract import ExtractService

        return ExtractService(self.context(actor))

    def subject_access(self, actor: User | None = None) -> SubjectAccessService:
        from .services.subject_access import SubjectAccessService

        return SubjectAccessService(self.context(actor))

    def retention(self, actor: User | None = None) -> RetentionService:
        from .services.retention import RetentionService

        return RetentionService(self.context(actor))

    def settings_editor(self, actor: User | None = None) -> SettingsService:
        """The settings an administrator changes (the retention rule), written to this folder's settings file."""
        from .services.settings_service import SettingsService

        return SettingsService(self.context(actor), self.paths.settings_file)

    def imports(self, actor: User | None = None) -> ImportService:
        from .services.import_records import ImportService

        return ImportService(self.context(actor))

    def close(self) -> None:
        if self.db is not None:
            self.db.dispose()
        if self.throwaway:
            import shutil

            shutil.rmtree(self.paths.data_dir, ignore_errors=True)


def open_backend(paths: AppPaths, *, migrate: bool = True) -> Backend:
    """Open the folder: a new one gets an encrypted database and its key file; an encrypted one stays shut until
    ``Backend.unlock``; a plain or team database is opened, backed up and migrated if its schema is older.

    A database newer than this app is refused by ``prepare`` with a message naming both versions.
    """
    from .scoring.instruments import InstrumentLibrary
    from .settings import Settings
    from .vault import open_folder

    paths.ensure()
    remove_unfinished_copies(paths)
    settings = Settings.load(paths.settings_file)
    instruments = InstrumentLibrary(instruments_dir(), paths.instruments_dir)
    backend = Backend(paths=paths, settings=settings, db=None, instruments=instruments)
    open_folder(backend, migrate=migrate)
    if backend.db is not None:
        backend.context()  # from now on every write keeps the children's stored attention (``services.context``)
    return backend


def remove_unfinished_copies(paths: AppPaths) -> None:
    """What a backup or restore killed part-way left (``*.partial``): removed at every start."""
    from .storage.backup import remove_partials

    remove_partials(paths.data_dir)
    remove_partials(paths.backups_dir)


DEMO_CHILDREN = 40


def open_demo_backend(children: int = DEMO_CHILDREN, progress: Callable[[int, int], None] | None = None) -> Backend:
    """A throw-away folder filled with an invented caseload, signed in as its first practitioner. ``progress(done,
    children)`` is told as the children are made.

    The demo never goes into the user's own database: invented children must not mix with real records that may
    later be exported to the organisation's case-management system.
    """
    import tempfile

    from .demo.caseload import DemoCaseload

    backend = open_backend(AppPaths.at(tempfile.mkdtemp(prefix="gcp-desk-demo-")))
    backend.throwaway = True
    demo = DemoCaseload(backend.db, today=date.today())
    demo.write(children, progress)
    give_demo_passwords(backend, demo.users)
    backend.recovery_key = None  # invented data in a folder deleted on close: no recovery key to keep
    backend.settings.last_user_id = str(demo.users[0].id)
    backend.settings.save(backend.paths.settings_file)
    return backend


def give_demo_passwords(backend: Backend, users: list[User]) -> None:
    """Each demo account's copy of the data key, under the password the demo prints (side by side: each copy
    costs one deliberate argon2id derivation)."""
    from concurrent.futures import ThreadPoolExecutor

    from .demo.accounts import DEMO_ACCOUNTS

    if backend.keys is None:
        return
    keys = backend.keys
    passwords = {account.name: account.password for account in DEMO_ACCOUNTS}
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda user: keys.key_file.set_slot(user.id, user.name, passwords[user.name], keys.data_key),
                      [user for user in users if user.name in passwords]))
    if keys.unclaimed is not None:
        keys.unclaimed.unlink(missing_ok=True)
