"""What the tests of stored attention and of the family order share: a demo caseload on one laptop with no teams,
services as a given person on a given day, and one random change a practitioner or supervisor might make."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import text

from gcp_desk.demo.caseload import DemoCaseload
from gcp_desk.domain.enums import AssessmentStatus, PlanType, Role
from gcp_desk.services.assessments import AssessmentService
from gcp_desk.services.children import ChildService
from gcp_desk.services.plan import PlanService
from gcp_desk.services.review import ReviewService

from conftest_services import TODAY
from history_builders import DOMAINS


def teamless_demo(services, *, seed: int, children: int) -> DemoCaseload:
    """A demo caseload of ``children`` children, on one laptop with no teams: everyone sees every child."""
    caseload = DemoCaseload(services.backend.db, seed=seed, today=TODAY)
    caseload.write(children)
    with services.backend.db.transaction() as uow:
        uow.session.execute(text("UPDATE children SET team_id = NULL"))
        uow.session.execute(text("UPDATE users SET team_id = NULL"))
    return caseload


def as_user(backend, user, today=TODAY):
    context = replace(backend.context(user), today=lambda: today)
    return context


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
