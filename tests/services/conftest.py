"""Services run against a real, migrated database: an SQLite file copied from a template built once per session,
and (when ``GCP_DESK_TEST_PG_URL`` is set) a PostgreSQL database copied from a template the same way, named in the
data folder's settings as a team database would be."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from gcp_desk.app import Backend, open_backend
from gcp_desk.domain.enums import Relationship, Role, Sex
from gcp_desk.domain.people import User
from gcp_desk.paths import AppPaths
from gcp_desk.settings import Settings

from conftest_services import PASSWORD, TODAY  # noqa: E402


@pytest.fixture(scope="session")
def template_data_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("template")
    open_backend(AppPaths.at(folder)).close()
    return folder


@pytest.fixture
def backend(database_backend: str, template_data_dir: Path, tmp_path: Path, request) -> Backend:
    folder = tmp_path / "data"
    shutil.copytree(template_data_dir, folder)
    paths = AppPaths.at(folder)
    if database_backend == "postgresql":
        paths.database.unlink()
        Settings(database_url=request.getfixturevalue("postgres_url")).save(paths.settings_file)
    opened = open_backend(paths)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def password_hash() -> str:
    from gcp_desk.security.passwords import hash_password

    return hash_password(PASSWORD)


class Services:
    """The services as one user sees them, on a fixed day."""

    def __init__(self, backend: Backend, user: User):
        context = replace(backend.context(user), today=lambda: TODAY)
        from gcp_desk.services.assessments import AssessmentService
        from gcp_desk.services.children import ChildService
        from gcp_desk.services.households import HouseholdService
        from gcp_desk.services.reports import ReportService
        from gcp_desk.services.review import ReviewService
        from gcp_desk.services.users import UserService

        self.backend = backend
        self.user = user
        self.children = ChildService(context)
        self.households = HouseholdService(context)
        self.assessments = AssessmentService(context)
        self.users = UserService(context)
        self.review = ReviewService(context)
        self.reports = ReportService(context, backend.paths.signing_dir)


@pytest.fixture
def add_user(backend: Backend, password_hash: str):
    """Store an account whose password is ``PASSWORD`` and return the services as that account sees them."""

    def add(name: str, role: Role = Role.PRACTITIONER, team_id=None) -> Services:
        user = User(name=name, role=role, team_id=team_id)
        with backend.db.transaction() as uow:
            uow.users.add(user, password_hash=password_hash)
        return Services(backend, user)

    return add


@pytest.fixture
def practitioner() -> User:
    return User(name="Test Practitioner", role=Role.PRACTITIONER)


@pytest.fixture
def services(backend: Backend, practitioner: User, password_hash: str) -> Services:
    with backend.db.transaction() as uow:
        uow.users.add(practitioner, password_hash=password_hash)
    return Services(backend, practitioner)


@pytest.fixture
def supervisor(add_user) -> Services:
    return add_user("Test Supervisor", Role.SUPERVISOR)


@pytest.fixture
def child_with_parents(services: Services):
    """A seven-year-old with a mother and a father recorded."""
    child = services.children.create_child(
        given_name="Robin", family_name="Testcase", date_of_birth=date(2019, 5, 3), sex=Sex.MALE
    )
    services.children.add_adult(child.id, given_name="Alex", family_name="Testcase",
                                relationship=Relationship.MOTHER, sex=Sex.FEMALE,
                                parental_responsibility=True, lives_with_child=True)
    services.children.add_adult(child.id, given_name="Jordan", family_name="Testcase",
                                relationship=Relationship.FATHER, sex=Sex.MALE, parental_responsibility=True)
    return services.children.get(child.id)
