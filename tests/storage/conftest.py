"""Storage tests run on real databases: SQLite files copied from a template migrated once per session, and (when
``GCP_DESK_TEST_PG_URL`` is set) PostgreSQL databases copied from a template the same way (see tests/conftest.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from gcp_desk.domain.assessment import (
    ActionReview,
    Assessment,
    AssessmentAdult,
    ContextEntry,
    DomainGrade,
    EvidenceNote,
    HowSeen,
    ItemGrade,
    PlanAction,
    Visit,
)
from gcp_desk.domain.enums import (
    ActionOutcome,
    AssessmentStatus,
    ContextFactor,
    EvidenceSource,
    Involvement,
    PlanType,
    Relationship,
    Role,
    Sex,
)
from gcp_desk.domain.people import Adult, Child, ChildAdultLink, Household, LocalIdentifier, User
from gcp_desk.storage.db import Database
from gcp_desk.storage.migrate import prepare


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database migrated to the newest schema, built once per test session."""
    path = tmp_path_factory.mktemp("template") / "gcp-desk.db"
    db = Database.for_file(path)
    prepare(db, backups_dir=None)
    db.dispose()  # the last connection checkpoints the WAL, so the file alone is the whole database
    return path


@pytest.fixture
def db_path(template_database: Path, tmp_path: Path) -> Path:
    path = tmp_path / "data" / "gcp-desk.db"
    path.parent.mkdir()
    shutil.copyfile(template_database, path)
    return path


@pytest.fixture
def db(database_backend: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    """An empty database at the newest schema, on each backend in turn."""
    if database_backend == "sqlite":
        database = Database.for_file(request.getfixturevalue("db_path"), create=False)
    else:
        database = Database(request.getfixturevalue("postgres_url"))
    yield database
    database.dispose()


@dataclass
class World:
    """A small, fully stored family: a practitioner, a household, a child and the child's mother."""

    user: User
    household: Household
    child: Child
    mother: Adult


@pytest.fixture
def world(db: Database) -> World:
    user = User(name="Priya Shah", role=Role.PRACTITIONER, created_at=at(2024, 1, 2))
    household = Household(name="Okafor-Brown household", address="1 Example Road", created_at=at(2024, 1, 3))
    child = make_child(household_id=household.id)
    mother = Adult(
        household_id=household.id,
        given_name="Ada",
        family_name="Okafor",
        sex=Sex.FEMALE,
        date_of_birth=date(1990, 4, 1),
        relevant_history="Care leaver; postnatal depression after first child.",
        created_at=at(2024, 1, 4),
    )
    with db.transaction() as uow:
        uow.users.add(user)
        uow.households.add(household)
        uow.children.add(child)
        uow.adults.add(mother)
        uow.adults.link(
            ChildAdultLink(
                child_id=child.id,
                adult_id=mother.id,
                relationship=Relationship.MOTHER,
                parental_responsibility=True,
                lives_with_child=True,
            )
        )
    return World(user=user, household=household, child=child, mother=mother)


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0, microsecond: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, 0, microsecond, tzinfo=UTC)


def make_child(**fields: object) -> Child:
    values: dict[str, object] = {
        "given_name": "Tobi",
        "family_name": "Okafor-Brown",
        "date_of_birth": date(2019, 6, 15),
        "sex": Sex.MALE,
        "ethnicity": "Black British - African",
        "identifiers": [
            LocalIdentifier(scheme="LCS", value="C123456"),
            LocalIdentifier(scheme="NHS", value="9434765919"),
        ],
        "plan_type": PlanType.CHILD_IN_NEED,
        "created_at": at(2024, 1, 5, microsecond=123456),
        "updated_at": at(2024, 1, 6, microsecond=654321),
    }
    values.update(fields)
    return Child.model_validate(values)


def make_assessment(
    child_id: UUID, *, author_id: UUID | None = None, visit_dates: tuple[date, ...] = (), **fields: object
) -> Assessment:
    """An assessment with every part filled in, so a round trip shows any field storage drops."""
    first = visit_dates[0] if visit_dates else date(2024, 3, 1)
    adult_id = fields.pop("adult_id", None)
    previous_action = uuid4()  # an action of the previous plan, reviewed here and carried forward
    values: dict[str, object] = {
        "child_id": child_id,
        "instrument_id": "gcp-desk-neglect",
        "instrument_version": "1.0",
        "instrument_hash": "ab" * 32,
        "age_band": "2-4",
        "status": AssessmentStatus.DRAFT,
        "visits": [
            Visit(date=day, announced=i % 2 == 0, visitors=["Priya Shah, social worker"], note=f"visit {i + 1}")
            for i, day in enumerate(visit_dates)
        ],
        "how_seen": HowSeen(
            child_seen=True, child_seen_alone=False, rooms_seen=["kitchen", "bedroom"], present=["mother"], note="n"
        ),
        "context": [
            ContextEntry(factor=ContextFactor.DOMESTIC_ABUSE, note="police call-out in January", confirmed=False)
        ],
        "adults": (
            [AssessmentAdult(adult_id=adult_id, name="Ada Okafor", relationship=Relationship.MOTHER,
                             involvement=Involvement.SEEN_AND_SPOKEN_WITH)]
            if adult_id
            else []
        ),
        "item_grades": {
            "clothing": ItemGrade(item_id="clothing", grade=2),
            "hygiene": ItemGrade(item_id="hygiene", grade=4),
            "dental": ItemGrade(item_id="dental", not_assessed_reason="dentist not yet contacted"),
        },
        "evidence": [
            EvidenceNote(item_id="hygiene", source=EvidenceSource.OBSERVED, text="Nappy rash; no clean clothes seen.",
                         author_id=author_id, created_at=at(2024, 3, 2, microsecond=1), updated_at=at(2024, 3, 2, 11)),
            EvidenceNote(item_id=None, source=EvidenceSource.CARER_SAID, text="Mum says money ran out this month.",
                         author_id=None, created_at=at(2024, 3, 1), updated_at=at(2024, 3, 1)),
        ],
        "domain_grades": {
            "physical-care": DomainGrade(domain_id="physical-care", chosen=4, suggested=3,
                                         override_reason="hygiene worries across three visits"),
            "nutrition": DomainGrade(domain_id="nutrition", chosen=2, suggested=None),
        },
        "child_voice": "Tobi showed me his bed and said 'cold'.",
        "carers_views": "Mum wants help with the heating.",
        "strengths": "Warm interaction at bath time.",
        "analysis": "Care is inconsistent when money runs out.",
        "plan": [
            PlanAction(domain_id="physical-care", what_will_change="A clean set of clothes every day", who="Ada Okafor",
                       agency="", by_when=first + timedelta(weeks=6), target_grade=2, progress_notes=""),
            PlanAction(domain_id="physical-care", what_will_change="Heating repaired", who="Housing officer",
                       agency="Council housing", by_when=first + timedelta(weeks=2), target_grade=2,
                       progress_notes="Repair booked", carried_from_id=previous_action),
        ],
        "action_reviews": [
            ActionReview(action_id=previous_action, outcome=ActionOutcome.PARTLY_MET,
                         note="Landlord came once; the boiler still fails", carried_forward=True),
        ],
        "created_by": author_id,
        "created_at": at(2024, 3, 1, 9),
        "updated_at": at(2024, 3, 5, 16, microsecond=42),
    }
    values.update(fields)
    return Assessment.model_validate(values)


class Make:
    """Builders for tests, handed out by the ``make`` fixture (conftest modules are not imported by tests)."""

    at = staticmethod(at)
    child = staticmethod(make_child)
    assessment = staticmethod(make_assessment)


@pytest.fixture
def make() -> type[Make]:
    return Make
