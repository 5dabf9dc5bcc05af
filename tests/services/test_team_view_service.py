"""team_view: the supervisor's team, worst first, with direction over six months, drift, overdue reassessments and
returns waiting; nobody else sees it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from gcp_desk.domain.enums import AssessmentStatus, PlanType
from gcp_desk.domain.errors import PermissionDenied
from gcp_desk.scoring.team import Direction
from gcp_desk.services.team_view import TeamViewService

from conftest_services import TODAY
from history_builders import profile, store, weeks_ago


def service_of(backend, user):
    return TeamViewService(replace(backend.context(user), today=lambda: TODAY))


def test_team_view_reads_each_child_worst_first_with_direction_and_drift(services, supervisor):
    worsening = services.children.create_child(given_name="Ash", family_name="Testcase",
                                               date_of_birth=TODAY - timedelta(days=8 * 365),
                                               plan_type=PlanType.CHILD_PROTECTION)
    improving = services.children.create_child(given_name="Bea", family_name="Testcase",
                                               date_of_birth=TODAY - timedelta(days=8 * 365))
    author = services.user.id
    store(services.backend,
          *[a.model_copy(update={"created_by": author}) for a in (
              profile(worsening, weeks_ago(40), {"emotional": 2}),
              profile(worsening, weeks_ago(20), {"emotional": 5}),
              profile(worsening, weeks_ago(2), {"emotional": 5}),
              profile(improving, weeks_ago(30), {"physical": 4}),
              profile(improving, weeks_ago(3), {"physical": 2}, status=AssessmentStatus.RETURNED))])
    picture = service_of(services.backend, supervisor.user).picture()
    first, second = picture.children
    assert (first.name, first.worst_domain, first.worst_grade, first.direction) == (
        "Ash Testcase", "Emotional care", 5, Direction.WORSENING)
    assert "No improvement: Emotional care" in first.drift and "Worse than baseline: Emotional care" in first.drift
    assert (second.name, second.direction) == ("Bea Testcase", Direction.IMPROVING)
    assert (picture.count(Direction.IMPROVING), picture.count(Direction.WORSENING)) == (1, 1)
    assert picture.returns_waiting == 1 and picture.with_drift == 1
    assert picture.by_worst_grade()[5] == 1


def test_team_view_is_for_supervisors_only(services):
    with pytest.raises(PermissionDenied, match="Only a supervisor"):
        service_of(services.backend, services.user).picture()


def test_team_view_prints_the_counts_the_charts_and_every_child(services, supervisor):
    import io

    from pypdf import PdfReader

    child = services.children.create_child(given_name="Ash", family_name="Testcase",
                                           date_of_birth=TODAY - timedelta(days=8 * 365))
    store(services.backend, profile(child, weeks_ago(2), {"emotional": 5}).model_copy(
        update={"created_by": services.user.id}))
    pdf = service_of(services.backend, supervisor.user).printable()
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Team view for Test Supervisor" in text
    assert "1 child whose latest assessment is by your team." in text
    assert "Ash Testcase Emotional care (5)" in text
    assert any("/Image" in str(page.get("/Resources", {}).get("/XObject", {})) or
               page.get("/Resources", {}).get("/XObject") for page in reader.pages)
    (services.backend.paths.data_dir / "team-view.pdf").write_bytes(pdf)
    import shutil

    shutil.copy(services.backend.paths.data_dir / "team-view.pdf", "/tmp/i15pdf/team-view.pdf")


def test_team_view_names_families_by_the_household_heading_told_apart_where_names_are_shared(services,
                                                                                            supervisor):
    made = {}
    for given, address in (("Ash", "2 Mill Lane, Testbury TB7 2QX"), ("Bea", None),
                           ("Cal", "9 Quay Street, Testbury TB12 8RD"), ("Dot", None)):
        first = made.get({"Bea": "Ash", "Dot": "Cal"}.get(given, ""))
        made[given] = services.children.create_child(
            given_name=given, family_name="Zyzzell", date_of_birth=TODAY - timedelta(days=8 * 365),
            new_household=("Zyzzell household", address) if first is None else None,
            household_id=first.household_id if first is not None else None)
    lone = services.children.create_child(given_name="Eli", family_name="Zyzzell",
                                          date_of_birth=TODAY - timedelta(days=5 * 365))
    picture = service_of(services.backend, supervisor.user).picture()
    shown = {child.name.split()[0]: child.shown_name for child in picture.children}
    assert shown == {"Ash": "Ash Zyzzell (Zyzzell household, TB7)", "Bea": "Bea Zyzzell (Zyzzell household, TB7)",
                     "Cal": "Cal Zyzzell (Zyzzell household, TB12)", "Dot": "Dot Zyzzell (Zyzzell household, TB12)",
                     "Eli": "Eli Zyzzell"}
    assert lone.household_id is None
