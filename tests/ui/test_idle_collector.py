"""The oldest objects are walked for cycles once the worker has been quiet for a moment, never while a keypress's
grade is being stored."""

from __future__ import annotations

import threading

from gcp_desk.ui import idle_collector
from gcp_desk.ui.idle_collector import IdleCollector
from gcp_desk.ui.tasks import TaskRunner


def test_the_oldest_generation_is_walked_once_the_worker_is_quiet_and_not_while_it_works(qtbot, monkeypatch):
    monkeypatch.setattr(idle_collector, "QUIET_MS", 50)
    walks: list[bool] = []
    monkeypatch.setattr(idle_collector, "collect_oldest_when_due", lambda: walks.append(True) or True)
    runner = TaskRunner()
    collector = IdleCollector(runner)
    release = threading.Event()
    runner.run(lambda: release.wait(5))
    qtbot.wait(300)
    assert walks == [], "nothing is walked while the worker stores a grade"
    assert not collector.collect()
    release.set()
    qtbot.waitUntil(lambda: walks == [True], timeout=5000)
    runner.run(lambda: None)
    qtbot.waitUntil(lambda: walks == [True, True], timeout=5000)  # and again after the next piece of work
