"""What the team server tests share: connections, the people on a test server, and setting the scene as the
superuser (who passes row-level security). Named apart from conftest so that test modules import it unambiguously."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from sqlalchemy import URL, Connection, create_engine, text
from sqlalchemy.pool import NullPool

PASSWORD = "a long test password"


@contextmanager
def connect(url: URL, *, autocommit: bool = True) -> Iterator[Connection]:
    """One connection; each statement its own transaction unless ``autocommit`` is off (then ``begin()``)."""
    engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT" if autocommit else "READ COMMITTED")
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


@dataclass
class Person:
    id: UUID
    name: str
    login: str
    url: URL

    @contextmanager
    def connection(self, *, autocommit: bool = True) -> Iterator[Connection]:
        with connect(self.url, autocommit=autocommit) as connection:
            yield connection


@dataclass
class TeamServer:
    url: URL
    """The superuser's URL at this database (superusers pass row-level security: used to set the scene)."""
    administrator: Person
    owner_role: str
    person_role: str
    people: dict[str, Person] = field(default_factory=dict)

    def add_team(self, name: str) -> UUID:
        team_id = uuid4()
        with self.administrator.connection() as admin:
            admin.execute(text("INSERT INTO teams (id, name, created_at) VALUES (:id, :name, now())"),
                          {"id": team_id, "name": name})
        return team_id

    def add_person(self, name: str, roles: str, team_id: UUID | None) -> Person:
        """An account and its login, made by the administrator as the app does: as their own role."""
        from gcp_desk.server.logins import create_login

        user_id = uuid4()
        login = f"{self.url.database}_{name.lower().replace(' ', '_')}"
        with self.administrator.connection() as admin:
            admin.execute(text(
                "INSERT INTO users (id, name, role, roles, created_at, team_id, password_must_change) "
                "VALUES (:id, :name, :role, :roles, now(), :team, false)"),
                {"id": user_id, "name": name, "role": roles.split(",")[0], "roles": roles, "team": team_id})
            create_login(admin, login, PASSWORD, user_id)
        person = Person(user_id, name, login, self.url.set(username=login, password=PASSWORD))
        self.people[name] = person
        return person

    def add_child(self, team_id: UUID | None, *, household_id: UUID | None = None) -> UUID:
        child_id = uuid4()
        now = datetime.now(UTC)
        with connect(self.url) as su:
            su.execute(text(
                "INSERT INTO children (id, given_name, family_name, date_of_birth, sex, ethnicity, identifiers,"
                " identifier_text, search_text, household_id, plan_type, team_id, created_at, updated_at)"
                " VALUES (:id, 'Invented', :family, :born, 'female', '', '[]', '', '', :household, 'child-in-need',"
                " :team, :now, :now)"),
                {"id": child_id, "family": f"Child{str(child_id)[:4]}", "born": date(2019, 3, 1),
                 "household": household_id, "team": team_id, "now": now})
        return child_id

    def add_household(self) -> UUID:
        household_id = uuid4()
        with connect(self.url) as su:
            su.execute(text("INSERT INTO households (id, name, address, created_at) VALUES (:id, 'Invented home',"
                            " '1 Made-up Road', now())"), {"id": household_id})
        return household_id

    def add_assessment(self, child_id: UUID, author: Person | None = None, status: str = "submitted", *,
                       signed: bool = True) -> UUID:
        """A whole assessment on the built-in instrument, one item graded, signed by its author as the app signs
        when it is not a draft (unless not ``signed``: a row for the server's own rules, which a sync would refuse);
        and a significant event for the child. Records as the app makes them, so that a sync's checks (those an
        import makes) accept them."""
        from gcp_desk.domain.assessment import Assessment, ItemGrade
        from gcp_desk.scoring.instruments import builtin_instrument, content_hash
        from gcp_desk.scoring.signing_content import HASH_SCHEME, assessment_content_hash
        from gcp_desk.storage.assessment_parts import AssessmentParts

        instrument = builtin_instrument()
        item = instrument.domains[0].items[0].id
        now = datetime.now(UTC)
        assessment = Assessment(child_id=child_id, instrument_id=instrument.id, instrument_version=instrument.version,
                                instrument_hash=content_hash(instrument), status=status,
                                item_grades={item: ItemGrade(item_id=item, grade=3)},
                                created_by=author.id if author else None, created_at=now, updated_at=now,
                                submitted_at=None if status == "draft" else now)
        with connect(self.url) as su:
            parts = AssessmentParts()
            parts.add(assessment)
            parts.insert(su)
            if signed and status != "draft" and author is not None:
                su.execute(text(
                    "INSERT INTO signatures (id, assessment_id, kind, user_id, name, role, signed_at, content_hash,"
                    " hash_scheme) VALUES (:id, :assessment, 'submitted-by', :user, :name, 'practitioner', :now,"
                    " :hash, :scheme)"),
                    {"id": uuid4(), "assessment": assessment.id, "user": author.id, "name": author.name, "now": now,
                     "hash": assessment_content_hash(assessment), "scheme": HASH_SCHEME})
            su.execute(text("INSERT INTO significant_events (id, child_id, date, kind, what_happened, source_agency,"
                            " created_at) VALUES (:id, :child, :day, 'incident', 'invented', '', now())"),
                       {"id": uuid4(), "child": child_id, "day": date(2026, 1, 5)})
        return assessment.id

    def share(self, child_id: UUID, team_id: UUID, by: Person) -> None:
        with connect(self.url) as su:
            su.execute(text("INSERT INTO child_shares (id, child_id, team_id, reason, shared_by, shared_at)"
                            " VALUES (:id, :child, :team, 'joint work', :by, now())"),
                       {"id": uuid4(), "child": child_id, "team": team_id, "by": by.id})


def insert_adult(su: Connection, household_id: UUID, family: str) -> UUID:
    """An adult in ``household_id``, written by the superuser connection ``su``."""
    adult_id = uuid4()
    su.execute(text("INSERT INTO adults (id, household_id, given_name, family_name, sex, relevant_history,"
                    " created_at, version) VALUES (:id, :home, 'Invented', :family, 'male', 'Invented history.',"
                    " now(), 1)"), {"id": adult_id, "home": household_id, "family": family})
    return adult_id


def insert_link(su: Connection, child_id: UUID, adult_id: UUID, relationship: str = "father") -> None:
    """The adult linked to the child (with parental responsibility, living elsewhere), by the superuser ``su``."""
    su.execute(text("INSERT INTO child_adult_links (child_id, adult_id, relationship, parental_responsibility,"
                    " lives_with_child, part_time) VALUES (:c, :a, :r, true, false, false)"),
               {"c": child_id, "a": adult_id, "r": relationship})
