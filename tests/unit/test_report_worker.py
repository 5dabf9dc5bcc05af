"""The report worker: reports built and signed in a separate process, the same report as built here, the signing
key opened there from what crosses the pipe, a plain message if it stops, and another started for the next."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from report_builders import page_texts, sample_report_data

from gcp_desk.reports.building import LOCAL, SigningKey
from gcp_desk.reports.signing import SigningKeyUnavailable
from gcp_desk.reports.verify import verify_pdf
from gcp_desk.reports.worker import ReportWorker, ReportWorkerStopped
from gcp_desk.scoring.signing_content import assessment_content_hash

ORGANISATION = "Testbury Children's Services"
DATA_KEY = bytes(range(32))


@pytest.fixture
def worker():
    worker = ReportWorker()
    yield worker
    worker.stop()


def test_the_worker_builds_and_signs_the_report_this_process_would(worker, tmp_path):
    data = sample_report_data()
    content = assessment_content_hash(data.assessment)  # the signatures carry it, as the services record them
    data = dataclasses.replace(data, signatures=tuple(s.model_copy(update={"content_hash": content})
                                                      for s in data.signatures))
    key = SigningKey(tmp_path / "signing", ORGANISATION, data_key=DATA_KEY)
    made_here = LOCAL.assessment_report(data, key, reason="Countersigned", location=ORGANISATION)
    made_there = worker.assessment_report(data, key, reason="Countersigned", location=ORGANISATION)
    assert worker.pid not in (None, os.getpid())
    assert page_texts(made_there) == page_texts(made_here)  # the same pages, word for word
    certificate = key.open().certificate_der  # the one key, sealed under the data key, opened on both sides
    result = verify_pdf(made_there, expected_hash=content, trust_self_signed_cert=certificate)
    assert result.ok, result.problems
    assert "Maisie" in page_texts(worker.family_summary(data))[0]


def test_a_failure_in_the_worker_comes_back_in_its_words(worker, tmp_path):
    key = SigningKey(tmp_path, ORGANISATION, configured=str(tmp_path / "missing.p12"), passphrase="secret")
    with pytest.raises(SigningKeyUnavailable, match="could not be read"):
        worker.assessment_report(sample_report_data(), key)
    assert "secret" not in repr(key) and repr(DATA_KEY) not in repr(SigningKey(tmp_path, "x", data_key=DATA_KEY))


def test_a_worker_that_stops_mid_report_is_said_plainly_and_the_next_request_starts_another(worker, tmp_path):
    data = sample_report_data()
    worker.start()
    first = worker.pid
    # Still loading its libraries when the request arrives: ended before it can answer.
    threading.Timer(0.3, lambda: os.kill(first, 9)).start()
    with pytest.raises(ReportWorkerStopped, match="stopped unexpectedly. Nothing was lost. Try again"):
        worker.assessment_report(data, None)
    pdf = worker.assessment_report(data, None)
    assert worker.pid not in (None, first)
    assert "Maisie" in page_texts(pdf)[0]


def test_stopping_ends_the_process(worker):
    worker.start()
    pid = worker.pid
    worker.stop()
    assert worker.pid is None
    deadline = time.monotonic() + 5
    while Path(f"/proc/{pid}").exists() and _state(pid) != "Z" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{pid}").exists() or _state(pid) == "Z"


def test_the_worker_leaves_when_the_app_is_gone(tmp_path):
    """The app killed outright: the worker reads the end of its pipe and leaves."""
    script = ("import sys, time\n"
              "from gcp_desk.reports.worker import ReportWorker\n"
              "if __name__ == '__main__':\n"
              "    w = ReportWorker(); w.start(); print(w.pid, flush=True); time.sleep(60)\n")
    (tmp_path / "app.py").write_text(script)
    app = subprocess.Popen([sys.executable, str(tmp_path / "app.py")], stdout=subprocess.PIPE, text=True)
    pid = int(app.stdout.readline())
    app.kill()
    app.wait()
    deadline = time.monotonic() + 30
    while Path(f"/proc/{pid}").exists() and _state(pid) != "Z" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not Path(f"/proc/{pid}").exists() or _state(pid) == "Z"


def test_the_app_side_loads_none_of_the_report_libraries(tmp_path):
    script = ("import sys\n"
              f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
              "from report_builders import sample_report_data\n"
              "from gcp_desk.reports.worker import ReportWorker\n"
              "if __name__ == '__main__':\n"
              "    w = ReportWorker(); pdf = w.assessment_report(sample_report_data(), None); w.stop()\n"
              "    print(pdf[:5].decode(), sorted(m for m in ('reportlab', 'matplotlib', 'pyhanko') "
              "if m in sys.modules))\n")
    (tmp_path / "app.py").write_text(script)
    out = subprocess.run([sys.executable, str(tmp_path / "app.py")], capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["%PDF-", "[]"], out.stderr[-2000:]


def test_the_apps_starting_script_brings_no_database_or_window_libraries_into_the_worker():
    """Started with "spawn", the worker imports the script that started the app (``gcp-desk-app`` imports
    ``gcp_desk.gui``) before it runs; that module must leave the backend (``gcp_desk.app``), SQLAlchemy, pydantic
    and Qt to the app's own start, or each report worker spends its start loading them."""
    script = ("import sys\n"
              "import gcp_desk.gui\n"
              "print(sorted(m for m in ('gcp_desk.app', 'sqlalchemy', 'pydantic', 'PySide6') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["[]"], out.stdout + out.stderr[-2000:]


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def test_stopping_does_not_wait_for_a_report_under_way(worker):
    errors: list = []

    def ask() -> None:
        try:
            worker.assessment_report(sample_report_data(), None)
        except ReportWorkerStopped as error:
            errors.append(error)

    worker.start()
    asking = threading.Thread(target=ask)
    asking.start()
    time.sleep(0.3)  # the worker is still loading its libraries: the request waits for its answer
    started = time.monotonic()
    worker.stop()
    asking.join(10)
    assert time.monotonic() - started < 2 and errors and worker.pid is None


def test_a_prepared_worker_has_the_key_open_and_a_failed_preparation_does_not_stand_in_the_way(worker, tmp_path):
    data = sample_report_data()
    worker.prepare(SigningKey(tmp_path, ORGANISATION, configured=str(tmp_path / "missing.p12")))  # fails there
    key = SigningKey(tmp_path / "signing", ORGANISATION, data_key=DATA_KEY)
    worker.prepare(key)  # returns at once; the key is made, opened and used once in the worker
    pdf = worker.assessment_report(data, key, reason="Countersigned", location=ORGANISATION)
    assert (tmp_path / "signing" / "organisation-signing.p12").exists()
    assert "Maisie" in page_texts(pdf)[0] and b"/ByteRange" in pdf


def test_the_invented_practice_report_builds_whole_with_its_chart(tmp_path):
    """What ``prepare`` builds before any real report: a failure there would pass unseen (it is ignored)."""
    from gcp_desk.reports import worker_process
    from gcp_desk.reports.practice_report import practice_report_data

    pdf = LOCAL.assessment_report(practice_report_data(), None)
    assert "Practice Page" in page_texts(pdf)[0] and b"/Subtype /Image" in pdf
    worker_process.prepare(SigningKey(tmp_path, ORGANISATION, data_key=DATA_KEY))  # signs it too, without error


def test_preparing_stops_at_the_next_step_once_a_real_request_waits(tmp_path):
    from gcp_desk.reports import worker_process

    looks: list[int] = []

    def waiting() -> bool:
        looks.append(1)
        return len(looks) > 2  # a request arrives while the key is being opened

    key = SigningKey(tmp_path / "signing", ORGANISATION, data_key=DATA_KEY)
    worker_process.prepare(key, waiting)
    assert len(looks) == 3  # the chart drawn, the key opened (and made), then nothing more
    assert (tmp_path / "signing" / "organisation-signing.p12").exists()


def test_a_closed_worker_is_not_started_again(worker):
    worker.start()
    worker.close()
    worker.prepare(None)  # a warm-up timer that fires after the window closed
    assert worker.pid is None
    with pytest.raises(ReportWorkerStopped):
        worker.family_summary(sample_report_data())


MADE = "Made 16 March 2026 at {} GMT"


def _made_at(data, hour: int, minute: int):
    from datetime import UTC, datetime

    return dataclasses.replace(data, generated_at=datetime(2026, 3, 16, hour, minute, tzinfo=UTC))


def test_a_report_built_ahead_is_given_for_the_same_record_and_built_again_for_a_changed_one(worker, tmp_path):
    """The report says when it was made: the one built ahead (09:07) is given when the record read at the click
    (17:53) is the same in every other way; a changed record gets a report built from it."""
    data = sample_report_data()
    content = assessment_content_hash(data.assessment)
    data = dataclasses.replace(data, signatures=tuple(s.model_copy(update={"content_hash": content})
                                                      for s in data.signatures))
    key = SigningKey(tmp_path / "signing", ORGANISATION, data_key=DATA_KEY)
    worker.build_ahead(_made_at(data, 9, 7), key, reason="Countersigned", location=ORGANISATION)
    pdf = worker.assessment_report(_made_at(data, 17, 53), key, reason="Countersigned", location=ORGANISATION)
    words = " ".join(page_texts(pdf))
    assert MADE.format("09:07") in words and MADE.format("17:53") not in words
    assert verify_pdf(pdf, expected_hash=content, trust_self_signed_cert=key.open().certificate_der).ok

    again = worker.assessment_report(_made_at(data, 17, 53), key, reason="Countersigned", location=ORGANISATION)
    assert MADE.format("17:53") in " ".join(page_texts(again))  # given once: the next request builds its own

    worker.build_ahead(_made_at(data, 9, 7), key, reason="Countersigned", location=ORGANISATION)
    changed = dataclasses.replace(_made_at(data, 17, 53), organisation="Eastmoor Council")
    words = " ".join(page_texts(worker.assessment_report(changed, key, reason="Countersigned",
                                                         location=ORGANISATION)))
    assert MADE.format("17:53") in words and "Eastmoor Council" in words and MADE.format("09:07") not in words


def test_a_report_built_ahead_is_not_kept_past_a_minute_nor_built_when_a_request_waits(monkeypatch):
    from gcp_desk.reports import worker_process

    data = sample_report_data()
    ahead = worker_process.Ahead()
    assert ahead.build((data, None, "", ""), waiting=lambda: True) is False  # the waiting request comes first
    assert ahead.take((data, None, "", "")) is None
    assert ahead.build((data, None, "", ""), waiting=lambda: False) is True
    now = time.monotonic()
    monkeypatch.setattr(worker_process.time, "monotonic", lambda: now + worker_process.AHEAD_KEPT_S + 1)
    assert ahead.take((data, None, "", "")) is None


def test_a_report_built_ahead_is_given_up_for_another_request_but_not_for_its_own():
    from gcp_desk.reports import worker_process

    data = sample_report_data()
    arguments = (_made_at(data, 9, 7), None, "", "")
    asked: list[int] = []

    def another() -> list[tuple]:
        asked.append(1)
        return [("family", data)]

    ahead = worker_process.Ahead()
    assert ahead.build(arguments, waiting=lambda: False, read_waiting=another) is False
    assert len(asked) == 1  # given up at the first step, before the chart was drawn
    assert ahead.take(arguments) is None

    its_own = ("assessment", _made_at(data, 17, 53), None, "", "")  # the click on the same record
    assert ahead.build(arguments, waiting=lambda: False, read_waiting=lambda: [its_own]) is True
    assert MADE.format("09:07") in " ".join(page_texts(ahead.take(its_own[1:])))


def test_preparing_lays_the_practice_report_out_whole_but_gives_it_up_for_a_request(monkeypatch):
    from gcp_desk.reports import assessment_report, worker_process

    pages: list[bytes] = []
    real = assessment_report.build_assessment_report
    monkeypatch.setattr(assessment_report, "build_assessment_report",
                        lambda data: pages.append(real(data)) or pages[-1])
    worker_process.prepare(None)
    assert pages and pages[-1].startswith(b"%PDF-")  # laid out whole when nothing is waiting

    pages.clear()
    asked = iter([False, False, True])  # a request comes in as the report is being laid out
    worker_process.prepare(None, waiting=lambda: next(asked, True))
    assert pages == []  # given up: the request is answered first
