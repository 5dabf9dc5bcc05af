"""Which household facts came into a child's assessment from a sibling's, and their confirmation for this child.

Each fact that arrives from a brother's or sister's assessment on the same visits is noted in the assessment's
``shared_facts``, unconfirmed: a visit, how the home was seen (rooms and people present), and the grade and notes
of an item the instrument marks as describing the home. Context factors and adults keep their own ``confirmed``.

A fact is confirmed for this child when their practitioner confirms it, or enters it again themselves (grades the
home item, changes the visit or the rooms seen); then it is their own and goes out to the siblings in turn. It
becomes unconfirmed again whenever a sibling changes it.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from ..domain.assessment import Assessment, ContextEntry, EvidenceNote, SharedFact
from ..domain.enums import SharedFactKind
from ..domain.errors import NotFound
from ..domain.instrument import Instrument
from ..storage.unit_of_work import UnitOfWork

HOME_ITEM_ACTIONS = frozenset({"assessment.grade-item", "assessment.not-assessed", "assessment.add-evidence",
                               "assessment.edit-evidence"})
"""What is shared of an item that describes the home. Clearing a grade or deleting a note is not: it is a
correction for that child, and nothing a sibling recorded is taken away."""

_OWN_ACTIONS = {"assessment.grade-item": SharedFactKind.HOME_ITEM, "assessment.not-assessed": SharedFactKind.HOME_ITEM,
                "assessment.update-visit": SharedFactKind.VISIT}


def with_fact(facts: list[SharedFact], kind: SharedFactKind, key: str, source_id: UUID, *, origin: str = "",
              confirmed: bool = False, replaced_grade: int | None = None) -> list[SharedFact]:
    """``facts`` with the fact (kind, key) noted as come from ``source_id``, unconfirmed unless said."""
    fact = SharedFact(kind=kind, key=key, origin=origin, from_assessment_id=source_id, confirmed=confirmed,
                      replaced_grade=replaced_grade)
    kept = [f for f in facts if not (f.kind is kind and f.key == key)]
    return [*kept, fact]


def confirmed_facts(facts: list[SharedFact], kind: SharedFactKind, key: str) -> list[SharedFact]:
    """``facts`` with (kind, key) confirmed; a home item's notes are confirmed with it."""
    return [fact.model_copy(update={"confirmed": True}) if fact.kind is kind and fact.key == key else fact
            for fact in facts]


def confirm_change(kind: SharedFactKind, key: str):
    """The change that confirms (kind, key) for this child, for ``AssessmentService.edit``."""

    def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
        fact = assessment.shared_fact(kind, key)
        if fact is None:
            raise NotFound("That household fact did not come from a brother's or sister's assessment.")
        if fact.confirmed:
            return None, None
        uow.assessments.update_fields(assessment.id, shared_facts=confirmed_facts(assessment.shared_facts, kind, key))
        return ({"kind": kind.value, "confirmed": False},
                {"kind": kind.value, "confirmed": True, "from_assessment_id": str(fact.from_assessment_id)})

    return change


def owned_by_this_child(assessment: Assessment, action: str, after: Any) -> list[SharedFact] | None:
    """The shared facts after this child's practitioner entered ``action`` themselves: the fact they re-entered is
    confirmed. ``None`` when nothing changes."""
    kind = _OWN_ACTIONS.get(action)
    key = str((after or {}).get("item_id" if kind is SharedFactKind.HOME_ITEM else "id", ""))
    if kind is None or assessment.shared_fact(kind, key) is None or assessment.shared_fact(kind, key).confirmed:
        return None
    return confirmed_facts(assessment.shared_facts, kind, key)


def merged_context(stored: list[ContextEntry], seen: list[ContextEntry],
                   entries: list[ContextEntry]) -> list[ContextEntry]:
    """What a context screen saves, merged by factor into what is stored now: the factors the screen added,
    changed or took away since it was shown (``seen``) are applied, and a factor that arrived from a sibling
    meanwhile is kept, not dropped by a screen that never showed it."""
    before = {entry.factor: entry for entry in seen}
    after = {entry.factor: entry for entry in entries}
    merged = {entry.factor: entry for entry in stored}
    for factor in before.keys() - after.keys():
        merged.pop(factor, None)
    for factor, entry in after.items():
        if before.get(factor) != entry:
            merged[factor] = entry
    return list(merged.values())


def merged_list(stored: list[str], seen: list[str], entries: list[str]) -> list[str]:
    """The same for rooms seen or people present: what the screen added or took away, applied to what is stored."""
    removed = [entry for entry in seen if entry not in entries]
    added = [entry for entry in entries if entry not in seen and entry not in stored]
    return [*(entry for entry in stored if entry not in removed), *added]


def share_home_item(uow: UnitOfWork, source: Assessment, sibling: Assessment, action: str, after: Any,
                    source_instrument: Instrument, sibling_instrument: Instrument) -> bool:
    """Bring a home item's grade, or one of its notes, from ``source`` into ``sibling``; True if it changed."""
    item_id = _item_of(source, action, after)
    if item_id is None or not _is_home_item(source_instrument, item_id):
        return False
    if not _is_home_item(sibling_instrument, item_id) or sibling.age_band is None:
        return False
    if not sibling_instrument.item_applies(sibling_instrument.item(item_id), sibling.age_band):
        return False
    facts = sibling.shared_facts
    replaced = None
    if action in ("assessment.grade-item", "assessment.not-assessed"):
        grade = source.item_grades.get(item_id)
        if grade is None or sibling.item_grades.get(item_id) == grade:
            return False
        replaced = replaced_grade(sibling, item_id)
        uow.assessments.set_item_grade(sibling.id, grade)
    else:
        note = next((n for n in source.evidence if str(n.id) == str((after or {}).get("id"))), None)
        if note is None or not _copy_note(uow, source, sibling, note):
            return False
        facts = uow.assessments.get(sibling.id).shared_facts
    earlier = sibling.shared_fact(SharedFactKind.HOME_ITEM, item_id)
    if replaced is None and earlier is not None and not earlier.confirmed:
        replaced = earlier.replaced_grade  # a note after a grade keeps the grade replaced
    facts = with_fact(facts, SharedFactKind.HOME_ITEM, item_id, source.id, replaced_grade=replaced)
    uow.assessments.update_fields(sibling.id, shared_facts=facts)
    return True


def replaced_grade(sibling: Assessment, item_id: str) -> int | None:
    """The grade of ``item_id`` a sibling's change replaces in ``sibling``: the grade this child last had, kept
    through further changes not yet confirmed for this child."""
    earlier = sibling.shared_fact(SharedFactKind.HOME_ITEM, item_id)
    if earlier is not None and not earlier.confirmed:
        return earlier.replaced_grade
    grade = sibling.item_grades.get(item_id)
    return grade.grade if grade is not None else None


def may_share_home_item(source: Assessment, action: str, after: Any, source_instrument: Instrument) -> bool:
    """Whether ``action`` on ``source`` is about an item that describes the home (only those go to siblings): known
    before any sibling is read, so a grade of any other item reads no one else's assessment."""
    item_id = _item_of(source, action, after)
    return item_id is not None and _is_home_item(source_instrument, item_id)


def _copy_note(uow: UnitOfWork, source: Assessment, sibling: Assessment, note: EvidenceNote) -> bool:
    """The sibling's copy of ``note`` made or brought up to date (found by the note first written)."""
    mine = source.shared_fact(SharedFactKind.EVIDENCE, str(note.id))
    origin = mine.origin if mine is not None else str(note.id)
    copy_fact = next((f for f in sibling.shared_facts if f.kind is SharedFactKind.EVIDENCE and f.origin == origin),
                     None)
    keys = {origin} | ({copy_fact.key} if copy_fact is not None else set())
    copy = next((n for n in sibling.evidence if str(n.id) in keys), None)  # the first note, or its copy
    if copy is None:
        copy = EvidenceNote(item_id=note.item_id, source=note.source, text=note.text, author_id=note.author_id)
        uow.assessments.add_evidence(sibling.id, copy)
    elif (copy.text, copy.source) == (note.text, note.source):
        return False
    else:
        copy = copy.model_copy(update={"text": note.text, "source": note.source, "updated_at": note.updated_at})
        uow.assessments.update_evidence(sibling.id, copy)
    facts = with_fact(sibling.shared_facts, SharedFactKind.EVIDENCE, str(copy.id), source.id, origin=origin)
    uow.assessments.update_fields(sibling.id, shared_facts=facts)
    return True


def _item_of(source: Assessment, action: str, after: Any) -> str | None:
    if action in ("assessment.grade-item", "assessment.not-assessed"):
        return (after or {}).get("item_id")
    note_id = str((after or {}).get("id"))
    note = next((n for n in source.evidence if str(n.id) == note_id), None)
    return note.item_id if note is not None else None


def _is_home_item(instrument: Instrument, item_id: str) -> bool:
    try:
        return instrument.item(item_id).household
    except KeyError:
        return False
