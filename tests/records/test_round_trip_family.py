"""A family assessed together travels whole: the home item's shared facts and their confirmation for each child,
and a plan action shared by the siblings, survive export and import."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from gcp_desk.app import open_backend
from gcp_desk.domain.enums import EvidenceSource, SharedFactKind
from gcp_desk.services.assessments import AssessmentService
from gcp_desk.services.children import ChildService
from gcp_desk.services.family_plan import FamilyPlanService
from gcp_desk.services.siblings import SiblingAssessmentService
from records_support import export_from, import_file, signed_in

TODAY = date(2026, 11, 2)


def test_shared_fact_and_shared_plan_action_survive_a_round_trip(source, target, tmp_path):
    backend = open_backend(source)
    try:
        context = replace(backend.context(signed_in(backend, "Sam Whitfield")), today=lambda: TODAY)
        children = ChildService(context)
        ava = children.create_child(given_name="Ava", family_name="Quillon", date_of_birth=date(2014, 2, 1),
                                    new_household=("Quillon household", "4 Millbrook Lane"))
        ben = children.create_child(given_name="Ben", family_name="Quillon", date_of_birth=date(2020, 3, 3),
                                    household_id=ava.household_id)
        first, second = SiblingAssessmentService(context).start_together([ava.id, ben.id],
                                                                          on=TODAY - timedelta(days=2))
        assessments = AssessmentService(context)
        assessments.grade_item(first.id, "home-conditions", 4)
        assessments.add_evidence(first.id, item_id="home-conditions", source=EvidenceSource.OBSERVED,
                                 text="No heating; damp in the bedroom.")
        assessments.confirm_shared_fact(second.id, SharedFactKind.HOME_ITEM, "home-conditions")
        FamilyPlanService(context).add_family_action(
            first.id, [second.id], domain_id="physical", what_will_change="Working heating", who="Mother",
            by_when=TODAY + timedelta(weeks=6), target_grade=2)
        held = [assessments.get(first.id), assessments.get(second.id)]
    finally:
        backend.close()
    assert held[1].shared_fact(SharedFactKind.HOME_ITEM, "home-conditions").confirmed
    assert held[1].shared_fact(SharedFactKind.EVIDENCE, str(held[1].evidence[0].id)) is not None

    bundle = export_from(source, tmp_path / "family.json", passphrase=None)
    outcome = import_file(target, bundle)
    assert outcome.ok, outcome.problems
    imported = [target.assessments(target.importer).get(a.id) for a in held]
    assert [a.model_dump() for a in imported] == [a.model_dump() for a in held]
    assert imported[0].plan[0].family_id == imported[1].plan[0].family_id is not None
    assert imported[1].shared_facts == held[1].shared_facts


def test_a_bundle_of_format_1_still_imports(target, plain_bundle, tmp_path):
    from records_support import load, save

    from gcp_desk.bundle.models import FORMAT_VERSION

    older = load(plain_bundle)
    assert older["format_version"] == FORMAT_VERSION == 2
    older["format_version"] = 1
    for child in older["children"]:
        for assessment in child["assessments"]:
            assert not assessment.get("shared_facts")  # a caseload with no family assessed together
            assessment.pop("shared_facts", None)
            for action in assessment["plan"]:
                action.pop("family_id", None)
    outcome = import_file(target, save(older, tmp_path / "format-1.json"))
    assert outcome.ok, outcome.problems
    assert outcome.added_assessments > 0
