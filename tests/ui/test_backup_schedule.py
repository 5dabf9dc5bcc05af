"""The app's own backups: the daily one after sign-in (on the worker), and one at close only when something changed
since the last."""

from __future__ import annotations

from datetime import date

import pytest

from gcp_desk.storage.backup_store import stored_backups
from shell_support import demo_user

pytestmark = pytest.mark.sqlite_only


def test_the_daily_backup_is_made_after_sign_in_and_a_close_with_nothing_changed_makes_none(
        make_window, demo_paths, demo_backend):
    user = demo_user(demo_backend)
    demo_backend.close()
    window = make_window(demo_paths, user)
    schedule = window.integrity_watch.backups
    made = stored_backups(demo_paths.backups_dir)
    assert [backup.label for backup in made] == ["auto"] and schedule.last_outcome.path == made[0].path
    assert made[0].head_file.exists()
    window.close()  # only read since: no second copy
    assert "nothing has changed" in schedule.last_outcome.skipped
    assert stored_backups(demo_paths.backups_dir) == made


def test_a_change_is_backed_up_when_the_window_closes(make_window, demo_paths, demo_backend):
    user = demo_user(demo_backend)
    demo_backend.close()
    window = make_window(demo_paths, user)
    first = stored_backups(demo_paths.backups_dir)
    window.session.backend.children(user).create_child(given_name="Kit", family_name="Testcase",
                                                       date_of_birth=date(2020, 1, 1))
    window.close()
    schedule = window.integrity_watch.backups
    assert schedule.last_problem is None and schedule.last_outcome.path is not None
    now = stored_backups(demo_paths.backups_dir)
    assert now[0].path == schedule.last_outcome.path and now[0].path not in [backup.path for backup in first]


def test_a_backup_that_cannot_be_made_at_close_never_stops_the_window_closing(make_window, demo_paths,
                                                                             demo_backend, monkeypatch):
    from gcp_desk.services import backups

    user = demo_user(demo_backend)
    demo_backend.close()
    window = make_window(demo_paths, user)
    window.session.backend.children(user).create_child(given_name="Kit", family_name="Testcase",
                                                       date_of_birth=date(2020, 1, 1))
    monkeypatch.setattr(backups, "free_bytes", lambda _folder: 0)
    window.close()
    problem = window.integrity_watch.backups.last_problem
    assert problem is not None and "No backup was made" in problem
    assert not window.isVisible()
