"""Records that move: an invented caseload to export from (built once per session, copied per test), the bundles
made from it, and an empty database to import into, on SQLite and (with ``GCP_DESK_TEST_PG_URL``) PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gcp_desk.app import Backend, open_backend
from gcp_desk.domain.enums import Role
from gcp_desk.paths import AppPaths
from gcp_desk.settings import Settings

from records_support import DEMO_CHILDREN, PASSPHRASE, export_from, signed_in

IMPORTER_PASSWORD = "heron-evening-57"


@pytest.fixture(scope="session")
def demo_source(tmp_path_factory) -> Path:
    """A data folder with an invented caseload in two teams; its accounts have the demo's passwords."""
    from gcp_desk.app import give_demo_passwords
    from gcp_desk.demo.caseload import DemoCaseload

    folder = tmp_path_factory.mktemp("records-source")
    backend = open_backend(AppPaths.at(folder))
    demo = DemoCaseload(backend.db, seed=11)
    demo.write(DEMO_CHILDREN)
    give_demo_passwords(backend, demo.users)
    backend.close()
    _some_changes_through_the_app(AppPaths.at(folder))
    return folder


def _some_changes_through_the_app(paths: AppPaths) -> None:
    """The demo is written in bulk, without audit events: a few ordinary changes give the trail events about
    Northgate's children to carry."""
    from datetime import date

    from gcp_desk.domain.enums import EventKind
    from gcp_desk.services.history import HistoryService

    backend = open_backend(paths)
    try:
        sam = signed_in(backend, "Sam Whitfield")
        for row in backend.children(sam).caseload()[:3]:
            child = backend.children(sam).get(row.child_id)
            backend.children(sam).update_child(child.model_copy(update={"ethnicity": "White British"}))
            HistoryService(backend.context(sam)).add_event(row.child_id, on=date(2026, 10, 1), kind=EventKind.REFERRAL,
                                           what_happened="Referral from school about attendance.",
                                           source_agency="School")
    finally:
        backend.close()


@pytest.fixture
def source(demo_source: Path, tmp_path: Path) -> AppPaths:
    folder = tmp_path / "source"
    shutil.copytree(demo_source, folder)
    return AppPaths.at(folder)


@pytest.fixture(scope="session")
def plain_bundle(demo_source: Path, tmp_path_factory) -> Path:
    """Everything Sam Whitfield (Northgate team) may see, as plain JSON."""
    folder = tmp_path_factory.mktemp("records-bundles")
    copy = folder / "source"
    shutil.copytree(demo_source, copy)
    return export_from(AppPaths.at(copy), folder / "northgate.json", passphrase=None)


@pytest.fixture(scope="session")
def sealed_bundle(demo_source: Path, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("records-sealed")
    copy = folder / "source"
    shutil.copytree(demo_source, copy)
    return export_from(AppPaths.at(copy), folder / "northgate.bundle", passphrase=PASSPHRASE)


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("records-empty")
    open_backend(AppPaths.at(folder)).close()
    return folder


@pytest.fixture
def target(database_backend: str, empty_template: Path, tmp_path: Path, request) -> Backend:
    """An empty database with one account, a practitioner in no team, signed in: ``target.importer``."""
    folder = tmp_path / "target"
    shutil.copytree(empty_template, folder)
    paths = AppPaths.at(folder)
    if database_backend == "postgresql":
        paths.database.unlink()
        Settings(database_url=request.getfixturevalue("postgres_url")).save(paths.settings_file)
    backend = open_backend(paths)
    importer = backend.users().create("Ann Importer", Role.PRACTITIONER, password=IMPORTER_PASSWORD)
    backend.importer = signed_in(backend, importer.name, IMPORTER_PASSWORD)
    yield backend
    backend.close()


