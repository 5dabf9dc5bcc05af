"""A checked bundle's records as the rows a sync writes: each record the importer's first pass validated
(``bundle.models``), turned into its table's columns exactly as its database stores it, by the same functions the
app stores records with (``storage.rows``), and then only those the plan moves (``planned``).

Nothing a sync compares is lost on the way: the bundle a sync makes carries, besides each record's fields, what the
two copies keep the same and an export leaves out (versions, each grade's last change, the stored places of notes
and plan actions; ``BundleRows(kept=True)``); what each copy works out for itself from the record (the caseload's
assessment date and domains of concern, a child's search text and name order) is worked out here the way the app
works it out. ``tests/services/test_sync_bundle_rows.py`` shows that a file read back from its bundle is row for row
the file as stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..bundle.models import BundleAssessment, BundleChild, BundleHousehold
from ..domain.errors import NotAllowed
from ..domain.instrument import Instrument
from ..scoring.flags import concern_domains
from ..storage.repositories.events import event_values
from ..storage.rows import (
    adult_values,
    assessment_values,
    child_values,
    domain_grade_values,
    evidence_values,
    household_values,
    item_grade_values,
    link_values,
    plan_values,
)
from .records import (
    ADULT,
    ALIAS,
    ASSESSMENT,
    CHILD,
    COMMENT,
    DOMAIN,
    EVENT,
    EVIDENCE,
    GRADE,
    HOUSEHOLD,
    KINDS,
    LINK,
    MOVE,
    PLAN_ACTION,
    RETURN,
    SIGNATURE,
    SNAPSHOT,
    ChildFiles,
    Kind,
    Row,
)

InstrumentFor = Callable[[BundleAssessment], Instrument]
OPTIONAL_COLUMNS = {"participation": None, "shared_facts": None}
"""Assessment columns ``assessment_values`` leaves out while empty (for an insert); a sync writes them always, so
that one emptied on one side is emptied on the other."""


def rows_of(households: Iterable[BundleHousehold], children: Iterable[BundleChild],
            instrument_for: InstrumentFor) -> ChildFiles:
    """Every record of the bundle as its row, by kind and key."""
    files = ChildFiles()

    def put(kind: Kind, values: dict[str, Any]) -> None:
        row = {name: values[name] for name in kind.columns if name in values}
        files.of(kind)[kind.key_of(row)] = row

    for household in households:
        put(HOUSEHOLD, _versioned(household_values(household), household.version))
        for adult in household.adults:
            put(ADULT, _versioned(adult_values(adult), adult.version))
            for alias in adult.aliases:
                put(ALIAS, {**alias.model_dump(), "adult_id": adult.id})
    for child in children:
        put(CHILD, _versioned(child_values(child), child.version))
        for link in child.links:
            put(LINK, link_values(link))
        for move in child.moves:
            put(MOVE, move.model_dump())
        for event in child.events:
            put(EVENT, _versioned(event_values(event), event.version))
        for assessment in child.assessments:
            _assessment(put, assessment, instrument_for)
    return files


def _assessment(put: Callable[[Kind, dict[str, Any]], None], assessment: BundleAssessment,
                instrument_for: InstrumentFor) -> None:
    aid = assessment.id
    put(ASSESSMENT, {**OPTIONAL_COLUMNS,
                     **assessment_values(assessment, concern_domains(instrument_for(assessment), assessment))})
    for grade in assessment.item_grades.values():
        put(GRADE, item_grade_values(aid, grade, grade.updated_at or assessment.updated_at))
    for index, note in enumerate(assessment.evidence):
        put(EVIDENCE, evidence_values(aid, note, index if note.position is None else note.position))
    for domain_grade in assessment.domain_grades.values():
        put(DOMAIN, domain_grade_values(aid, domain_grade))
    for index, action in enumerate(assessment.plan):
        put(PLAN_ACTION, _versioned(plan_values(aid, action, index if action.position is None else action.position),
                                    action.version))
    for signature in assessment.signatures:
        put(SIGNATURE, signature.model_dump())
    for comment in assessment.review_comments:
        put(COMMENT, comment.model_dump())
    for returned in assessment.returns:
        put(RETURN, returned.model_dump(exclude={"content_at_return"}))
        if returned.content_at_return is not None:
            put(SNAPSHOT, {"return_id": returned.id, "content": returned.content_at_return})


def _versioned(values: dict[str, Any], version: int | None) -> dict[str, Any]:
    """With the record's version, when the bundle carries it (otherwise its database gives one)."""
    return values if version is None else {**values, "version": version}


def planned(chosen: dict[str, list[Row]], files: ChildFiles, what: str) -> dict[str, list[Row]]:
    """The bundle's rows of the records the plan ``chosen`` (by kind, as rows read for planning), in its order.
    A record the plan moves that the bundle does not carry stops the sync: nothing is written. ``what``: the
    records' way ("to send to the team server at X")."""
    found: dict[str, list[Row]] = {}
    for kind in KINDS:
        held = files.of(kind)
        rows = []
        for row in chosen[kind.name]:
            key = kind.key_of(row)
            if key not in held:
                raise NotAllowed(f"The records {what} could not all be put in a "
                                 f"bundle ({kind.name} {':'.join(str(part) for part in key)} is missing from it). "
                                 "Nothing was sent or received; run the sync again.")
            rows.append(held[key])
        found[kind.name] = rows
    return found
