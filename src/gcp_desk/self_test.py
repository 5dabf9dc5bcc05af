"""``gcp-desk --self-test``: is this copy of GCP Desk whole? Run by IT after an install, and by the build on the frozen
app, because a frozen build fails only where a file or a module was left out, and only when it is first used.

Every check runs in a throw-away folder (never the user's data), prints one line, and goes on to the next whatever
happened; the exit code is 0 only if every check passed. A check is a function of the ``Run``; add one by appending
it to ``CHECKS``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import __version__
from .paths import AppPaths, resources_dir

if TYPE_CHECKING:
    from .app import Backend
    from .domain.people import User

SELF_TEST_CHILDREN = 6
"""Enough invented children for the demo to hold a countersigned assessment (seed 7)."""


@dataclass
class Run:
    """What the checks share: the throw-away folder, and what one check made for the next."""

    folder: Path
    made: dict[str, Any] = field(default_factory=dict)

    def backend(self) -> Backend:
        backend = self.made.get("backend")
        if backend is None:
            raise SelfTestFailed("the database check did not open a database")
        return backend


class SelfTestFailed(Exception):
    """A check found something wrong; the message says what."""


def check_migrations(run: Run) -> str:
    from .app import open_backend
    from .storage.migrate import schema_version
    from .storage.schema_version import SCHEMA_HEAD

    backend = open_backend(AppPaths.at(run.folder / "data"))
    run.made["backend"] = backend
    found = schema_version(backend.db)
    if found != SCHEMA_HEAD:
        raise SelfTestFailed(f"a new database is at schema {found}, not {SCHEMA_HEAD}")
    return f"a new database migrated to schema {found}"


def check_instrument(run: Run) -> str:
    from .scoring.instruments import BUILTIN_FILE, content_hash, load_instrument

    path = resources_dir() / "instruments" / BUILTIN_FILE
    instrument = load_instrument(path)  # validated: the schema and every rule
    items = sum(len(domain.items) for domain in instrument.domains)
    if len(instrument.domains) != 6:
        raise SelfTestFailed(f"the built-in instrument has {len(instrument.domains)} domains, not 6")
    run.made["instrument"] = instrument
    return f"{instrument.title} {instrument.version}: {items} items, hash {content_hash(instrument)[:12]}"


def check_fonts(run: Run) -> str:
    from .reports.fonts import register_fonts

    register_fonts()
    return "report fonts registered"


def check_demo(run: Run) -> str:
    from .demo.caseload import DemoCaseload

    backend = run.backend()
    demo = DemoCaseload(backend.db, today=date.today())
    summary = demo.write(SELF_TEST_CHILDREN)
    from .app import give_demo_passwords

    give_demo_passwords(backend, demo.users)
    return f"{summary.children} invented children, {summary.assessments} assessments written"


def check_scoring(run: Run) -> str:
    from .domain.enums import AssessmentStatus
    from .scoring.suggest import suggest_domain_grade

    user, assessment = _countersigned(run)
    service = run.backend().assessments(user)
    instrument = service.instrument_for(assessment)
    suggested = [suggest_domain_grade(instrument, assessment, domain.id) for domain in instrument.domains]
    if not any(suggested):
        raise SelfTestFailed("no domain grade could be suggested for a fully graded assessment")
    if assessment.status is not AssessmentStatus.COUNTERSIGNED:
        raise SelfTestFailed(f"the assessment read back is {assessment.status.value}, not countersigned")
    grades = " ".join(str(suggestion.grade) if suggestion else "-" for suggestion in suggested)
    return f"domain grades suggested: {grades}"


def check_chart(run: Run) -> str:
    from .charts.export import save_figure
    from .charts.over_time import domain_grades_over_time

    user, assessment = _countersigned(run)
    service = run.backend().assessments(user)
    history = [(one, service.instrument_for(one)) for one in service.history(assessment.child_id)]
    figure = domain_grades_over_time(history)
    png = save_figure(figure, run.folder / "chart.png")
    svg = save_figure(figure, run.folder / "chart.svg")
    if not png.read_bytes().startswith(b"\x89PNG") or b"<svg" not in svg.read_bytes()[:2000]:
        raise SelfTestFailed("the chart files are not a PNG and an SVG")
    return f"chart saved as PNG ({png.stat().st_size // 1024} KB) and SVG ({svg.stat().st_size // 1024} KB)"


def check_signed_report(run: Run) -> str:
    """Built and signed in the report worker, as the app makes its previews: a frozen build whose worker process
    cannot start (``multiprocessing.freeze_support``) or lacks a module fails here."""
    from .reports.worker import ReportWorker

    user, assessment = _countersigned(run)
    reports = run.backend().reports(user)
    worker = ReportWorker()
    try:
        pdf = reports.assessment_report(assessment.id, builder=worker)
    finally:
        worker.stop()
    (run.folder / "report.pdf").write_bytes(pdf)
    result = reports.verify(pdf, check_record=True)
    if not result.ok:
        raise SelfTestFailed("the signed report does not verify: " + "; ".join(result.problems))
    tampered = reports.verify(pdf.replace(b"/Producer", b"/Produced", 1), check_record=False)
    if tampered.ok:
        raise SelfTestFailed("a report changed after signing still verifies")
    return (f"report PDF built and signed in the report worker and verified ({len(pdf) // 1024} KB); a changed copy "
            "is refused")


def check_encryption(run: Run) -> str:
    """The database and its write-ahead log are SQLCipher: no plain header, no demo name in any byte, a wrong
    key refused, and a wrong password refused by the key file."""
    from .domain.errors import WrongPassword
    from .storage import cipher
    from .storage.encryption import is_plain_sqlite

    backend = run.backend()
    database = backend.paths.database
    if is_plain_sqlite(database):
        raise SelfTestFailed(f"{database.name} is a plain SQLite file")
    users = backend.users().accounts()
    with backend.db.transaction(write=False) as uow:  # storage's own read: the self-test's own invented children
        rows = uow.caseload.rows()
    # Words long enough that ciphertext cannot hold them by chance.
    words = {word.encode() for row in rows for word in (row.given_name, row.family_name) if len(word) >= 5}
    for path in database.parent.glob("gcp-desk.db*"):
        content = path.read_bytes()
        found = [word.decode() for word in words if word in content]
        if found:
            raise SelfTestFailed(f"{path.name} holds readable names ({', '.join(sorted(found))})")
    try:
        cipher.connect(database, key=bytes(32), mode="ro").close()
    except Exception:  # noqa: BLE001 - refused, as it must be
        pass
    else:
        raise SelfTestFailed("the database opened with a wrong key")
    try:
        backend.key_file.unlock(users[0].id, "not the password at all")
    except WrongPassword:
        backend.key_file.lift_lockout(users[0].id)
    else:
        raise SelfTestFailed("the key file took a wrong password")
    connection = cipher.connect(database, key=backend.keys.data_key, mode="ro")
    try:
        version = connection.execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        connection.close()
    return f"SQLCipher {version}; no name readable on disk; a wrong key and a wrong password refused"


def check_window(run: Run) -> str:
    from .ui.self_test_window import draw_window_offscreen

    return draw_window_offscreen(run.folder / "window.png")


CHECKS: list[tuple[str, Callable[[Run], str]]] = [
    ("database and migrations", check_migrations),
    ("instrument", check_instrument),
    ("report fonts", check_fonts),
    ("demo caseload", check_demo),
    ("scoring", check_scoring),
    ("chart to PNG and SVG", check_chart),
    ("signed report", check_signed_report),
    ("encrypted database", check_encryption),
    ("window drawn offscreen", check_window),
]


def run_self_test(out: TextIO, *, keep: Path | None = None) -> int:
    """Run every check, one line each; 0 if all passed, 1 otherwise. ``keep``: leave what was made there."""
    folder = Path(tempfile.mkdtemp(prefix="gcp-desk-self-test-"))
    run = Run(folder)
    failures = 0
    print(f"GCP Desk {__version__} self-test, in {folder}", file=out)
    started = time.perf_counter()
    try:
        for name, check in CHECKS:
            began = time.perf_counter()
            try:
                said = check(run)
            except Exception as error:  # a self-test reports every failure and goes on
                failures += 1
                print(f"FAIL  {name}: {_in_words(error)}", file=out)
                if os.environ.get("GCP_DESK_SELF_TEST_TRACE"):
                    traceback.print_exc(file=out)
            else:
                print(f"ok    {name}: {said} ({time.perf_counter() - began:.1f} s)", file=out)
    finally:
        backend = run.made.get("backend")
        if backend is not None:
            backend.close()
        if keep is not None:
            shutil.copytree(folder, keep, dirs_exist_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
    passed = len(CHECKS) - failures
    print(f"self-test: {passed} of {len(CHECKS)} checks passed in {time.perf_counter() - started:.1f} s", file=out)
    return 0 if failures == 0 else 1


def _countersigned(run: Run) -> tuple[User, Any]:
    """A countersigned assessment of the demo, and a practitioner of its team who may read it."""
    if "countersigned" in run.made:
        return run.made["countersigned"]
    from .domain.enums import AssessmentStatus
    from .demo.accounts import DEMO_ACCOUNTS

    backend = run.backend()
    users = {user.name: user for user in backend.users().accounts()}
    for account in DEMO_ACCOUNTS:
        user = backend.unlock(users[account.name].id, account.password)
        for row in backend.children(user).caseload():
            for assessment in backend.assessments(user).history(row.child_id):
                if assessment.status is AssessmentStatus.COUNTERSIGNED:
                    run.made["countersigned"] = (user, assessment)
                    return user, assessment
    raise SelfTestFailed("the demo caseload holds no countersigned assessment")


def _in_words(error: BaseException) -> str:
    """The failure in a line: its kind, and its message (pydantic's without the values it was given)."""
    errors = getattr(error, "errors", None)
    if callable(errors) and type(error).__name__ == "ValidationError":
        parts = [f"{'.'.join(str(p) for p in one['loc'])}: {one['msg']}" for one in errors(include_input=False)]
        return f"ValidationError: {'; '.join(parts)}"
    return f"{type(error).__name__}: {error}"
