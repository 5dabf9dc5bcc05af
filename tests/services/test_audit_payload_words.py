"""Audit payloads hold ids, codes, dates and digests, never the words people typed: plan actions, review comments,
return and amendment reasons, override and not-assessed reasons, context notes. Events written before this rule
keep their words and the chain still verifies."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from gcp_desk.domain.enums import Role
from gcp_desk.services.integrity import IntegrityService
from gcp_desk.storage.chain_walk import walk_chain

from conftest_services import PASSWORD, TODAY
from filling import fill_in
from history_builders import context_for
from gcp_desk.services.plan import PlanService
from test_review_service import child_of

WORDS = ("Ben will take Robin to the dentist every six months", "Please say more about the kitchen",
         "Needs the father's view", "Carer's own account only", "Corrected the visit date")
KEPT_WORDS = {"event.remove", "assessment.discard"}
"""The only copy of what they record (a removed chronology event, a discarded draft): they keep it on purpose."""


def all_payload_strings(backend) -> list[tuple[str, str]]:
    found = []

    def walk(action, value):
        if isinstance(value, dict):
            for inner in value.values():
                walk(action, inner)
        elif isinstance(value, list):
            for inner in value:
                walk(action, inner)
        elif isinstance(value, str):
            found.append((action, value))

    import json

    from sqlalchemy import text

    with backend.db.read() as uow:
        rows = uow.session.execute(text("SELECT action, before, after FROM audit_events")).all()

    for action, before, after in rows:
        for payload in (before, after):
            walk(action, json.loads(payload) if isinstance(payload, str) else payload)
    return found


def test_no_typed_words_reach_the_audit_trail_only_their_digests(backend, add_user):
    worker = add_user("Ben Carter", Role.PRACTITIONER)
    boss = add_user("Grace Mensah", Role.SUPERVISOR)
    admin = add_user("Ada Admin", Role.ADMINISTRATOR)
    child = child_of(worker)
    assessment = worker.assessments.start(child.id)
    assessment = worker.assessments.add_visit(assessment.id, on=TODAY - timedelta(days=3), announced=False,
                                              visitors=["Ben Carter (social worker)"])
    assessment = fill_in(worker, assessment)
    instrument = worker.assessments.instrument_for(assessment)
    domain = instrument.domains[0]
    worker.assessments.choose_domain_grade(assessment.id, domain.id, 4, override_reason=WORDS[3])
    item = instrument.applicable_item_ids(assessment.age_band)[0]
    worker.assessments.mark_not_assessed(assessment.id, item, WORDS[2])
    worker.assessments.grade_item(assessment.id, item, 2)
    plans = PlanService(context_for(worker.backend, worker.user))
    plans.add_action(assessment.id, domain_id=domain.id, what_will_change=WORDS[0], who="Ben Carter",
                     by_when=TODAY + timedelta(days=60), target_grade=2, agency="Dental practice")
    worker.assessments.submit(assessment.id, PASSWORD)
    boss.review.comment(assessment.id, domain.id, WORDS[1])
    boss.review.return_for_changes(assessment.id, WORDS[1] + " and the bathroom")

    strings = all_payload_strings(backend)
    typed = [(action, value) for action, value in strings if action not in KEPT_WORDS
             and (any(words in value for words in WORDS) or "Dental practice" in value)]
    assert typed == []
    digest = "sha256:" + hashlib.sha256(WORDS[1].encode()).hexdigest()
    assert ("review.comment", digest) in strings  # the comment can still be matched to its event
    spaced = [(action, value) for action, value in strings if " " in value and action not in KEPT_WORDS
              and action != "assessment.start"]  # the instrument's id and version
    assert spaced == []
    assert IntegrityService(backend.context(admin.user), backend.paths.data_dir,
                            backend.paths.signing_dir).verify_audit().ok


def test_events_written_with_words_before_the_rule_still_verify(backend, add_user):
    worker = add_user("Ben Carter", Role.PRACTITIONER)
    with backend.db.transaction() as uow:  # as an earlier version wrote it
        uow.audit.record(worker.user.id, "review.comment", "assessment", "-", None,
                         {"id": "1", "text": "Please say more about the kitchen", "round": 1})
    child_of(worker)
    with backend.db.read() as uow:
        walked = walk_chain(uow)
    assert walked.ok and walked.checked >= 2
