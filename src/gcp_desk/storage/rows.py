"""Domain objects to column values and back. The one place that knows how each field is stored.

Writers get plain dicts (ready for Core ``insert()`` executemany); readers build domain objects from result rows.
JSON parts are stored as pydantic's JSON form and validated again on the way out, so a record read back is checked
exactly as a record typed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from ..domain.assessment import Assessment, DomainGrade, EvidenceNote, ItemGrade, PlanAction
from ..domain.people import Adult, Child, ChildAdultLink, Household, LocalIdentifier, User
from .caseload_sql import CONCERN_SEPARATOR

Row = Mapping[str, Any]


# People ---------------------------------------------------------------------------------------------------------


ROLE_SEPARATOR = ","


def user_values(user: User) -> dict[str, Any]:
    return {"id": user.id, "name": user.name, "role": user.role, "roles": ROLE_SEPARATOR.join(user.roles),
            "team_id": user.team_id, "created_at": user.created_at}


def user_from(row: Row) -> User:
    roles = tuple(row["roles"].split(ROLE_SEPARATOR)) if row.get("roles") else (row["role"],)
    return User(id=row["id"], name=row["name"], roles=roles, team_id=row["team_id"], created_at=row["created_at"])


def household_values(household: Household) -> dict[str, Any]:
    return {
        "id": household.id,
        "name": household.name,
        "address": household.address,
        "created_at": household.created_at,
    }


def household_from(row: Row) -> Household:
    return Household(id=row["id"], name=row["name"], address=row["address"], created_at=row["created_at"])


def identifier_text(identifiers: Iterable[LocalIdentifier]) -> str:
    return " ".join(identifier.value for identifier in identifiers)


def search_text(child: Child) -> str:
    return " ".join([child.given_name, child.family_name, identifier_text(child.identifiers)]).strip().lower()


NAME_SEPARATOR = "\x1f"
"""Between the family and given name in ``sort_name``: below every character of a name, so "Smith" sorts before
"Smithson" whatever their given names."""


def sort_name(family_name: str, given_name: str) -> str:
    """The caseload's order by name, any case: family then given name in lower case."""
    return f"{family_name.lower()}{NAME_SEPARATOR}{given_name.lower()}"


def child_values(child: Child) -> dict[str, Any]:
    return {
        "id": child.id,
        "given_name": child.given_name,
        "family_name": child.family_name,
        "date_of_birth": child.date_of_birth,
        "expected_date_of_delivery": child.expected_date_of_delivery,
        "sex": child.sex,
        "ethnicity": child.ethnicity,
        "identifiers": [identifier.model_dump(mode="json") for identifier in child.identifiers],
        "identifier_text": identifier_text(child.identifiers),
        "search_text": search_text(child),
        "sort_name": sort_name(child.family_name, child.given_name),
        "household_id": child.household_id,
        "plan_type": child.plan_type,
        "team_id": child.team_id,
        "created_at": child.created_at,
        "updated_at": child.updated_at,
        "father_unknown_reason": child.father_unknown_reason,
    }


CHILD_FIELDS = tuple(Child.model_fields)


def child_from(row: Row) -> Child:
    return Child.model_validate({name: row[name] for name in CHILD_FIELDS})


ADULT_FIELDS = tuple(Adult.model_fields)


def adult_values(adult: Adult) -> dict[str, Any]:
    return {name: getattr(adult, name) for name in ADULT_FIELDS}


def adult_from(row: Row) -> Adult:
    return Adult.model_validate({name: row[name] for name in ADULT_FIELDS})


LINK_FIELDS = tuple(ChildAdultLink.model_fields)


def link_values(link: ChildAdultLink) -> dict[str, Any]:
    return {name: getattr(link, name) for name in LINK_FIELDS}


def link_from(row: Row) -> ChildAdultLink:
    return ChildAdultLink.model_validate({name: row[name] for name in LINK_FIELDS})


# Assessments ----------------------------------------------------------------------------------------------------

ASSESSMENT_SCALARS = (
    "id",
    "child_id",
    "instrument_id",
    "instrument_version",
    "instrument_hash",
    "age_band",
    "status",
    "child_voice",
    "carers_views",
    "strengths",
    "analysis",
    "created_by",
    "created_at",
    "updated_at",
    "submitted_at",
    "amends_id",
    "amendment_reason",
)
ASSESSMENT_JSON_PARTS = ("visits", "how_seen", "context", "adults", "action_reviews", "participation", "shared_facts")
"""Stored whole as JSON: read and written as one piece, never queried inside."""


def concern_text(domain_ids: Iterable[str]) -> str:
    domain_ids = list(domain_ids)
    for domain_id in domain_ids:
        if CONCERN_SEPARATOR in domain_id or not domain_id:
            raise ValueError(f"not a domain id: {domain_id!r}")
    return CONCERN_SEPARATOR.join(domain_ids)


def assessment_values(assessment: Assessment, concern_domains: Iterable[str] = ()) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(assessment, name) for name in ASSESSMENT_SCALARS}
    for name in ASSESSMENT_JSON_PARTS:
        values[name] = json_form(getattr(assessment, name))
    if values["participation"] is None:
        del values["participation"]  # NULL by default; and a database not yet upgraded has no such column
    if not values["shared_facts"]:
        del values["shared_facts"]  # NULL means none, as in records made before siblings shared facts
    values["assessment_date"] = assessment.last_visit_date
    values["concern_domains"] = concern_text(concern_domains)
    return values


def json_form(value: Any) -> Any:
    """The JSON form of a JSON part: a model or a list of models (or already their plain form)."""
    if isinstance(value, list):
        return [item.model_dump(mode="json") if hasattr(item, "model_dump") else item for item in value]
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else value


def item_grade_values(assessment_id: UUID, grade: ItemGrade, updated_at: datetime) -> dict[str, Any]:
    return {
        "assessment_id": assessment_id,
        "item_id": grade.item_id,
        "grade": grade.grade,
        "not_assessed_reason": grade.not_assessed_reason,
        "updated_at": updated_at,
    }


def evidence_values(assessment_id: UUID, note: EvidenceNote, position: int) -> dict[str, Any]:
    return {
        "id": note.id,
        "assessment_id": assessment_id,
        "position": position,
        "item_id": note.item_id,
        "source": note.source,
        "text": note.text,
        "author_id": note.author_id,
        "created_at": note.created_at,
        "updated_at": note.updated_at,
    }


EVIDENCE_FIELDS = tuple(EvidenceNote.model_fields)


def evidence_from(row: Row) -> EvidenceNote:
    return EvidenceNote.model_validate({name: row[name] for name in EVIDENCE_FIELDS})


def domain_grade_values(assessment_id: UUID, grade: DomainGrade) -> dict[str, Any]:
    return {
        "assessment_id": assessment_id,
        "domain_id": grade.domain_id,
        "chosen": grade.chosen,
        "suggested": grade.suggested,
        "override_reason": grade.override_reason,
    }


PLAN_FIELDS = tuple(PlanAction.model_fields)


def plan_values(assessment_id: UUID, action: PlanAction, position: int) -> dict[str, Any]:
    values = {name: getattr(action, name) for name in PLAN_FIELDS}
    values.update(assessment_id=assessment_id, position=position)
    return values


def assessment_from(
    row: Row,
    item_grades: Sequence[Row],
    evidence: Sequence[Row],
    domain_grades: Sequence[Row],
    plan: Sequence[Row],
) -> Assessment:
    """One assessment from its row and its parts' rows (evidence and plan already in position order)."""
    data: dict[str, Any] = {name: row[name] for name in ASSESSMENT_SCALARS}
    for name in ASSESSMENT_JSON_PARTS:
        data[name] = row[name]
    data["shared_facts"] = data["shared_facts"] or []
    data["item_grades"] = {
        g["item_id"]: {"item_id": g["item_id"], "grade": g["grade"], "not_assessed_reason": g["not_assessed_reason"]}
        for g in item_grades
    }
    data["evidence"] = [{name: note[name] for name in EVIDENCE_FIELDS} for note in evidence]
    data["domain_grades"] = {
        g["domain_id"]: {
            "domain_id": g["domain_id"],
            "chosen": g["chosen"],
            "suggested": g["suggested"],
            "override_reason": g["override_reason"],
        }
        for g in domain_grades
    }
    data["plan"] = [{name: action[name] for name in PLAN_FIELDS} for action in plan]
    return Assessment.model_validate(data)
