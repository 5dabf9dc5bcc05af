"""Shared fixtures. Qt runs offscreen; every test gets its own data folder.

Tests that use a database (through ``database_backend``: the storage ``db`` and the services ``backend``) run once
on SQLite and once on PostgreSQL, which is used when ``GCP_DESK_TEST_PG_URL`` names a database on a server the tests
may create databases on (``make test-pg`` starts a throw-away server for the run). Without it the PostgreSQL
runs are skipped, with that reason shown in the summary. Tests about the SQLite file itself are marked
``sqlite_only`` and run on SQLite alone; ``postgresql_only`` tests check what only PostgreSQL has.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The log of the tests' own runs (and of the processes they start) goes to a folder of their own.
os.environ.setdefault("GCP_DESK_LOG_DIR", __import__("tempfile").mkdtemp(prefix="gcp-desk-test-log-"))

from collections.abc import Iterator  # noqa: E402
from itertools import count  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from gcp_desk.paths import AppPaths  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"

PG_URL_VARIABLE = "GCP_DESK_TEST_PG_URL"
SQLITE = "sqlite"
POSTGRESQL = "postgresql"
_ON_POSTGRESQL = pytest.param(
    POSTGRESQL,
    id=POSTGRESQL,
    marks=[
        pytest.mark.postgres,
        pytest.mark.skipif(
            not os.environ.get(PG_URL_VARIABLE),
            reason=f"PostgreSQL run skipped: {PG_URL_VARIABLE} is not set (make test-pg sets it)",
        ),
    ],
)


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    return AppPaths.at(tmp_path / "data").ensure()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database_backend" in metafunc.fixturenames:
        backends = [SQLITE, _ON_POSTGRESQL]
        if metafunc.definition.get_closest_marker("sqlite_only"):
            backends = [SQLITE]
        elif metafunc.definition.get_closest_marker("postgresql_only"):
            backends = [_ON_POSTGRESQL]
        metafunc.parametrize("database_backend", backends, indirect=True)


@pytest.fixture
def database_backend(request: pytest.FixtureRequest) -> str:
    """``"sqlite"`` or ``"postgresql"``: which database this run of the test uses."""
    return request.param


class PostgresDatabases:
    """Databases on the test server: a template migrated once per session, and a copy of it for each test.

    ``CREATE DATABASE ... TEMPLATE`` copies the migrated schema in a few tens of milliseconds, so every test starts
    from the same empty database at the newest schema, as the SQLite tests do by copying a template file.
    """

    def __init__(self, server_url: str):
        from sqlalchemy import create_engine, make_url

        self._server = make_url(server_url)
        self._admin = create_engine(self._server, isolation_level="AUTOCOMMIT").connect()
        self._prefix = f"gcp_desk_test_{os.getpid()}"
        self._numbers = count(1)
        self.template = f"{self._prefix}_template"
        self._run(f'DROP DATABASE IF EXISTS "{self.template}"')
        self._run(f'CREATE DATABASE "{self.template}"')
        self._migrate(self.url(self.template))

    def url(self, database: str) -> str:
        return self._server.set(database=database).render_as_string(hide_password=False)

    def create(self) -> str:
        """A new database at the newest schema, empty; returns its URL."""
        name = f"{self._prefix}_{next(self._numbers)}"
        self._run(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return self.url(name)

    def drop(self, url: str) -> None:
        from sqlalchemy import make_url

        # FORCE: a test that failed half-way may have left a connection open.
        self._run(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')

    def close(self) -> None:
        self._run(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._admin.close()

    def _run(self, statement: str) -> None:
        self._admin.exec_driver_sql(statement)

    @staticmethod
    def _migrate(url: str) -> None:
        from gcp_desk.storage.db import Database
        from gcp_desk.storage.migrate import prepare

        database = Database(url)
        prepare(database, backups_dir=None, server_upgrade=True)  # the test server's own set-up step
        database.dispose()  # a template must have no connections when it is copied


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[PostgresDatabases]:
    databases = PostgresDatabases(os.environ[PG_URL_VARIABLE])
    yield databases
    databases.close()


@pytest.fixture
def postgres_url(database_backend: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """The URL of a fresh PostgreSQL database at the newest schema, dropped after the test."""
    assert database_backend == POSTGRESQL, "postgres_url is for the PostgreSQL run of a test"
    databases: PostgresDatabases = request.getfixturevalue("postgres_databases")
    url = databases.create()
    yield url
    databases.drop(url)


@pytest.fixture(autouse=True)
def quick_key_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Key-file copies of the data key made in tests use a cheap argon2id: the real cost (about a fifth of a second
    on purpose) would add minutes and prove nothing more. ``tests/unit/test_keyfile.py`` checks the real setting."""
    from gcp_desk.security import key_wrapping

    monkeypatch.setattr(key_wrapping, "ARGON2", key_wrapping.Argon2Parameters(memory_kib=256, time_cost=1,
                                                                              parallelism=1))
