"""Screenshots of the assessment workspace for the README: an item being graded, the domain grades, the gaps.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots_workspace.py [OUT_DIR]

Everything shown is invented. The assessment is built through the real services on a throw-away database, then
shown in the real workspace at 1280 x 800.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

DOCS_SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
SIZE = (1280, 800)

GRADES = {
    "clothing": 3, "hygiene": 4, "sleep": 3, "home-conditions": 4, "money-for-essentials": 3,
    "food-and-meals": 4, "food-quality": 3, "growth-and-weight": 2,
    "illness-and-injury": 3, "health-appointments": 4, "medication-and-conditions": 2, "dental-care": 4,
    "warmth-and-responsiveness": 2, "carers-attitude": 3, "attachment-and-self-esteem": 2, "place-in-the-family": 2,
}
EVIDENCE = {
    "hygiene": [("observed", "Nappy heavily soiled at the start of both visits; sore skin seen when changed."),
                ("carer-said", "Mother said she bathes Maisie 'when there is hot water', about once a week."),
                ("other-agency", "Nursery: often arrives in yesterday's clothes and needs changing on arrival.")],
}


def build_example(backend):
    """A three-year-old's assessment part-way through: most items graded, a few gaps left."""
    from gcp_desk.domain.assessment import ContextEntry, HowSeen
    from gcp_desk.domain.enums import ContextFactor, EvidenceSource, Involvement, Relationship, Role, Sex
    from gcp_desk.domain.people import User

    today = date.today()
    user = User(name="Priya Chandran", role=Role.PRACTITIONER)
    with backend.db.transaction() as uow:
        uow.users.add(user)
    children, services = backend.children(user), backend.assessments(user)
    child = children.create_child(given_name="Maisie", family_name="Holloway", sex=Sex.FEMALE,
                                  date_of_birth=date(today.year - 3, 2, 14))
    children.add_adult(child.id, given_name="Kelly", family_name="Holloway", relationship=Relationship.MOTHER,
                       sex=Sex.FEMALE, parental_responsibility=True, lives_with_child=True)
    children.add_adult(child.id, given_name="Dean", family_name="Marsden", relationship=Relationship.MOTHERS_PARTNER,
                       sex=Sex.MALE, lives_with_child=True)
    assessment = services.start(child.id)
    aid = assessment.id
    services.add_visit(aid, on=today - timedelta(days=12), visitors=["Priya Chandran (social worker)"])
    services.add_visit(aid, on=today - timedelta(days=5), announced=False,
                       visitors=["Priya Chandran (social worker)", "Jo Macintyre (health visitor)"])
    services.set_how_seen(aid, HowSeen(child_seen=True, rooms_seen=["Kitchen", "Living room", "Child's bedroom"],
                                       present=["Kelly Holloway (mother)"]))
    adults = services.get(aid).adults
    services.set_adult_involvement(aid, adults[0].adult_id, Involvement.SEEN_AND_SPOKEN_WITH)
    services.set_context(aid, [ContextEntry(factor=ContextFactor.PARENTAL_MENTAL_ILL_HEALTH,
                                            note="Mother describes low mood since the winter; not seen by her GP.")])
    for item_id, grade in GRADES.items():
        services.grade_item(aid, item_id, grade)
        for source, text in EVIDENCE.get(item_id, [(
                "observed", "Seen on both visits; see the visit notes for detail.")] if grade >= 3 else []):
            services.add_evidence(aid, item_id=item_id, source=EvidenceSource(source), text=text)
    services.choose_domain_grade(aid, "physical", 4)
    services.choose_domain_grade(aid, "nutritional", 4)
    services.choose_domain_grade(aid, "emotional", 2, "Warm, playful care seen on both visits; the 3 for the "
                                 "carer's attitude reflects one exchange when mother was unwell.")
    services.set_text(aid, "child_voice", "Maisie chatted about her 'big bed' and showed me her teddy. She ate "
                                          "two slices of toast quickly and asked for more.")
    return services.get(aid), children.record(child.id), services


def capture(out_dir: Path) -> list[Path]:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from gcp_desk.app import open_backend
    from gcp_desk.paths import AppPaths
    from gcp_desk.ui.tasks import TaskRunner
    from gcp_desk.ui.views.assessment import AssessmentWorkspace
    from gcp_desk.ui.views.assessment.navigator import Page

    from gcp_desk.ui import pyside_workarounds

    pyside_workarounds.apply()  # as the app does at start
    app = QApplication.instance() or QApplication(sys.argv)

    def settle() -> None:
        loop = QEventLoop()
        QTimer.singleShot(100, loop.quit)
        loop.exec()

    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gcp-desk-shots-") as folder:
        backend = open_backend(AppPaths.at(folder))
        try:
            assessment, record, services = build_example(backend)
            workspace = AssessmentWorkspace(services, TaskRunner(synchronous=True))
            workspace.resize(*SIZE)
            workspace.show()
            workspace.open(assessment, record)
            shots = []

            workspace.show_item("hygiene")
            settle()
            shots.append(_save(workspace, out_dir / "assessment-item.png"))
            workspace.show_page(Page.SUMMARY)
            settle()
            shots.append(_save(workspace, out_dir / "domain-summary.png"))
            workspace.show_page(Page.COMPLETENESS)
            settle()
            shots.append(_save(workspace, out_dir / "completeness.png"))
            workspace.close()
            return shots
        finally:
            backend.close()
            del app


def _save(widget, path: Path) -> Path:
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS_SCREENSHOTS
    for written in capture(target):
        print(written)
