"""``gcp-desk retention`` as an administrator runs it: the records due for review and those kept for now with the
date they are due again; keeping one for now with a reason and a number of years; deleting one; and a clear message,
with nothing recorded, for an unknown child or reason."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from cli_runner import gcp_desk, open_unlocked


def _years_on(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@pytest.fixture(scope="module")
def laptop(tmp_path_factory) -> dict:
    """A demo laptop where two children's records were made long ago: they have turned 25 since."""
    from sqlalchemy import update

    from gcp_desk.storage import orm

    folder = tmp_path_factory.mktemp("retention")
    assert gcp_desk("demo", "--children", "8", "--quiet", data_dir=folder).returncode == 0
    backend = open_unlocked(folder, "Sam Whitfield")
    try:
        sam = next(user for user in backend.accounts() if user.name == "Sam Whitfield")
        rows = backend.children(sam).caseload()[:2]
        names = {}
        with backend.db.transaction() as uow:  # the app refuses a birth date over 25 years ago as a typing slip
            for row, born in zip(rows, (date(1999, 3, 4), date(2000, 10, 7)), strict=True):
                uow.session.execute(update(orm.children).where(orm.children.c.id == row.child_id)
                                    .values(date_of_birth=born))
                names[row.child_id] = (row.full_name, born)
    finally:
        backend.close()
    return {"folder": folder, "children": names}


def _audit(folder, *actions):
    backend = open_unlocked(folder, "Alex Morrow")
    try:
        with backend.db.read() as uow:
            return uow.audit.events_of(actions)
    finally:
        backend.close()


def test_list_keep_and_list_again(laptop):
    folder, children = laptop["folder"], laptop["children"]
    first, second = children
    listed = gcp_desk("retention", "list", data_dir=folder, as_="Alex Morrow")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert "2 records due for review" in lines
    row = next(line for line in lines if line.startswith(str(first)))
    assert children[first][0] in row and "never kept" in row and "turned 25 on 4 Mar 2024" in row
    kept = gcp_desk("retention", "keep", str(first), "--reason", "looked-after", "--years", "3", data_dir=folder,
                    as_="Alex Morrow")
    assert kept.returncode == 0, kept.stderr
    until = _years_on(children[first][1], 75)  # looked after: not due again before the 75th birthday
    assert f"due for review again on {until.isoformat()}" in kept.stdout
    again = gcp_desk("--as", "Alex Morrow", "--password-stdin", "retention", "list", data_dir=folder,
                     stdin="demo-admin-alex\n")
    assert again.returncode == 0, again.stderr
    lines = again.stdout.splitlines()
    assert "1 record due for review" in lines and "1 record kept for now" in lines
    assert not any(line.startswith(str(first)) for line in lines[:lines.index("1 record due for review")])
    kept_line = next(line for line in lines if line.startswith(str(first)))
    assert f"kept until {until.isoformat()}, the age of 75 for children looked after" in kept_line
    assert "by Alex Morrow (administrator): the child is or was looked after" in kept_line
    events = _audit(folder, "retention.keep")
    assert [(e.entity_id, e.after["reason"], e.after["years"]) for e in events] == [(str(first), "looked-after", 3)]
    assert children[first][0].split()[0] not in str(events[0].after)


def test_an_unknown_child_or_reason_is_named_and_nothing_is_recorded(laptop):
    folder, children = laptop["folder"], laptop["children"]
    before = len(_audit(folder, "retention.keep"))
    some = str(next(iter(children)))
    bad_reason = gcp_desk("retention", "keep", some, "--reason", "because", data_dir=folder, as_="Alex Morrow")
    assert bad_reason.returncode != 0
    assert "'because' is not a reason to keep a record. Choose one of: still-involved (" in bad_reason.stderr
    assert "looked-after (" in bad_reason.stderr
    no_reason = gcp_desk("retention", "keep", some, data_dir=folder, as_="Alex Morrow")
    assert no_reason.returncode != 0 and "retention keep needs --reason: still-involved" in no_reason.stderr
    not_an_id = gcp_desk("retention", "keep", "Jayden", "--reason", "other", data_dir=folder, as_="Alex Morrow")
    assert not_an_id.returncode != 0 and "'Jayden' is not a child id" in not_an_id.stderr
    nobody = "00000000-0000-4000-8000-000000000000"
    unknown = gcp_desk("retention", "keep", nobody, "--reason", "other", data_dir=folder, as_="Alex Morrow")
    assert unknown.returncode != 0 and f"There is no child with the id {nobody}" in unknown.stderr
    too_long = gcp_desk("retention", "keep", some, "--reason", "other", "--years", "11", data_dir=folder,
                        as_="Alex Morrow")
    assert too_long.returncode != 0 and "1 to 10 years" in too_long.stderr
    assert len(_audit(folder, "retention.keep")) == before


def test_a_practitioner_is_refused(laptop):
    folder, children = laptop["folder"], laptop["children"]
    refused = gcp_desk("retention", "keep", str(next(iter(children))), "--reason", "other", data_dir=folder,
                       as_="Sam Whitfield")
    assert refused.returncode != 0 and "Only an administrator" in refused.stderr


def test_delete_takes_a_deletion_reason(laptop):
    folder, children = laptop["folder"], laptop["children"]
    second = list(children)[1]
    wrong = gcp_desk("retention", "delete", str(second), "--reason", "looked-after", data_dir=folder,
                     as_="Alex Morrow")
    assert wrong.returncode != 0 and "'looked-after' is not a reason to delete a record" in wrong.stderr
    deleted = gcp_desk("retention", "delete", str(second), "--reason", "retention-period", data_dir=folder,
                       as_="Alex Morrow")
    assert deleted.returncode == 0, deleted.stderr
    assert deleted.stdout.startswith(f"Deleted child {second}:")
    listed = gcp_desk("retention", "list", data_dir=folder, as_="Alex Morrow")
    assert str(second) not in listed.stdout and UUID(str(second))


def test_the_help_names_the_services_reasons():
    from gcp_desk.cli.retention import DELETION_REASONS, KEEP_REASONS
    from gcp_desk.services.retention import DeletionReason, KeepReason

    assert KEEP_REASONS == tuple(reason.value for reason in KeepReason)
    assert DELETION_REASONS == tuple(reason.value for reason in DeletionReason if reason != "deleted-at-origin")
