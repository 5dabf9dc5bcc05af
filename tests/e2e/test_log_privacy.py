"""The log file holds no case content: after the demo and a forced crash full of children's names, none is in it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from cli_runner import gcp_desk
from gcp_desk.demo.caseload import FAMILY, GIVEN_FEMALE, GIVEN_MALE

CRASH_AFTER_DEMO = textwrap.dedent("""
    import sys
    from pydantic import ValidationError
    from sqlalchemy import text
    from PySide6.QtWidgets import QApplication
    from gcp_desk.app import open_backend
    from gcp_desk.domain.people import Child
    from gcp_desk.logging_setup import start_logging
    from gcp_desk.paths import AppPaths
    from gcp_desk.ui import crash_dialog, crash_handler

    start_logging("forced crash")
    app = QApplication(["test", "-platform", "offscreen"])
    crash_dialog.CrashDialog.exec = lambda self: 0  # shown, and closed at once
    crash_handler.install_crash_handler()
    backend = open_backend(AppPaths.at(sys.argv[1]))
    account = next(a for a in backend.accounts() if a.name == "Sam Whitfield")
    backend.unlock(account.id, "demo-northgate-sam")  # the demo database is encrypted: sign in as the app would
    with backend.db.engine.connect() as connection:
        names = [row[0] + " " + row[1] for row in connection.execute(text(
            "SELECT given_name, family_name FROM children"))]
    name = names[0]

    def crash(make):
        try:
            make()
        except Exception as error:
            sys.excepthook(type(error), error, error.__traceback__)

    def bad_record():
        Child.model_validate({"given_name": name, "family_name": name, "date_of_birth": f"not a date {name}"})

    def bad_statement():
        with backend.db.engine.begin() as connection:
            connection.execute(text("INSERT INTO children (id, given_name) VALUES (:id, :name)"),
                               {"id": name, "name": name})

    def with_name_in_message():
        raise RuntimeError(f"could not open the record of {name}")

    def missing_file():
        open(f"/nonexistent/Report - {name}.pdf", "rb")

    for make in (bad_record, bad_statement, with_name_in_message, missing_file):
        crash(make)
    backend.close()
    print(len(names))
""")


def test_log_has_no_child_name_after_demo_and_a_forced_crash(tmp_path):
    log_folder = tmp_path / "log"
    env = {**os.environ, "GCP_DESK_LOG_DIR": str(log_folder)}
    data = tmp_path / "data"
    os.environ["GCP_DESK_LOG_DIR"], saved = str(log_folder), os.environ["GCP_DESK_LOG_DIR"]
    try:
        made = gcp_desk("demo", "--children", "20", data_dir=data)
    finally:
        os.environ["GCP_DESK_LOG_DIR"] = saved
    assert made.returncode == 0, made.stderr
    crashed = subprocess.run([sys.executable, "-c", CRASH_AFTER_DEMO, str(data)], capture_output=True, text=True,
                             env=env, timeout=120)
    assert crashed.returncode == 0, crashed.stderr
    assert int(crashed.stdout.split()[-1]) >= 20
    log = (log_folder / "gcp-desk.log").read_text(encoding="utf-8")
    assert (log_folder / "gcp-desk.log").stat().st_mode & 0o077 == 0  # the owner's alone
    # The crashes were logged, with where they happened...
    for kind in ("ValidationError", "IntegrityError", "RuntimeError", "FileNotFoundError", "command demo",
                 "forced crash", "bad_statement"):
        assert kind in log, f"{kind} is not in the log"
    # ...and not a single word of any demo child's or family's name.
    words = set(log.replace(",", " ").replace(".", " ").replace("'", " ").split())
    names = set(FAMILY) | set(GIVEN_FEMALE) | set(GIVEN_MALE)
    assert not words & names, f"case content in the log: {sorted(words & names)}"
