"""``gcp-desk db check|upgrade|backup|rekey`` (and ``restore``, in ``restoring``): the database's upkeep, by an
administrator. These print versions, paths and counts, never case content."""

from __future__ import annotations

import sys

from ..domain.errors import DatabaseUnavailable, InvalidInput
from ..paths import AppPaths
from .signing_in import signed_in

KEY_FILE = "gcp-desk.keys"


def database(paths: AppPaths, action: str, *, acting_as: str | None, password_stdin: bool,
             deep: bool = False, file=None, without_head_file: bool = False) -> int:
    if action == "restore":
        from .restoring import restore

        return restore(paths, file, acting_as=acting_as, password_stdin=password_stdin,
                       without_head_file=without_head_file)
    if not _has_database(paths):
        print(f"There is no GCP Desk database in {paths.data_dir}. Give the folder that holds it with --data-dir; "
              "nothing was created.", file=sys.stderr)
        return 1
    if action == "check" and not _file_is_sound(paths):
        return 1
    if action == "check":
        try:
            return _checked(paths, acting_as, password_stdin, deep)
        except DatabaseUnavailable as error:  # the password was right, and the file still does not open with it
            print(f"{error}", file=sys.stderr)
            return 1
    if action == "rekey":
        return _rekey(paths, acting_as, password_stdin)
    with signed_in(paths, acting_as, password_stdin, f"db {action}", migrate=False) as (backend, user):
        upkeep = backend.upkeep(user)
        if action == "upgrade":
            outcome = upkeep.upgrade()
            if outcome.created:
                print(f"Created a new database at schema {outcome.current}.")
            elif outcome.upgraded:
                print(f"Upgraded the database from schema {outcome.previous} to {outcome.current}; "
                      f"the copy taken first is {outcome.backup}.")
            else:
                print(f"Schema {outcome.current}: already up to date; nothing changed.")
            return 0
        if action == "backup":
            if not backend.db.is_sqlite:
                raise InvalidInput("backup copies the SQLite file; back up a PostgreSQL database with pg_dump")
            from .output import Progress

            outcome = backend.backups(user).make("manual", Progress("Backing up (pages)"))
            print(f"Backed up {paths.database} to {outcome.path} ({outcome.seconds:.1f} s, "
                  f"{outcome.size / 1024 ** 2:.1f} MB); checked after writing, audit trail to event "
                  f"{outcome.head.seq} signed beside it.")
            for problem in outcome.chain_problems[:1]:
                print(f"The audit trail check before the backup found: {problem}", file=sys.stderr)
            for warning in outcome.warnings:
                print(warning, file=sys.stderr)
            return 0
    raise AssertionError(action)


def _rekey(paths: AppPaths, acting_as: str | None, password_stdin: bool) -> int:
    from .signing_in import password_reader, print_recovery_key

    read = password_reader(password_stdin, "db rekey")
    with signed_in(paths, acting_as, password_stdin, "db rekey") as (backend, user):
        password = read(f"Password for {user.name} again, to re-key the database: ")
        recovery = backend.rekey(user, password)
    print(f"Re-keyed: the database has a new data key, and only {user.name} has a copy of it. Give everyone else a "
          "one-time password (Accounts..., or gcp-desk user add). Backups made before stay readable only with the "
          "old recovery key.")
    print_recovery_key(recovery, headline="The records are now encrypted with a new key.")
    return 0


def _checked(paths: AppPaths, acting_as: str | None, password_stdin: bool, deep: bool) -> int:
    from ..storage import migrate

    with signed_in(paths, acting_as, password_stdin, "db check", migrate=False) as (backend, user):
        upkeep = backend.upkeep(user)
        if backend.db.is_encrypted and not _pages_are_sound(upkeep, paths):
            return 1
        version = upkeep.schema_version()
        head = migrate.SCHEMA_HEAD
        if version == head:
            print(f"Schema {version}: up to date.")
            return _deep_check(backend, user) if deep else 0
        if version is not None and version < head:
            print(f"Schema {version}: older than this app ({head}); run 'gcp-desk db upgrade' (a backup is made "
                  "first).")
            return 1
        print(f"Schema {version}: newer than this app understands ({head}). Install the newer GCP Desk.")
        return 1


def _file_is_sound(paths: AppPaths) -> bool:
    """The SQLite file's health, checked before anyone signs in and without changing a byte: empty, foreign, or
    damaged pages (``PRAGMA quick_check``)."""
    from ..settings import Settings
    from ..storage.file_health import file_problem, quick_check

    if Settings.load(paths.settings_file).database_url:
        return True
    encrypted = (paths.data_dir / KEY_FILE).exists()
    problem = file_problem(paths.database, encrypted=encrypted)
    if problem:
        print(problem, file=sys.stderr)
        return False
    if encrypted:  # its pages can be read only with the key: checked once signed in (``_pages_are_sound``)
        return True
    damage = quick_check(paths.database)
    if damage:
        _say_damaged(paths, damage, "SQLite's check found")
        return False
    print(f"File {paths.database}: every page reads (quick check passed).")
    return True


def _pages_are_sound(upkeep, paths: AppPaths) -> bool:
    """The encrypted file's pages, read with the key: SQLCipher's own check of every page's authentication code,
    and SQLite's quick check of what they hold."""
    damage = upkeep.page_check()
    if damage:
        _say_damaged(paths, damage, "the page check found")
        return False
    print(f"File {paths.database}: every encrypted page checks out (SQLCipher page check and quick check passed).")
    return True


def _say_damaged(paths: AppPaths, damage: list[str], found_by: str) -> None:
    print(f"The database file {paths.database} is damaged: {found_by} {len(damage)} "
          f"problem{'s' if len(damage) > 1 else ''}:", file=sys.stderr)
    for line in damage:
        print(f"  - {line}", file=sys.stderr)
    print("It was left as it is. Restore it from a backup; do not back up this copy over a good one.",
          file=sys.stderr)


def _deep_check(backend, user) -> int:
    altered = backend.integrity(user).altered_records()
    if not altered:
        print("Every submitted and countersigned assessment still matches its signature.")
        return 0
    print(f"{len(altered)} signed assessment{'s have' if len(altered) > 1 else ' has'} been changed after signing:",
          file=sys.stderr)
    for record in altered:
        print(f"  - assessment {record.assessment_id} (child {record.child_id}, {record.status.value}), signed by "
              f"{record.signed_by} on {record.signed_at}", file=sys.stderr)
    return 1


def _has_database(paths: AppPaths) -> bool:
    """Upkeep never creates a database: a folder with none is said in words."""
    from ..settings import Settings

    return bool(Settings.load(paths.settings_file).database_url) or paths.database.exists()
