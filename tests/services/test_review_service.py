"""Supervision rules, called straight at the services: whatever a screen shows or hides, these hold."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from gcp_desk.domain.enums import AssessmentStatus, Relationship, Role, Sex
from gcp_desk.domain.errors import InvalidInput, NotAllowed, PermissionDenied, RecordLocked, WrongPassword
from gcp_desk.domain.people import Team
from gcp_desk.domain.review import SignatureKind
from gcp_desk.scoring.signing_content import assessment_content_hash

from conftest_services import PASSWORD, TODAY
from filling import fill_in


@pytest.fixture
def team(backend) -> Team:
    team = Team(name="Northgate team")
    with backend.db.transaction() as uow:
        uow.users.add_team(team)
    return team


@pytest.fixture
def worker(add_user, team):
    return add_user("Ben Carter", Role.PRACTITIONER, team.id)


@pytest.fixture
def boss(add_user, team):
    return add_user("Grace Mensah", Role.SUPERVISOR, team.id)


def child_of(services, given_name: str = "Robin"):
    """A child with a mother and a father recorded, as every assessment needs."""
    child = services.children.create_child(given_name=given_name, family_name="Testcase",
                                           date_of_birth=date(2019, 5, 3), sex=Sex.MALE)
    for name, relationship, sex in (("Alex", Relationship.MOTHER, Sex.FEMALE),
                                    ("Jordan", Relationship.FATHER, Sex.MALE)):
        services.children.add_adult(child.id, given_name=name, family_name="Testcase", relationship=relationship,
                                    sex=sex, parental_responsibility=True, lives_with_child=True)
    return child


@pytest.fixture
def child(worker):
    return child_of(worker)


def submitted_by(services, child):
    assessment = services.assessments.start(child.id)
    assessment = services.assessments.add_visit(assessment.id, on=TODAY - timedelta(days=3), announced=False,
                                                 visitors=["Ben Carter (social worker)"])
    return services.assessments.submit(fill_in(services, assessment).id, PASSWORD)


def test_submitting_signs_with_the_practitioners_password_and_the_content_hash(worker, child):
    assessment = submitted_by(worker, child)

    history = worker.review.history(assessment.id)
    [signature] = history.signatures
    assert (signature.kind, signature.name, signature.role) == (SignatureKind.SUBMITTED_BY, "Ben Carter",
                                                                Role.PRACTITIONER)
    assert signature.content_hash == assessment_content_hash(assessment)
    assert assessment.status is AssessmentStatus.SUBMITTED


def test_submitting_with_a_wrong_password_changes_nothing(worker, child):
    started = worker.assessments.start(child.id)
    started = worker.assessments.add_visit(started.id, on=TODAY, announced=True, visitors=["Ben Carter"])
    ready = fill_in(worker, started)
    with pytest.raises(WrongPassword):
        worker.assessments.submit(ready.id, "not my password")
    assert worker.assessments.get(ready.id).status is AssessmentStatus.DRAFT
    assert worker.review.history(ready.id).signatures == []


def test_the_queue_holds_the_teams_submitted_work_oldest_first(worker, boss, add_user, team, child):
    assessment = submitted_by(worker, child)
    other_team = add_user("Hana Ito", Role.SUPERVISOR)  # in no team: may review only work by people in no team

    [entry] = boss.review.queue()
    assert (entry.assessment_id, entry.child_name, entry.practitioner_name, entry.round) == (
        assessment.id, "Robin Testcase", "Ben Carter", 1)
    assert other_team.review.queue() == []
    with pytest.raises(PermissionDenied, match="belongs to another team"):
        other_team.review.countersign(assessment.id, PASSWORD)
    with pytest.raises(PermissionDenied, match="Only a supervisor"):
        worker.review.queue()


def test_a_practitioner_calling_countersign_gets_a_permission_error(worker, add_user, child):
    assessment = submitted_by(worker, child)
    colleague = add_user("Cara Doyle", Role.PRACTITIONER)
    admin = add_user("Ama Boateng", Role.ADMINISTRATOR)
    for caller in (worker, colleague, admin):
        with pytest.raises(PermissionDenied, match="Only a supervisor can countersign"):
            caller.review.countersign(assessment.id, PASSWORD)
        with pytest.raises(PermissionDenied):
            caller.review.return_for_changes(assessment.id, "Please add more.")
        with pytest.raises(PermissionDenied):
            caller.review.comment(assessment.id, None, "Good.")
    assert worker.assessments.get(assessment.id).status is AssessmentStatus.SUBMITTED


def test_nobody_countersigns_their_own_work(add_user, team):
    supervisor = add_user("Grace Mensah", Role.SUPERVISOR, team.id)
    child = child_of(supervisor, "Kit")
    own = submitted_by(supervisor, child)

    with pytest.raises(PermissionDenied, match="own work"):
        supervisor.review.countersign(own.id, PASSWORD)
    assert own.id not in [entry.assessment_id for entry in supervisor.review.queue()]
    assert not supervisor.review.can_review(own)
    deputy = add_user("Ola Ade", Role.SUPERVISOR, team.id)
    assert deputy.review.can_review(own)
    assert deputy.review.countersign(own.id, PASSWORD).status is AssessmentStatus.COUNTERSIGNED


def test_return_and_countersign_rounds_keep_every_reason_comment_and_signature(worker, boss, child):
    assessment = submitted_by(worker, child)
    with pytest.raises(InvalidInput, match="Reasons"):
        boss.review.return_for_changes(assessment.id, "   ")
    boss.review.comment(assessment.id, "physical", "The evidence for the bedroom is thin.")
    boss.review.comment(assessment.id, None, "Please say how Robin was seen.")
    with pytest.raises(InvalidInput, match="not a domain"):
        boss.review.comment(assessment.id, "no-such-domain", "x")
    returned = boss.review.return_for_changes(assessment.id, "Add what Robin said about his bedroom.")
    assert returned.status is AssessmentStatus.RETURNED
    with pytest.raises(NotAllowed, match="returned"):
        boss.review.countersign(assessment.id, PASSWORD)

    # The practitioner sees the reasons, edits again and resubmits: round 2.
    history = worker.review.history(assessment.id)
    assert [r.reasons for r in history.returns] == ["Add what Robin said about his bedroom."]
    assert history.round == 2
    worker.assessments.set_text(assessment.id, "child_voice", "Said his bedroom is cold at night.")
    worker.assessments.submit(assessment.id, PASSWORD)
    assert boss.review.queue()[0].round == 2
    boss.review.comment(assessment.id, None, "Thank you, clear now.")
    with pytest.raises(WrongPassword):
        boss.review.countersign(assessment.id, "wrong one")
    assert worker.assessments.get(assessment.id).status is AssessmentStatus.SUBMITTED
    signed = boss.review.countersign(assessment.id, PASSWORD)

    history = boss.review.history(assessment.id)
    assert signed.status is AssessmentStatus.COUNTERSIGNED
    assert [(c.round, c.domain_id) for c in history.comments] == [(1, "physical"), (1, None), (2, None)]
    assert [(s.kind, s.name) for s in history.signatures] == [
        (SignatureKind.SUBMITTED_BY, "Ben Carter"), (SignatureKind.SUBMITTED_BY, "Ben Carter"),
        (SignatureKind.COUNTERSIGNED_BY, "Grace Mensah")]
    countersignature = history.signatures[-1]
    assert countersignature.role is Role.SUPERVISOR
    assert countersignature.content_hash == assessment_content_hash(signed) == history.signatures[1].content_hash
    assert history.signatures[0].content_hash != countersignature.content_hash  # the first round said less
    assert boss.review.queue() == []


def test_nothing_changes_after_countersigning(worker, boss, child, backend):
    assessment = submitted_by(worker, child)
    signed = boss.review.countersign(assessment.id, PASSWORD)
    instrument = worker.assessments.instrument_for(signed)
    item_id = instrument.applicable_item_ids(signed.age_band)[0]
    attempts = [
        lambda: worker.assessments.grade_item(signed.id, item_id, 5),
        lambda: worker.assessments.set_text(signed.id, "analysis", "Rewritten later."),
        lambda: worker.assessments.add_visit(signed.id, on=TODAY, announced=True, visitors=["x"]),
        lambda: worker.assessments.submit(signed.id, PASSWORD),
        lambda: boss.assessments.clear_item(signed.id, item_id),
    ]
    for attempt in attempts:
        with pytest.raises(RecordLocked, match="countersigned"):
            attempt()
    with pytest.raises(NotAllowed, match="already countersigned"):
        boss.review.return_for_changes(signed.id, "Second thoughts.")
    with pytest.raises(NotAllowed):
        boss.review.comment(signed.id, None, "Late note.")
    assert worker.assessments.get(signed.id) == signed
    with backend.db.transaction() as uow, pytest.raises(Exception, match="cannot be changed or removed"):
        uow.session.execute(text("UPDATE signatures SET content_hash = 'x'"))


def test_an_amendment_is_a_new_linked_version_signed_again_and_replaces_the_old(worker, boss, child, add_user):
    original = boss.review.countersign(submitted_by(worker, child).id, PASSWORD)
    with pytest.raises(InvalidInput, match="Reason"):
        worker.review.amend(original.id, "  ")
    stranger = add_user("Cara Doyle", Role.PRACTITIONER, team_id=worker.user.team_id)
    with pytest.raises(PermissionDenied, match="Only the practitioner who wrote"):
        stranger.review.amend(original.id, "Typo.")
    outsider = add_user("Dev Lowe", Role.PRACTITIONER)  # in no team: does not even see the record
    with pytest.raises(PermissionDenied, match="belongs to another team"):
        outsider.review.amend(original.id, "Typo.")

    amendment = worker.review.amend(original.id, "The visit date was typed wrongly.")
    assert (amendment.status, amendment.amends_id, amendment.amendment_reason) == (
        AssessmentStatus.DRAFT, original.id, "The visit date was typed wrongly.")
    assert amendment.id != original.id
    assert amendment.item_grades == original.item_grades and amendment.analysis == original.analysis
    assert {n.text for n in amendment.evidence} == {n.text for n in original.evidence}
    with pytest.raises(NotAllowed, match="in progress"):
        worker.review.amend(original.id, "Again.")
    # Until the amendment is countersigned, the original is the signed record.
    assert worker.assessments.get(original.id).status is AssessmentStatus.COUNTERSIGNED

    worker.assessments.set_text(amendment.id, "analysis", "Corrected analysis.")
    worker.assessments.submit(amendment.id, PASSWORD)
    [entry] = boss.review.queue()
    assert entry.is_amendment
    signed = boss.review.countersign(amendment.id, PASSWORD)

    old = worker.assessments.get(original.id)
    assert old.status is AssessmentStatus.AMENDED
    assert assessment_content_hash(old) == boss.review.history(original.id).signatures[-1].content_hash
    assert signed.status is AssessmentStatus.COUNTERSIGNED and signed.analysis == "Corrected analysis."
    with pytest.raises(NotAllowed, match="already been replaced"):
        worker.review.amend(original.id, "Once more.")
    # The caseload shows the amendment, never the replaced one.
    [row] = worker.children.caseload()
    assert row.latest_assessment_id == signed.id


def test_only_the_author_changes_or_submits_an_assessment(worker, boss, child):
    assessment = submitted_by(worker, child)
    boss.review.return_for_changes(assessment.id, "Add the school's view.")
    with pytest.raises(PermissionDenied, match="only Ben Carter can change or submit it"):
        boss.assessments.set_text(assessment.id, "analysis", "The supervisor's own words.")
    with pytest.raises(PermissionDenied):
        boss.assessments.submit(assessment.id, PASSWORD)
    assert worker.assessments.get(assessment.id).status is AssessmentStatus.RETURNED
    assert worker.assessments.set_text(assessment.id, "analysis", "School says attendance is 96%.").analysis == (
        "School says attendance is 96%.")


def test_a_supervisor_hands_a_returned_assessment_to_a_colleague_who_finishes_it(
        worker, boss, child, add_user, team):
    assessment = submitted_by(worker, child)
    boss.review.return_for_changes(assessment.id, "Add the school's view.")
    colleague = add_user("Priya Chandran", Role.PRACTITIONER, team.id)
    outsider = add_user("Jo Macintyre", Role.PRACTITIONER)
    outsider_team = Team(name="Riverside team")
    with boss.backend.db.transaction() as uow:
        uow.users.add_team(outsider_team)
        uow.users.set_team(outsider.user.id, outsider_team.id)

    with pytest.raises(PermissionDenied, match="Only a supervisor or an administrator"):
        worker.review.hand_over(assessment.id, colleague.user.id)
    with pytest.raises(PermissionDenied, match="your own team"):
        boss.review.hand_over(assessment.id, outsider.user.id)
    handed = boss.review.hand_over(assessment.id, colleague.user.id)

    assert handed.created_by == colleague.user.id
    with pytest.raises(PermissionDenied, match="only Priya Chandran can change"):
        worker.assessments.set_text(assessment.id, "analysis", "Too late.")
    colleague.assessments.set_text(assessment.id, "analysis", "School confirms good attendance.")
    colleague.assessments.submit(assessment.id, PASSWORD)
    signed = boss.review.countersign(assessment.id, PASSWORD)
    assert signed.status is AssessmentStatus.COUNTERSIGNED
    with pytest.raises(NotAllowed, match="Only a draft or a returned"):
        boss.review.hand_over(assessment.id, worker.user.id)
