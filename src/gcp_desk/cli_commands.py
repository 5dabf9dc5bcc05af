"""What each command-line command does. Kept apart from argument parsing so each is easy to test."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from uuid import UUID

from .cli import print_json
from .domain.caseload import CaseloadRow
from .domain.errors import InvalidInput
from .domain.labels import ROLE, STATUS
from .paths import AppPaths


def check_instrument(file: Path) -> int:
    from .scoring.instruments import InstrumentError, content_hash, load_instrument

    try:
        instrument = load_instrument(file)
    except InstrumentError as error:
        print(f"{file}: {len(error.problems)} problem(s) found:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    items = sum(len(domain.items) for domain in instrument.domains)
    print(f"{file}: valid.")
    print(f"  {instrument.title}, version {instrument.version} ({instrument.id})")
    print(f"  {len(instrument.domains)} domains, {items} items, {len(instrument.age_bands)} age bands")
    print(f"  content hash {content_hash(instrument)}")
    return 0


def fill_demo(paths: AppPaths, *, children: int, seed: int) -> int:
    from .app import open_backend
    from .services.demo import DemoCaseload
    from .services.demo_accounts import DEMO_ACCOUNTS

    backend = open_backend(paths)
    try:
        if backend.users().all() or backend.children().caseload():
            # Invented children must never mix with real records, and a second demo would repeat every account.
            raise InvalidInput(f"{paths.database} already holds accounts or children; the demo fills an empty "
                               "database only. Give an empty folder with --data-dir.")
        summary = DemoCaseload(backend.db, seed=seed, today=date.today()).write(children)
    finally:
        backend.close()
    states = ", ".join(f"{count} {STATUS[status].lower()}" for status, count in
                       sorted(summary.statuses.items(), key=lambda pair: list(STATUS).index(pair[0])))
    print(
        f"Added an invented caseload to {paths.database}: {summary.children} children in "
        f"{summary.households} households, {summary.assessments} assessments ({states})."
    )
    print("\nDemo accounts (invented people; sign in with these passwords):")
    print(f"  {'Name':<16} {'Role':<15} {'Team':<16} Password")
    for account in DEMO_ACCOUNTS:
        print(f"  {account.name:<16} {ROLE[account.role]:<15} {account.team or '-':<16} {account.password}")
    return 0


def _age(row: CaseloadRow, today: date) -> str:
    from .scoring.age import age_in_months

    if row.date_of_birth is None:
        return "unborn"
    months = age_in_months(row.date_of_birth, today)
    return f"{months // 12}y" if months >= 24 else f"{months}m"


def list_records(paths: AppPaths, what: str, *, as_json: bool, child: str | None) -> int:
    from .app import open_backend

    backend = open_backend(paths)
    try:
        if what == "children":
            return _list_children(backend, as_json)
        return _list_assessments(backend, as_json, child)
    finally:
        backend.close()


def _list_children(backend, as_json: bool) -> int:
    rows = sorted(backend.children().caseload(), key=lambda r: (r.family_name.lower(), r.given_name.lower()))
    today = date.today()
    if as_json:
        print_json(
            [
                {
                    "id": str(row.child_id),
                    "name": row.full_name,
                    "date_of_birth": row.date_of_birth,
                    "expected_date_of_delivery": row.expected_date_of_delivery,
                    "identifiers": row.identifiers,
                    "plan_type": row.plan_type.value,
                    "assessments": row.assessment_count,
                    "latest_assessment_id": str(row.latest_assessment_id) if row.latest_assessment_id else None,
                    "latest_status": row.latest_status.value if row.latest_status else None,
                    "latest_date": row.latest_date,
                    "concern_domains": list(row.concern_domains),
                }
                for row in rows
            ]
        )
        return 0
    print(f"{'Name':<28} {'Age':>7}  {'Latest':<11} {'Status':<16} Domains at 4-5")
    for row in rows:
        status = STATUS[row.latest_status] if row.latest_status else "No assessment"
        latest = row.latest_date.isoformat() if row.latest_date else ""
        print(f"{row.full_name:<28} {_age(row, today):>7}  {latest:<11} {status:<16} {', '.join(row.concern_domains)}")
    print(f"{len(rows)} children")
    return 0


def _list_assessments(backend, as_json: bool, child: str | None) -> int:
    from .scoring.drift import assessment_date

    children = backend.children()
    if child:
        try:
            child_ids = [UUID(child)]
        except ValueError:
            raise InvalidInput(f"'{child}' is not a child id (ids look like 3f2b9c1e-...)") from None
    else:
        child_ids = [row.child_id for row in children.caseload()]
    service = backend.assessments()
    records = []
    for child_id in child_ids:
        name = children.get(child_id).full_name
        for assessment in service.history(child_id):
            when = assessment_date(assessment)
            records.append(
                {
                    "id": str(assessment.id),
                    "child_id": str(child_id),
                    "child": name,
                    "date": when,
                    "status": assessment.status.value,
                    "age_band": assessment.age_band,
                    "instrument": f"{assessment.instrument_id} {assessment.instrument_version}",
                    "graded_items": sum(1 for g in assessment.item_grades.values() if g.grade is not None),
                    "domain_grades": {d: g.chosen for d, g in assessment.domain_grades.items()},
                }
            )
    if as_json:
        print_json(records)
        return 0
    print(f"{'Child':<28} {'Date':<11} {'Status':<16} {'Band':<8} Domain grades")
    for record in records:
        grades = " ".join(f"{d}:{g}" for d, g in record["domain_grades"].items())
        when = record["date"].isoformat() if record["date"] else ""
        print(f"{record['child']:<28} {when:<11} {STATUS_BY_VALUE[record['status']]:<16} "
              f"{record['age_band'] or '':<8} {grades}")
    print(f"{len(records)} assessments")
    return 0


STATUS_BY_VALUE = {status.value: label for status, label in STATUS.items()}


def database(paths: AppPaths, action: str) -> int:
    from .app import open_database
    from .settings import Settings
    from .storage import migrate

    paths.ensure()
    settings = Settings.load(paths.settings_file)
    db = open_database(paths, settings)
    try:
        if action == "upgrade":
            outcome = migrate.prepare(db, paths.backups_dir)
            if outcome.created:
                print(f"Created a new database at schema {outcome.current}.")
            elif outcome.upgraded:
                print(f"Upgraded the database from schema {outcome.previous} to {outcome.current}; "
                      f"the copy taken first is {outcome.backup}.")
            else:
                print(f"Schema {outcome.current}: already up to date; nothing changed.")
            return 0
        if action == "backup":
            from .storage.backup import backup_sqlite

            if not db.is_sqlite:
                raise InvalidInput("backup copies the SQLite file; back up a PostgreSQL database with pg_dump")
            target = backup_sqlite(paths.database, paths.backups_dir, "manual")
            print(f"Backed up {paths.database} to {target}")
            return 0
        return _check_database(db)
    finally:
        db.dispose()


def _check_database(db) -> int:
    from .storage import migrate

    version = migrate.schema_version(db)
    head = migrate.SCHEMA_HEAD
    if version is None:
        print(f"Empty database: no schema yet (this app creates schema {head}).")
        return 1
    if version == head:
        print(f"Schema {version}: up to date.")
        return 0
    if version < head:
        print(f"Schema {version}: older than this app ({head}); run 'gcp-desk db upgrade' (a backup is made first).")
        return 1
    print(f"Schema {version}: newer than this app understands ({head}). Install the newer GCP Desk.")
    return 1
