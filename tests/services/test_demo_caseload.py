"""The demo caseload as a trainer shows it: two teams whose work is in every state of review, with signatures that
hold, a supervisor's queue to work through, returns with reasons, an amendment, and accounts that sign in with the
passwords the demo prints."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, time

import pytest

from gcp_desk.domain.enums import AssessmentStatus, Role
from gcp_desk.domain.review import SignatureKind
from gcp_desk.scoring.instruments import builtin_instrument
from gcp_desk.scoring.signing_content import assessment_content_hash
from gcp_desk.security.passwords import password_problems
from gcp_desk.demo.caseload import DemoCaseload
from gcp_desk.demo.accounts import DEMO_ACCOUNTS

from conftest_services import TODAY

END_OF_TODAY = datetime.combine(TODAY, time(17, 0), UTC)


@pytest.fixture
def demo(backend):
    """The demo as ``gcp-desk demo`` writes it (40 children, seed 7), and every assessment read back."""
    summary = DemoCaseload(backend.db, today=TODAY).write(40)
    with backend.db.transaction() as uow:  # storage's own view: every team's children
        stored = [a for row in uow.caseload.rows() for a in uow.assessments.history(row.child_id)]
    users = {user.id: user for user in backend.users().accounts()}
    return summary, stored, users


class StorageReview:
    """Review histories read as storage sees them (every team), for checking the demo as written."""

    def __init__(self, backend):
        self._db = backend.db

    def history(self, assessment_id):
        with self._db.transaction() as uow:
            return uow.review.history(assessment_id)


def test_demo_staff_share_no_name_word_with_demo_children_or_families():
    from gcp_desk.demo import caseload as invented

    staff = {word for account in DEMO_ACCOUNTS for word in account.name.split()}
    families = set(invented.GIVEN_FEMALE) | set(invented.GIVEN_MALE) | set(invented.FAMILY)
    assert staff and not staff & families


def test_the_demo_has_assessments_in_every_state(demo):
    summary, stored, _ = demo
    statuses = Counter(a.status for a in stored)
    assert set(statuses) == set(AssessmentStatus)
    assert statuses == summary.statuses


def test_every_signature_holds_the_hash_of_the_record_as_stored(backend, demo):
    _, stored, users = demo
    review = StorageReview(backend)
    signed = [a for a in stored if a.status.is_signed]
    assert len(signed) > len(stored) / 2
    for assessment in signed:
        history = review.history(assessment.id)
        submitted = history.signature(SignatureKind.SUBMITTED_BY)
        countersigned = history.signature(SignatureKind.COUNTERSIGNED_BY)
        assert submitted.content_hash == countersigned.content_hash == assessment_content_hash(assessment)
        author, supervisor = users[assessment.created_by], users[countersigned.user_id]
        assert (submitted.user_id, submitted.name, submitted.role) == (author.id, author.name, Role.PRACTITIONER)
        assert supervisor.role is Role.SUPERVISOR and supervisor.team_id == author.team_id
        last_visit = datetime.combine(assessment.last_visit_date, time(0), UTC)
        assert last_visit < submitted.signed_at < countersigned.signed_at <= END_OF_TODAY
    for draft in (a for a in stored if a.status is AssessmentStatus.DRAFT):
        assert review.history(draft.id).signatures == []


def test_each_supervisor_queue_holds_the_submitted_work_of_their_team(backend, demo):
    _, stored, users = demo
    supervisors = [user for user in users.values() if user.role is Role.SUPERVISOR]
    assert len(supervisors) == 2
    rounds = Counter()
    for supervisor in supervisors:
        queue = backend.review(supervisor).queue()
        waiting = {a.id for a in stored if a.status is AssessmentStatus.SUBMITTED
                   and users[a.created_by].team_id == supervisor.team_id}
        assert waiting and {entry.assessment_id for entry in queue} == waiting
        assert [entry.submitted_at for entry in queue] == sorted(entry.submitted_at for entry in queue)
        rounds.update(entry.round for entry in queue)
    assert rounds[1] and rounds[2], "the queues show first submissions and work sent back once"


def test_returned_work_carries_reasons_and_comments_on_domains(backend, demo):
    _, stored, _ = demo
    review = StorageReview(backend)
    domains = {domain.id for domain in builtin_instrument().domains}
    returned = [a for a in stored if a.status is AssessmentStatus.RETURNED]
    assert returned
    for assessment in returned:
        history = review.history(assessment.id)
        assert history.returns and all(record.reasons for record in history.returns)
        assert [record.round for record in history.returns] == list(range(1, len(history.returns) + 1))
        for record in history.returns:
            on_domains = [c for c in history.comments if c.round == record.round and c.domain_id is not None]
            assert on_domains and {c.domain_id for c in on_domains} <= domains
            assert all(c.created_at < record.returned_at for c in on_domains)
        assert history.signature(SignatureKind.COUNTERSIGNED_BY) is None
    second_rounds = [a for a in stored if len(review.history(a.id).returns) >= 1 and a.status is not
                     AssessmentStatus.RETURNED]
    assert {a.status for a in second_rounds} >= {AssessmentStatus.SUBMITTED, AssessmentStatus.COUNTERSIGNED}


def test_an_amendment_replaces_a_countersigned_assessment_and_is_countersigned_again(backend, demo):
    _, stored, _ = demo
    review = StorageReview(backend)
    replaced = [a for a in stored if a.status is AssessmentStatus.AMENDED]
    assert replaced
    with backend.db.transaction() as uow:
        caseload = {row.child_id: row for row in uow.caseload.rows()}
    for original in replaced:
        amendment = next(a for a in stored if a.amends_id == original.id)
        assert amendment.status is AssessmentStatus.COUNTERSIGNED and amendment.amendment_reason
        assert assessment_content_hash(amendment) != assessment_content_hash(original)
        signature = review.history(amendment.id).signature(SignatureKind.COUNTERSIGNED_BY)
        assert signature.content_hash == assessment_content_hash(amendment)
        row = caseload[original.child_id]
        assert row.latest_assessment_id == amendment.id
        assert row.assessment_count == sum(1 for a in stored if a.child_id == original.child_id) - 1


def test_the_demo_accounts_sign_in_with_the_passwords_it_prints(backend, demo):
    _, _, users = demo
    by_name = {user.name: user for user in users.values()}
    with backend.db.transaction() as uow:
        teams = {team.id: team.name for team in uow.users.teams()}
    assert sorted(teams.values()) == ["Northgate team", "Riverside team"]
    for account in DEMO_ACCOUNTS:
        assert password_problems(account.password, user_name=account.name) == []
        user = backend.users().sign_in(by_name[account.name].id, account.password)
        assert user.roles == account.roles
        assert teams.get(user.team_id, "") == account.team
    roles = Counter((account.team, account.role) for account in DEMO_ACCOUNTS)
    assert roles[("", Role.ADMINISTRATOR)] == 1
    for team in teams.values():
        assert roles[(team, Role.SUPERVISOR)] == 1 and 2 <= roles[(team, Role.PRACTITIONER)] <= 3


def test_demo_families_are_siblings_whose_records_fit_their_ages_with_adults_recorded_once(backend, demo):
    from gcp_desk.domain.enums import Relationship, SharedFactKind
    from gcp_desk.scoring.attention import AttentionKind
    from gcp_desk.services.history import HistoryService

    with backend.db.transaction() as uow:
        rows = {row.full_name: row for row in uow.caseload.rows()}
        family = {name: uow.children.record(row.child_id) for name, row in rows.items() if "Prydell" in name}
        marrable = {name: uow.children.record(row.child_id) for name, row in rows.items() if "Marrable" in name}
        histories = {name: uow.assessments.history(rows[name].child_id) for name in (*family, *marrable)}
    assert sorted(family) == ["Alfi Prydell", "Rubi Prydell", "Taylene Prydell"]
    assert len({record.child.household_id for record in family.values()}) == 1
    # One Waylon, linked to each child with that child's relationship.
    waylon = {name: next(link for link in record.adults if link.adult.given_name == "Waylon")
              for name, record in family.items()}
    assert len({link.adult.id for link in waylon.values()}) == 1
    assert waylon["Taylene Prydell"].link.relationship is Relationship.STEPFATHER
    assert waylon["Rubi Prydell"].link.relationship is Relationship.FATHER
    # Content fits each age: a baby has no school or nursery items and no school worries; the teenager speaks.
    baby = histories["Alfi Prydell"][-1]
    assert baby.age_band == "under-2"
    assert not {"school-attendance", "early-education", "interest-in-learning"} & set(baby.item_grades)
    words = " ".join([baby.child_voice, *(note.text for note in baby.evidence)]).lower()
    assert "school" not in words and "nursery" not in words and baby.child_voice.startswith("Observed")
    teenager = histories["Taylene Prydell"][-1]
    assert teenager.age_band == "12-plus" and "mock exams" in teenager.child_voice
    # Assessed together: the same visits; the home item entered once, waiting to be confirmed for the others;
    # one plan action shared, reviewed with an outcome for each child.
    latest = [histories[name][-1] for name in family]
    assert len({tuple(v.id for v in a.visits) for a in latest}) == 1
    assert {a.item_grades["home-conditions"].grade for a in latest} == {4}
    assert sum(1 for a in latest if a.shared_fact(SharedFactKind.HOME_ITEM, "home-conditions")) == 2
    assert len({action.family_id for a in latest for action in a.plan if action.family_id}) == 1
    assert all(len(a.action_reviews) == 1 for a in latest)
    # The men around the children raise their flags.
    supervisor = next(u for u in backend.users().accounts() if u.name == "Dee Okafor")
    team_view = HistoryService(backend.context(supervisor)).needs_attention()
    chris = next(u for u in backend.users().accounts() if u.name == "Chris Halloran")
    team_view += HistoryService(backend.context(chris)).needs_attention()
    kinds = {entry.child.full_name: {reason.kind for reason in entry.reasons} for entry in team_view}
    assert AttentionKind.MAN_NOT_SEEN in kinds["Taylene Prydell"]
    assert AttentionKind.NEW_ADULT in kinds["Joss Marrable"] and AttentionKind.NEW_ADULT in kinds["Posy Marrable"]


def test_every_invented_assessment_is_what_validating_its_parts_afresh_gives_with_the_app_s_own_grading():
    """The demo shares its grade objects, works out each grade pattern's suggestion once and makes the ids of the
    parts itself: every assessment equals its parts validated afresh, its domain grades and concern domains are what
    the app's scoring gives, and every id is a version-4 UUID of its own."""
    from gcp_desk.domain.assessment import Assessment
    from gcp_desk.scoring.flags import concern_domains
    from gcp_desk.scoring.suggest import suggest_domain_grade

    instrument = builtin_instrument()
    demo = DemoCaseload(_NoDatabase(), seed=3, today=TODAY)  # made in memory: nothing is written
    checked, ids = 0, []
    for bundle in demo.bundles(60):
        for assessment, concerns in bundle.assessments:
            assert Assessment.model_validate(assessment.model_dump()) == assessment
            ids += [assessment.id, *(note.id for note in assessment.evidence)]  # rows of their own
            assert concerns == concern_domains(instrument, assessment)
            for domain_id, grade in assessment.domain_grades.items():
                assert grade.suggested == suggest_domain_grade(instrument, assessment, domain_id).grade
            checked += 1
    assert checked > 100
    assert all(found.version == 4 for found in ids) and len(set(ids)) == len(ids)  # an amendment copies visits


class _NoDatabase:
    keep_attention = None
    """No keeper of stored attention: the demo leaves it to be worked out at the first read."""
