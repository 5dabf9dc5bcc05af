"""The worker's order: what is asked for runs in the order asked, except background reads, which run on a thread of
their own once every other op queued is done, so a keypress made while an assessment's screen is still reading is
stored first, even when the read is already under way."""

from __future__ import annotations

import threading

import pytest

from gcp_desk.ui.tasks import TaskRunner


def test_a_write_queued_behind_background_reads_runs_before_them_and_each_kind_keeps_its_order(qtbot):
    runner = TaskRunner()
    started, release, ran, delivered = threading.Event(), threading.Event(), [], []

    def first() -> str:
        started.set()
        release.wait(5)
        return "opening"

    def op(name: str):
        def run() -> str:
            ran.append(name)
            return name
        return run

    runner.run(first, delivered.append)
    assert started.wait(5)  # the worker is busy: everything below queues
    runner.run(op("review read"), delivered.append, background=True)
    runner.run(op("plan read"), delivered.append, background=True)
    runner.run(op("grade 1"), delivered.append)
    runner.run(op("grade 2"), delivered.append)
    release.set()
    qtbot.waitUntil(lambda: not runner.is_busy, timeout=5000)
    assert ran == ["grade 1", "grade 2", "review read", "plan read"]
    assert delivered == ["opening", "grade 1", "grade 2", "review read", "plan read"]


def test_a_write_asked_for_while_a_background_read_runs_is_stored_without_waiting_for_it(qtbot):
    runner = TaskRunner()
    reading, release, delivered = threading.Event(), threading.Event(), []

    def slow_read() -> str:
        reading.set()
        release.wait(5)
        return "sibling grid"

    runner.run(slow_read, delivered.append, background=True)
    assert reading.wait(5)  # the read is under way
    runner.run(lambda: "grade", delivered.append)
    qtbot.waitUntil(lambda: delivered == ["grade"], timeout=5000)
    assert runner.is_busy, "the read is still under way"
    release.set()
    qtbot.waitUntil(lambda: not runner.is_busy, timeout=5000)
    assert delivered == ["grade", "sibling grid"]


def test_a_background_read_under_way_waits_at_its_next_statement_while_a_write_is_stored(qtbot):
    runner = TaskRunner()
    at_first, go_on, write_started, finish_write, order = (threading.Event(), threading.Event(), threading.Event(),
                                                             threading.Event(), [])

    def read() -> str:
        order.append("read: first statement")
        at_first.set()
        go_on.wait(5)
        runner.hold_background_read()  # what the database calls before each statement of a read-only unit
        order.append("read: next statement")
        return "read"

    def write() -> str:
        write_started.set()
        finish_write.wait(5)
        order.append("write")
        return "write"

    runner.run(read, background=True)
    assert at_first.wait(5)
    runner.run(write)
    assert write_started.wait(5)
    go_on.set()
    qtbot.wait(200)
    assert order == ["read: first statement"], "the read waits while the write is under way"
    finish_write.set()
    qtbot.waitUntil(lambda: not runner.is_busy, timeout=5000)
    assert order == ["read: first statement", "write", "read: next statement"]
    runner.hold_background_read()  # on any other thread it never waits


def test_in_synchronous_mode_a_background_read_runs_at_once():
    runner = TaskRunner(synchronous=True)
    got = []
    runner.run(lambda: "read", got.append, background=True)
    assert got == ["read"]


def test_the_worker_hands_the_interpreter_to_the_window_sooner_than_python_s_default(qtbot):
    import sys

    from gcp_desk.ui.tasks import SWITCH_INTERVAL_S

    before = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)  # Python's default
        TaskRunner()
        assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL_S) and SWITCH_INTERVAL_S <= 0.001
    finally:
        sys.setswitchinterval(before)
