"""The database's upkeep by an administrator: its schema version, upgrades and page checks (backups and restores
are ``services.backups`` and ``services.restore``). Prints versions, paths and counts, never case content."""

from __future__ import annotations

from pathlib import Path

from ..domain.enums import Role
from ..domain.errors import PermissionDenied
from ..storage.migrate import MigrationOutcome, prepare, schema_version
from .base import Service
from .context import ServiceContext

ADMINISTRATORS_ONLY = "Only an administrator looks after the database (check, upgrade, backup, restore)."


class UpkeepService(Service):
    def __init__(self, context: ServiceContext, backups_dir: Path):
        super().__init__(context)
        self._backups_dir = backups_dir

    def schema_version(self) -> str | None:
        self._require_administrator()
        return schema_version(self._context.db)

    def upgrade(self) -> MigrationOutcome:
        self._require_administrator()
        return prepare(self._context.db, self._backups_dir)

    def page_check(self) -> list[str]:
        """Every page of the database read and checked: SQLCipher's check of each page's authentication code
        (encrypted files) and SQLite's quick check. An empty list when all is sound."""
        self._require_administrator()
        return self._context.db.page_check()

    def _require_administrator(self) -> None:
        with self._context.db.transaction() as uow:
            stored = uow.users.get(self._context.actor_id)
        if not stored.has_role(Role.ADMINISTRATOR):
            raise PermissionDenied(ADMINISTRATORS_ONLY)
