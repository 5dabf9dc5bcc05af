"""``gcp-desk list children|assessments``: what the signed-in person may see, as a table or JSON.

Every listing is written to the audit trail: who listed what, when, and how many records."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from ..domain.caseload import CaseloadRow
from ..domain.errors import InvalidInput
from ..domain.labels import STATUS
from ..paths import AppPaths
from .output import print_json
from .signing_in import signed_in


def _age(row: CaseloadRow, today: date) -> str:
    from ..scoring.age import age_in_months

    if row.date_of_birth is None:
        return "unborn"
    months = age_in_months(row.date_of_birth, today)
    return f"{months // 12}y" if months >= 24 else f"{months}m"


def list_records(paths: AppPaths, what: str, *, as_json: bool, child: str | None, acting_as: str | None,
                 password_stdin: bool) -> int:
    child_id = _child_id(child) if child else None
    with signed_in(paths, acting_as, password_stdin, f"list {what}") as (backend, user):
        if what == "children":
            return _list_children(backend, user, as_json)
        return _list_assessments(backend, user, as_json, child_id)


def _child_id(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise InvalidInput(f"'{text}' is not a child id (ids look like 3f2b9c1e-...)") from None


def _list_children(backend, user, as_json: bool) -> int:
    rows = sorted(backend.children(user).caseload(), key=lambda r: (r.family_name.lower(), r.given_name.lower()))
    backend.access_log(user).record_listing("children", len(rows))
    today = date.today()
    if as_json:
        print_json(
            [
                {
                    "id": str(row.child_id),
                    "name": row.full_name,
                    "date_of_birth": row.date_of_birth,
                    "expected_date_of_delivery": row.expected_date_of_delivery,
                    "identifiers": row.identifiers,
                    "plan_type": row.plan_type.value,
                    "assessments": row.assessment_count,
                    "latest_assessment_id": str(row.latest_assessment_id) if row.latest_assessment_id else None,
                    "latest_status": row.latest_status.value if row.latest_status else None,
                    "latest_date": row.latest_date,
                    "concern_domains": list(row.concern_domains),
                    "household_id": str(row.household_id) if row.household_id else None,
                }
                for row in rows
            ]
        )
        return 0
    print(f"{'Name':<28} {'Age':>7}  {'Latest':<11} {'Status':<16} Domains at 4-5")
    for row in rows:
        status = STATUS[row.latest_status] if row.latest_status else "No assessment"
        latest = row.latest_date.isoformat() if row.latest_date else ""
        print(f"{row.full_name:<28} {_age(row, today):>7}  {latest:<11} {status:<16} {', '.join(row.concern_domains)}")
    print(f"{len(rows)} children")
    return 0


def _list_assessments(backend, user, as_json: bool, child_id: UUID | None) -> int:
    from ..scoring.drift import assessment_date

    children = backend.children(user)
    chosen = [child_id] if child_id else [row.child_id for row in children.caseload()]
    service = backend.assessments(user)
    review = backend.review(user)
    records = []
    for one in chosen:
        name = children.get(one).full_name
        history = service.history(one)
        altered = review.changed_after_signing(history)
        for assessment in history:
            when = assessment_date(assessment)
            records.append(
                {
                    "id": str(assessment.id),
                    "child_id": str(one),
                    "child": name,
                    "date": when,
                    "status": assessment.status.value,
                    "age_band": assessment.age_band,
                    "instrument": f"{assessment.instrument_id} {assessment.instrument_version}",
                    "graded_items": sum(1 for g in assessment.item_grades.values() if g.grade is not None),
                    "domain_grades": {d: g.chosen for d, g in assessment.domain_grades.items()},
                    "changed_after_signing": assessment.id in altered,
                }
            )
    backend.access_log(user).record_listing("assessments", len(records), child_id=child_id)
    if as_json:
        print_json(records)
        return 0
    print(f"{'Child':<28} {'Date':<11} {'Status':<16} {'Band':<8} Domain grades")
    for record in records:
        grades = " ".join(f"{d}:{g}" for d, g in record["domain_grades"].items())
        when = record["date"].isoformat() if record["date"] else ""
        print(f"{record['child']:<28} {when:<11} {STATUS_BY_VALUE[record['status']]:<16} "
              f"{record['age_band'] or '':<8} {grades}"
              + ("  CHANGED AFTER SIGNING" if record["changed_after_signing"] else ""))
    print(f"{len(records)} assessments")
    return 0


STATUS_BY_VALUE = {status.value: label for status, label in STATUS.items()}


