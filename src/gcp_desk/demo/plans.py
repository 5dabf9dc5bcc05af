"""The demo's outcome plans: actions for each domain graded 4 or 5, reviewed at the next assessment and carried
forward or closed, so that a child's plan reads as one thread across their assessments. All wording is invented.

Reviews follow the grades: met when the domain reached its target, partly met when it improved without reaching it,
not met otherwise. An action not met goes on while its domain is still graded 3 or worse; the rest are closed. A
draft still being written has reviewed only some of the previous actions and planned only some of its concerns, so
the demo shows what the completeness check asks for.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from uuid import UUID, uuid4

from ..domain.assessment import ActionReview, Assessment, PlanAction
from ..domain.enums import ActionOutcome
from ..domain.instrument import Instrument
from ..scoring.flags import is_concern
from ..scoring.suggest import effective_domain_grade

ACTIONS: dict[str, list[tuple[str, str, str]]] = {
    # What will change, who is asked to make it happen, and their agency: paired, as a real plan would be.
    "physical": [("A warm bed with clean bedding for each child", "Mother", "Family"),
                 ("Heating and the broken window repaired", "Housing officer", "Housing"),
                 ("Clean clothes that fit, every day", "Family support worker", "Early help")],
    "nutritional": [("Breakfast before school every day", "Mother", "Family"),
                    ("Food in the cupboards through the whole week", "Family support worker", "Early help"),
                    ("Regular meals at the table together", "Health visitor", "Health")],
    "medical": [("Dental check-up booked and attended", "Mother", "Family"),
                ("Every health appointment kept", "Health visitor", "Health"),
                ("Medicines given as prescribed, with a chart on the fridge", "School nurse", "Health")],
    "emotional": [("Time together every day, with praise and comfort", "Mother", "Family"),
                  ("Mother attends the parenting group", "Family support worker", "Early help"),
                  ("Bedtime routine with a story most nights", "Health visitor", "Health")],
    "educational": [("School attendance above 90 per cent", "Class teacher", "School"),
                    ("Nursery place taken up and attended", "Health visitor", "Health"),
                    ("Reading together three evenings a week", "Class teacher", "School")],
    "supervision": [("A named adult collects the children from school", "Social worker", "Children's social care"),
                    ("Safety gates and window locks fitted", "Housing officer", "Housing"),
                    ("An agreed time home each evening, and kept", "Social worker", "Children's social care")],
}
REVIEW_NOTES = {
    ActionOutcome.MET: ["Seen in place on every visit since.", "School and health visitor confirm it has held."],
    ActionOutcome.PARTLY_MET: ["Better, but not yet every week.", "Started well; slipped when money ran short."],
    ActionOutcome.NOT_MET: ["No change seen on the visits.", "Agreed at the meeting but not started."],
}
PROGRESS = ["Discussed at the core group; family agree.", "Checked on the unannounced visit: in place.",
            "Reminder sent; to be checked at the next visit.", ""]


class PlanThreads:
    """Gives each assessment of one child its plan and its reviews of the previous plan, oldest first."""

    def __init__(self, rnd: random.Random, instrument: Instrument, new_id: Callable[[], UUID] = uuid4):
        self._random = rnd
        self._new_id = new_id
        self._instrument = instrument

    def thread(self, assessments: list[tuple[Assessment, bool]]) -> list[Assessment]:
        """``assessments``: each with whether it is still being written, oldest first."""
        threaded: list[Assessment] = []
        previous: Assessment | None = None
        for assessment, unfinished in assessments:
            visit_day = assessment.last_visit_date or date.min
            reviews, carried = self._reviews(previous, assessment, visit_day, unfinished)
            plan = carried + self._new_actions(assessment, carried, visit_day, unfinished)
            assessment = assessment.model_copy(update={"plan": plan, "action_reviews": reviews})
            threaded.append(assessment)
            previous = assessment
        return threaded

    def _reviews(self, previous: Assessment | None, assessment: Assessment, visit_day: date,
                 unfinished: bool) -> tuple[list[ActionReview], list[PlanAction]]:
        if previous is None:
            return [], []
        rnd = self._random
        reviews, carried = [], []
        for action in previous.plan:
            now = self._grade(assessment, action.domain_id)
            if now is None or (unfinished and rnd.random() < 0.5):
                continue  # not reviewed yet
            then = self._grade(previous, action.domain_id)
            if now <= action.target_grade:
                outcome = ActionOutcome.MET
            elif then is not None and now < then:
                outcome = ActionOutcome.PARTLY_MET
            else:
                outcome = ActionOutcome.NOT_MET
            goes_on = outcome is not ActionOutcome.MET and now >= 3
            reviews.append(ActionReview(action_id=action.id, outcome=outcome, note=rnd.choice(REVIEW_NOTES[outcome]),
                                        carried_forward=goes_on))
            if goes_on:
                carried.append(action.model_copy(update={
                    "id": self._new_id(),
                    "by_when": visit_day + timedelta(weeks=rnd.choice([8, 10, 12])),
                    "progress_notes": "",
                    "carried_from_id": action.id,
                }))
        return reviews, carried

    def _new_actions(self, assessment: Assessment, carried: list[PlanAction], visit_day: date,
                     unfinished: bool) -> list[PlanAction]:
        rnd = self._random
        planned = {action.domain_id for action in carried}
        actions = []
        for domain in self._instrument.domains:
            grade = self._grade(assessment, domain.id)
            if not is_concern(grade) or domain.id in planned or (unfinished and rnd.random() < 0.4):
                continue
            what, who, agency = rnd.choice(ACTIONS.get(domain.id, [(f"{domain.title} improves", "Social worker",
                                                                      "Children's social care")]))
            actions.append(PlanAction(
                id=self._new_id(),
                domain_id=domain.id,
                what_will_change=what,
                who=who,
                agency=agency,
                by_when=visit_day + timedelta(weeks=rnd.choice([8, 10, 12])),
                target_grade=max(2, grade - 2),
                progress_notes=rnd.choice(PROGRESS),
            ))
        return actions

    def _grade(self, assessment: Assessment, domain_id: str) -> int | None:
        return effective_domain_grade(self._instrument, assessment, domain_id)
