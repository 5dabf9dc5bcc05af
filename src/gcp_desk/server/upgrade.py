"""``gcp-desk server upgrade``: the only way a team server's schema changes after ``server init``.

It needs the owner's credentials and an administrator's own login (both are checked before anything is done);
checks that this computer's ``pg_dump`` can dump the server's PostgreSQL version; dumps the whole database to a
named backup file; and only then migrates, as the owner role, in one transaction with the server's rules applied
again (new tables get their policies) and the upgrade written to the audit trail. A failure at any step leaves the
server as it was, and the backup (if made) where it was said to be.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from glob import glob
from pathlib import Path
from uuid import UUID

from sqlalchemy import URL, Connection, text
from sqlalchemy.exc import DBAPIError

from ..domain.errors import DatabaseTooNew, DatabaseUnavailable, NotAllowed, NotFound, PermissionDenied
from ..storage.db import CHAIN_LOCK
from ..storage.schema_version import SCHEMA_HEAD
from ..storage.server_address import ServerRoles, describe, roles_for, server_url, without_password
from .connect import connected, schema_version_on, server_version
from .rules import RULES_VERSION, RULES_VERSION_KEY, apply_rules

PG_DUMP_VARIABLE = "GCP_DESK_PG_DUMP"
"""The pg_dump to use, when the one on PATH is not the right one."""


class BackupToolUnfit(NotAllowed):
    """No pg_dump here that can dump the server's version: nothing is changed without a backup."""


@dataclass(frozen=True)
class UpgradeOutcome:
    where: str
    previous: str
    current: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.backup is not None


def upgrade_server(url: str, owner_password: str | None, *, administrator: str, administrator_password: str,
                   backups_dir: Path) -> UpgradeOutcome:
    address = server_url(url, password=owner_password)
    roles, where = roles_for(address), describe(address)
    with connected(address) as owner:
        if not _is_member(owner, roles):
            _not_owner(where)
        owner.exec_driver_sql(f'SET LOCAL ROLE "{roles.owner}"')
        found = schema_version_on(owner)
        if found is None:
            raise DatabaseUnavailable(f"The database at {where} is not a GCP Desk team server yet: set it up with "
                                      "'gcp-desk server init'. Nothing was changed.")
        _refuse_newer(found, where)
        admin_id, login, is_administrator = _administrator_login(owner, administrator, where)
        rules = owner.execute(text("SELECT value FROM app_meta WHERE key = :key"),
                              {"key": RULES_VERSION_KEY}).scalar()
        server_major = server_version(owner) // 10000
        owner.rollback()
        _check_administrator(address, login, administrator_password, administrator, is_administrator)
        if found == SCHEMA_HEAD and rules == RULES_VERSION:
            return UpgradeOutcome(where=where, previous=found, current=found, backup=None)
        from ..storage.migrate import require_known

        require_known(found)
        backup = dump(address, roles, backups_dir, f"before-{found}-to-{SCHEMA_HEAD}", server_major=server_major)
        try:
            with owner.begin():
                owner.exec_driver_sql(f'SET LOCAL ROLE "{roles.owner}"')
                owner.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})
                from ..storage.migrate import migrate_in

                migrate_in(owner)
                apply_rules(owner, roles)
                from .setup import give_organisation_id, record_event

                give_organisation_id(owner)  # a server set up before laptops synced with it

                record_event(owner, admin_id, "server.upgrade",
                             {"from": found, "to": SCHEMA_HEAD, "rules": RULES_VERSION, "backup": backup.name})
        except DBAPIError as error:
            raise DatabaseUnavailable(
                f"The upgrade of the team server at {where} failed and was undone "
                f"({str(getattr(error, 'orig', error)).splitlines()[0]}). The server is still at schema {found}; "
                f"the backup made first is {backup}.") from None
    return UpgradeOutcome(where=where, previous=found, current=SCHEMA_HEAD, backup=backup)


def _is_member(connection: Connection, roles: ServerRoles) -> bool:
    member = connection.execute(text(
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :owner)"
        " THEN pg_has_role(current_user, :owner, 'MEMBER') ELSE false END"), {"owner": roles.owner}).scalar()
    connection.rollback()
    return bool(member)


def _not_owner(where: str) -> None:
    raise PermissionDenied(f"The login in the URL is not the owner of the GCP Desk team server at {where}: server "
                           "upgrade needs the owner's credentials (those server init was run with). "
                           "Nothing was changed.")


def _refuse_newer(found: str, where: str) -> None:
    from ..storage.migrate import order_key

    if found != SCHEMA_HEAD and order_key(found) > order_key(SCHEMA_HEAD):
        raise DatabaseTooNew(f"The team server at {where} uses schema version {found}, newer than this copy of GCP "
                             f"Desk ({SCHEMA_HEAD}): it cannot upgrade it. Use the newest GCP Desk. Nothing was "
                             "changed.")


def _administrator_login(owner: Connection, name: str, where: str) -> tuple[UUID, str, bool]:
    """The account called ``name``, its login, and whether it is an administrator, read by the owner: the rules'
    own functions are not used, as they were made for the schema the server is at, not this app's."""
    wanted = " ".join(name.split()).casefold()
    rows = owner.execute(text(
        "SELECT u.id, u.name, u.role, u.roles, l.role_name FROM users u "
        "LEFT JOIN server_logins l ON l.user_id = u.id")).all()
    found = next((row for row in rows if row.name.casefold() == wanted), None)
    if found is None:
        raise NotFound(f"There is no account called '{name}' on the team server at {where}.")
    if found.role_name is None:
        raise PermissionDenied(f"{found.name} has no login on the team server at {where}. Nothing was changed.")
    roles = {found.role, *(found.roles or "").split(",")}
    return found.id, found.role_name, "administrator" in roles


def _check_administrator(address: URL, login: str, password: str, name: str, is_administrator: bool) -> None:
    """The administrator signs in with their own login, so the server itself checks their password."""
    with connected(address.set(username=login, password=password)) as person:
        person.exec_driver_sql("SELECT 1")
    if not is_administrator:
        raise PermissionDenied(f"Only an administrator upgrades the team server; {name} is not one. "
                               "Nothing was changed.")


# The backup -------------------------------------------------------------------------------------------------------


def find_pg_dump() -> str | None:
    """``GCP_DESK_PG_DUMP``, else the newest pg_dump installed (PATH, then Debian's versioned folders)."""
    chosen = os.environ.get(PG_DUMP_VARIABLE)
    if chosen:
        return chosen
    candidates = [path for path in [shutil.which("pg_dump")] if path]
    candidates += sorted(glob("/usr/lib/postgresql/*/bin/pg_dump"), key=_folder_major, reverse=True)
    best = max(candidates, key=lambda path: pg_dump_major(path) or 0, default=None)
    return best


def pg_dump_major(path: str) -> int | None:
    try:
        printed = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\)\s*(\d+)(?:\.(\d+))?", printed)
    return int(match.group(1)) if match else None


def _folder_major(path: str) -> int:
    match = re.search(r"/postgresql/(\d+)/", path)
    return int(match.group(1)) if match else 0


def dump(address: URL, roles: ServerRoles, backups_dir: Path, label: str, *, server_major: int) -> Path:
    """The whole database dumped by ``pg_dump`` (custom format, restorable with ``pg_restore``) to a named file
    in ``backups_dir``; refused before anything is written when no pg_dump here can dump a server this new."""
    where = describe(address)
    tool = find_pg_dump()
    major = pg_dump_major(tool) if tool else None
    if tool is None or major is None:
        raise BackupToolUnfit(
            f"server upgrade backs the server up with pg_dump first, and no pg_dump was found on this computer. "
            f"Install PostgreSQL's client tools (version {server_major} or newer), or name one with "
            f"{PG_DUMP_VARIABLE}. Nothing was changed.")
    if major < server_major:
        raise BackupToolUnfit(
            f"The pg_dump here ({tool}) is version {major}; it cannot dump the server at {where}, which runs "
            f"PostgreSQL {server_major}. Install pg_dump {server_major} or newer, or name one with "
            f"{PG_DUMP_VARIABLE}. Nothing was changed.")
    backups_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backups_dir / f"{address.database}-{label}-{stamp}.dump"
    partial = target.with_name(target.name + ".partial")
    environment = dict(os.environ)
    if address.password:
        environment["PGPASSWORD"] = address.password
    dsn = without_password(address.set(drivername="postgresql")).render_as_string(hide_password=False)
    completed = subprocess.run(
        [tool, "--format=custom", "--enable-row-security", f"--role={roles.owner}", f"--file={partial}",
         f"--dbname={dsn}"],
        capture_output=True, text=True, env=environment, timeout=6 * 3600)
    if completed.returncode != 0 or not partial.exists() or partial.stat().st_size == 0:
        partial.unlink(missing_ok=True)
        said = (completed.stderr or "").strip().splitlines()
        reason = said[-1] if said else f"pg_dump stopped with code {completed.returncode}"
        raise DatabaseUnavailable(f"The backup of the team server at {where} failed ({reason}), so it was not "
                                  "upgraded. Nothing was changed.")
    partial.rename(target)
    return target
