"""Needs attention is stored on each child's row and kept on every write: after random edits through the services,
what is stored for every child of a demo caseload is exactly what their whole history gives when worked out
afresh, and a date passing is caught at the next read."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import text

from gcp_desk.domain.enums import AssessmentStatus, PlanType, Role
from gcp_desk.domain.errors import GcpDeskError
from gcp_desk.services.assessments import AssessmentService
from gcp_desk.services.children import ChildService
from gcp_desk.demo.caseload import DemoCaseload
from gcp_desk.services.history import HistoryService
from gcp_desk.services.plan import PlanService
from gcp_desk.services.review import ReviewService
from gcp_desk.services.stored_attention import decode

from conftest_services import TODAY
from history_builders import DOMAINS, context_for

EDITS = 120


@pytest.fixture
def demo(services):
    caseload = DemoCaseload(services.backend.db, seed=11, today=TODAY)
    caseload.write(50)
    with services.backend.db.transaction() as uow:  # one laptop with no teams: everyone sees every child
        uow.session.execute(text("UPDATE children SET team_id = NULL"))
        uow.session.execute(text("UPDATE users SET team_id = NULL"))
    return caseload


def as_user(backend, user, today=TODAY):
    context = replace(backend.context(user), today=lambda: today)
    return context


def stored_for_every_child(backend):
    with backend.db.transaction() as uow:
        return {entry.row.child_id: decode(entry.attention) for entry in uow.attention.flagged(include_clear=True)}


def assert_stored_equals_recomputed(backend, user, today=TODAY):
    history = HistoryService(as_user(backend, user, today))
    stored = stored_for_every_child(backend)
    assert stored, "the caseload should not be empty"
    for child_id, decoded in stored.items():
        assert list(decoded.reasons) == history.attention(child_id), child_id
        assert decoded.due == history.reassessment_due(child_id), child_id
    return stored


def nothing_left_to_work_out(backend, user, today=TODAY) -> bool:
    from gcp_desk.services.stored_attention import AttentionKeeper

    context = as_user(backend, user, today)
    keeper = AttentionKeeper(context.instruments, context.settings, context.today)
    with backend.db.transaction() as uow:
        return uow.attention.stale(keeper.basis, today) == []


def random_edit(rnd: random.Random, backend, demo, child_ids) -> str:
    """One change a practitioner or supervisor might make, through the services, as the person allowed to."""
    by_id = {user.id: user for user in demo.users}
    child_id = rnd.choice(child_ids)
    admin_context = as_user(backend, demo.users[0])
    history = AssessmentService(admin_context).history(child_id)
    open_ones = [a for a in history if a.status in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)]
    kind = rnd.choice(["grade", "grade", "clear-item", "domain", "clear-domain", "visit", "plan", "plan-type",
                       "start", "new-child", "amend"])
    if kind == "plan-type":
        children = ChildService(admin_context)
        child = children.get(child_id)
        children.update_child(child.model_copy(update={"plan_type": rnd.choice(list(PlanType))}))
        return kind
    if kind == "new-child":
        ChildService(admin_context).create_child(given_name="Casey", family_name=f"Newcase{rnd.randint(1, 999)}",
                                                 date_of_birth=TODAY - timedelta(days=rnd.randint(30, 5000)),
                                                 plan_type=rnd.choice(list(PlanType)))
        return kind
    if kind == "amend":
        countersigned = [a for a in history if a.status is AssessmentStatus.COUNTERSIGNED]
        supervisors = [u for u in demo.users if u.role is Role.SUPERVISOR]
        if not countersigned or open_ones:
            return "skipped"
        author = by_id[countersigned[-1].created_by]
        ReviewService(as_user(backend, author)).amend(countersigned[-1].id, "Date of a visit was wrong.")
        return kind if supervisors else "skipped"
    if kind == "start":
        if open_ones:
            return "skipped"
        started = AssessmentService(as_user(backend, demo.users[0])).start(child_id)
        AssessmentService(as_user(backend, demo.users[0])).add_visit(started.id, on=TODAY - timedelta(days=3))
        return kind
    if not open_ones:
        return "skipped"
    assessment = open_ones[-1]
    service = AssessmentService(as_user(backend, by_id[assessment.created_by]))
    instrument = service.instrument_for(assessment)
    if kind == "visit":
        service.add_visit(assessment.id, on=TODAY - timedelta(days=rnd.randint(0, 400)))
        return kind
    if assessment.age_band is None:
        return "skipped"
    items = instrument.applicable_item_ids(assessment.age_band)
    if kind == "grade":
        service.grade_item(assessment.id, rnd.choice(items), rnd.randint(1, 5))
    elif kind == "clear-item":
        service.clear_item(assessment.id, rnd.choice(items))
    elif kind == "domain":
        grade = rnd.randint(1, 5)
        domain_id = rnd.choice(DOMAINS)
        service.choose_domain_grade(assessment.id, domain_id, grade, "Weighed against what the school says.")
    elif kind == "clear-domain":
        service.clear_domain_grade(assessment.id, rnd.choice(DOMAINS))
    elif kind == "plan":
        PlanService(as_user(backend, by_id[assessment.created_by])).add_action(
            assessment.id, domain_id=rnd.choice(DOMAINS), what_will_change="Meals at regular times",
            who="Mother", by_when=TODAY + timedelta(days=rnd.randint(-60, 60)), target_grade=rnd.randint(1, 3))
    return kind


def test_stored_attention_equals_attention_worked_out_afresh_after_random_edits(services, demo):
    backend = services.backend
    assert nothing_left_to_work_out(backend, services.user), "the demo stores every child's attention as written"
    assert_stored_equals_recomputed(backend, services.user)

    rnd = random.Random(2026)
    with backend.db.transaction() as uow:
        child_ids = [row.child_id for row in uow.caseload.rows()]
    done = []
    for _ in range(EDITS):
        try:
            done.append(random_edit(rnd, backend, demo, child_ids))
        except GcpDeskError:
            done.append("refused")  # e.g. a domain grade refused without a reason: nothing is stored
    assert {"grade", "domain", "visit", "plan", "plan-type", "start", "new-child"} <= set(done), done

    # Every write kept the stored attention: nothing is left for the next read to work out...
    assert nothing_left_to_work_out(backend, services.user)
    # ...and it is exactly what every child's whole history gives today.
    stored = assert_stored_equals_recomputed(backend, services.user)
    assert sum(1 for decoded in stored.values() if decoded.reasons) > 10


def test_a_date_passing_is_caught_at_the_next_read(services, demo):
    backend = services.backend
    later = TODAY + timedelta(weeks=30)  # reassessments and targets fall due meanwhile
    assert not nothing_left_to_work_out(backend, services.user, later)

    history = HistoryService(as_user(backend, services.user, later))
    flagged = history.needs_attention(include_clear=True)

    assert nothing_left_to_work_out(backend, services.user, later)
    assert_stored_equals_recomputed(backend, services.user, later)
    overdue = [entry for entry in flagged if any(r.kind.value == "reassessment-overdue" for r in entry.reasons)]
    assert len(overdue) > len([e for e in HistoryService(context_for(backend, services.user)).needs_attention()
                               if any(r.kind.value == "reassessment-overdue" for r in e.reasons)])


def test_changed_settings_are_worked_out_again_before_the_list_is_read(services, demo):
    backend = services.backend
    context = as_user(backend, services.user)
    stricter = replace(context, settings=context.settings.model_copy(update={"drift_min_weeks": 30}))
    assert HistoryService(stricter).refresh_stale() > 0  # every child was stored with 8 weeks

    history = HistoryService(stricter)
    for entry in history.needs_attention(include_clear=True):
        assert list(entry.reasons) == history.attention(entry.child.child_id)


def test_the_attention_read_can_be_narrowed_to_the_children_a_person_may_see(services, demo):
    history = HistoryService(as_user(services.backend, services.user))
    everyone = history.attention_index()
    some = list(everyone)[::3]
    narrowed = history.attention_index(some)
    assert list(narrowed) == some  # the same order, most pressing first
    assert all(narrowed[child_id] == everyone[child_id] for child_id in some)
