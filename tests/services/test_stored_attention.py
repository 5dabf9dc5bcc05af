"""Needs attention is stored on each child's row and kept on every write: after random edits through the services,
what is stored for every child of a demo caseload is exactly what their whole history gives when worked out
afresh, and a date passing is caught at the next read."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

import pytest

from gcp_desk.domain.errors import GcpDeskError
from gcp_desk.services.history import HistoryService
from gcp_desk.services.stored_attention import decode

from attention_edits import as_user, random_edit, teamless_demo
from conftest_services import TODAY
from history_builders import context_for

EDITS = 120


@pytest.fixture
def demo(services):
    return teamless_demo(services, seed=11, children=50)


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


def test_a_child_whose_reasons_still_hold_when_worked_out_again_has_only_its_days_written(services, demo):
    """Worked out again because its stored attention no longer held (here the drift interval changed), a child whose
    reasons are the same keeps them as they were, with the new day and basis: the family's rank, which the
    database keeps from the reasons, is not worked out again. A child whose reasons changed has them written, and
    what depends on them with them."""
    from sqlalchemy import text

    from gcp_desk.services.stored_attention import AttentionKeeper

    backend = services.backend
    later = TODAY + timedelta(days=1)
    context = as_user(backend, services.user, later)
    context = replace(context, settings=context.settings.model_copy(update={"drift_min_weeks": 30}))
    keeper = AttentionKeeper(context.instruments, context.settings, context.today)
    with backend.db.transaction() as uow:
        stale = uow.attention.stale(keeper.basis, later)
        before = {row[0]: row[1:] for row in uow.session.execute(
            text("SELECT id, attention, attention_from FROM children")).fetchall()}
        # A mark the database's triggers would replace, were the reasons written again.
        uow.session.execute(text("UPDATE children SET attention_weight = 'untouched'"))
    assert HistoryService(context).refresh_stale() == len(stale) == len(before)

    with backend.db.transaction() as uow:
        after = {row[0]: row[1:] for row in uow.session.execute(
            text("SELECT id, attention, attention_from, attention_weight, attention_basis FROM children")).fetchall()}
    held = [child for child in after if after[child][0] == before[child][0]]
    changed = [child for child in after if after[child][0] != before[child][0]]
    assert held and changed, "with a longer drift interval, some children's reasons should change and some hold"
    assert all(str(after[child][1]) == later.isoformat() and after[child][3] == keeper.basis for child in after)
    assert all(after[child][2] == "untouched" for child in held)
    assert all(after[child][2] != "untouched" for child in changed)
    for child_id, decoded in stored_for_every_child(backend).items():
        assert list(decoded.reasons) == HistoryService(context).attention(child_id), child_id
