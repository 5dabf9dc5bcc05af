"""Taking a practitioner's caseload offline from a team server, and syncing a day's work back, on loopback:

  - 40 children with 8 assessments each (every item graded) taken offline      target 5 s
  - a day's work (10 new assessments, every item graded) synced back             target 2 s

Run under a throw-away PostgreSQL with TLS and scram-sha-256 passwords, as a real server:

    bash .ci/with-postgres .venv/bin/python bench/sync_bench.py

The server is set up by ``server init`` in a new database, the records written on it directly (cloned from one
assessment made through the services), and the laptops are new encrypted data folders with the practitioner's
account. Wall time is the figure; processor time is printed beside it, since the machine may be shared.
SYNC_BENCH_STEPS=1 prints the laptop's sync journal (each step's start and end, to the microsecond) as well.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

sys.path.insert(0, str(Path(__file__).parent))

from targets import print_targets  # noqa: E402

CHILDREN, ASSESSMENTS, DAY = 40, 8, 10
PASSWORD = "a long bench password"
PRACTITIONER = "Pat Bench"


def main() -> int:
    from sqlalchemy import make_url, text

    from gcp_desk.server.connect import connected
    from gcp_desk.server.logins import create_login
    from gcp_desk.server.setup import init_server

    if not os.environ.get("GCP_DESK_TEST_PG_URL"):
        print("Run under a throw-away PostgreSQL: bash .ci/with-postgres .venv/bin/python bench/sync_bench.py")
        return 2
    superuser = make_url(os.environ["GCP_DESK_TEST_PG_URL"])
    name = f"gcp_desk_sync_bench_{os.getpid()}"
    as_superuser(superuser, f'CREATE DATABASE "{name}"')
    url = superuser.set(database=name)
    try:
        init_server(url.render_as_string(hide_password=False), None, administrator="Ada Bench",
                    administrator_password=PASSWORD, login=f"{name}_ada", organisation="Benchbury Council")
        team, pat = uuid4(), uuid4()
        with connected(url.set(username=f"{name}_ada", password=PASSWORD)) as ada, ada.begin():
            ada.execute(text("INSERT INTO teams (id, name, created_at) VALUES (:id, 'Bench team', now())"),
                        {"id": team})
            ada.execute(text("INSERT INTO users (id, name, role, roles, created_at, team_id, password_must_change) "
                             "VALUES (:id, :name, 'practitioner', 'practitioner', now(), :team, false)"),
                        {"id": pat, "name": PRACTITIONER, "team": team})
            create_login(ada, f"{name}_pat", PASSWORD, pat)
        address = url.set(username=f"{name}_pat", password=None).render_as_string(hide_password=False)
        with tempfile.TemporaryDirectory(prefix="gcp-desk-sync-bench-") as work:
            template = make_template(Path(work) / "template", pat, team)
            fill_server(url, template, pat)
            figures = run(Path(work) / "laptop", pat, team, address)
    finally:
        as_superuser(superuser, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                     *[f'DROP ROLE IF EXISTS "{name}_{role}"' for role in ("pat", "ada", "person", "owner")])
    met = print_targets([
        (f"{CHILDREN} children with {ASSESSMENTS} assessments each ({figures['rows']:,} records) taken offline "
         f"(processor time {figures['take_cpu']:.1f} s)", figures["take"], 5.0, "s"),
        (f"a day's work ({DAY} assessments, {figures['day_rows']:,} records) synced back "
         f"(processor time {figures['sync_cpu']:.1f} s)", figures["sync"], 2.0, "s"),
    ])
    return 0 if met == 2 else 1


def as_superuser(url, *statements: str) -> None:
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


def make_laptop(folder: Path, user_id: UUID, team: UUID):
    """A new encrypted data folder with the practitioner's account, as a laptop linked to the server has it."""
    from gcp_desk.app import open_backend
    from gcp_desk.domain.enums import Role
    from gcp_desk.domain.people import Team, User
    from gcp_desk.paths import AppPaths
    from gcp_desk.security.passwords import hash_password

    backend = open_backend(AppPaths.at(folder))
    context = backend.context()
    user = User(id=user_id, name=PRACTITIONER, roles=(Role.ADMINISTRATOR, Role.PRACTITIONER), team_id=team)
    with context.transaction() as uow:
        uow.users.add_team(Team(id=team, name="Bench team"))
        uow.users.add(user, password_hash=hash_password(PASSWORD), must_change=False)
        assert context.keys is not None
        context.keys.set_password(user, PASSWORD, one_time=False)
    backend.close()
    backend = open_backend(AppPaths.at(folder))
    return backend, backend.unlock(user_id, PASSWORD)


def graded_assessment(backend, user, child_id: UUID, on: date):
    from gcp_desk.domain.enums import EvidenceSource

    assessments = backend.assessments(user)
    assessment = assessments.start(child_id)
    assessment = assessments.add_visit(assessment.id, on=on)
    instrument = assessments.instrument_for(assessment)
    for number, item_id in enumerate(instrument.applicable_item_ids(assessment.age_band)):
        assessment = assessments.grade_item(assessment.id, item_id, 1 + number % 5)
        if number % 5 >= 2:
            assessment = assessments.add_evidence(assessment.id, item_id=item_id, source=EvidenceSource.OBSERVED,
                                                  text="Seen on the visit.")
    return assessment


def make_template(folder: Path, pat: UUID, team: UUID):
    """One child with one assessment, every item graded, made through the services: the rows the server is filled
    with, cloned."""
    from gcp_desk.sync.records import read_files

    backend, user = make_laptop(folder, pat, team)
    try:
        child = backend.children(user).create_child(given_name="Invented", family_name="Template",
                                                    date_of_birth=date(2018, 5, 1),
                                                    new_household=("Template home", "1 Made-up Road"))
        graded_assessment(backend, user, child.id, date(2026, 6, 1))
        with backend.db.read() as uow:
            return read_files(uow.session.connection(), [child.id])
    finally:
        backend.close()


def fill_server(url, template, pat: UUID) -> None:
    from gcp_desk.domain.enums import AssessmentStatus, Role
    from gcp_desk.domain.review import SignatureKind
    from gcp_desk.scoring.signing_content import HASH_SCHEME, assessment_content_hash
    from gcp_desk.server.connect import connected
    from gcp_desk.storage.child_summary import refresh_child_summaries
    from gcp_desk.storage.rows import assessment_from
    from gcp_desk.sync.records import ASSESSMENT, CHILD, DOMAIN, EVIDENCE, GRADE, HOUSEHOLD, SIGNATURE, write_rows

    [child] = template.of(CHILD).values()
    [household] = template.of(HOUSEHOLD).values()
    [assessment] = template.of(ASSESSMENT).values()
    parts = {kind: list(template.of(kind).values()) for kind in (GRADE, EVIDENCE, DOMAIN)}
    rows = {kind: [] for kind in (HOUSEHOLD, CHILD, ASSESSMENT, GRADE, EVIDENCE, DOMAIN, SIGNATURE)}
    now = datetime.now(UTC)
    for number in range(CHILDREN):
        home, kid = uuid4(), uuid4()
        rows[HOUSEHOLD].append({**household, "id": home, "name": f"Home {number}"})
        rows[CHILD].append({**child, "id": kid, "household_id": home, "family_name": f"Bench{number:02d}",
                            "search_text": f"invented bench{number:02d}", "sort_name": f"bench{number:02d}"})
        for visit in range(ASSESSMENTS):
            made = uuid4()
            when = now - timedelta(days=60 * (ASSESSMENTS - visit))
            rows[ASSESSMENT].append({**assessment, "id": made, "child_id": kid, "created_at": when,
                                     "status": AssessmentStatus.COUNTERSIGNED, "submitted_at": when,
                                     "updated_at": when, "created_by": pat, "assessment_date": when.date()})
            made_parts = {kind: [{**part, "assessment_id": made, **({"id": uuid4()} if "id" in part else {})}
                                 for part in found] for kind, found in parts.items()}
            for kind, found in made_parts.items():
                rows[kind] += found
            # signed as the app signs: the content hash of the assessment as it stands, submitted and countersigned
            content = assessment_content_hash(assessment_from(rows[ASSESSMENT][-1], made_parts[GRADE],
                                                              sorted(made_parts[EVIDENCE], key=lambda n: n["position"]),
                                                              made_parts[DOMAIN], []))
            rows[SIGNATURE] += [{"id": uuid4(), "assessment_id": made, "kind": kind, "user_id": pat,
                                 "name": PRACTITIONER, "role": role, "signed_at": when, "content_hash": content,
                                 "hash_scheme": HASH_SCHEME}
                                for kind, role in ((SignatureKind.SUBMITTED_BY, Role.PRACTITIONER),
                                                   (SignatureKind.COUNTERSIGNED_BY, Role.SUPERVISOR))]
    with connected(url) as su, su.begin():
        for kind, found in rows.items():
            write_rows(su, kind, found, set())
        refresh_child_summaries(su, [row["id"] for row in rows[CHILD]])


def run(folder: Path, pat: UUID, team: UUID, address: str) -> dict:
    from gcp_desk.sync.service import SyncService

    backend, user = make_laptop(folder, pat, team)
    try:
        service = SyncService(backend.context(user))
        wall, cpu = time.perf_counter(), time.process_time()
        taken = service.take_offline(PASSWORD, server=address, laptop="Bench laptop")
        figures = {"take": time.perf_counter() - wall, "take_cpu": time.process_time() - cpu,
                   "rows": taken.received}
        assert taken.children == CHILDREN, taken
        children = [row.child_id for row in backend.children(user).caseload()][:DAY]
        for number, child_id in enumerate(children):
            graded_assessment(backend, user, child_id, date(2026, 11, 1 + number))
        wall, cpu = time.perf_counter(), time.process_time()
        synced = service.sync_now(PASSWORD, server=address)
        figures.update(sync=time.perf_counter() - wall, sync_cpu=time.process_time() - cpu, day_rows=synced.sent)
        assert synced.conflicts == 0 and synced.returned == CHILDREN, synced
        if os.environ.get("SYNC_BENCH_STEPS"):
            from sqlalchemy import select

            from gcp_desk.storage import orm

            with backend.db.read() as uow:
                for row in uow.session.execute(select(orm.sync_journal).order_by(orm.sync_journal.c.id)).mappings():
                    print(f"{row['at']:%H:%M:%S.%f} {row['step']} {row['state']} {row['detail']}")
        return figures
    finally:
        backend.close()


if __name__ == "__main__":
    sys.exit(main())
