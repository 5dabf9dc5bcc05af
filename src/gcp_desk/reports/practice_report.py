"""An invented report for the report worker to practise on before any real one (``worker_process.prepare``): two
assessments of an invented child, every item graded, for its chart and its signed content. Nothing here is a
person's details, and nothing is saved or shown."""

from __future__ import annotations

from datetime import date

from ..domain.assessment import Assessment, ItemGrade, Visit
from ..domain.people import Child, ChildRecord, Household
from ..scoring.instruments import builtin_instrument, content_hash
from .report_data import ReportData

AGE_BAND = "2-4"


def practice_report_data() -> ReportData:
    instrument = builtin_instrument()
    home = Household(name="Practice household")
    child = Child(given_name="Practice", family_name="Page", date_of_birth=date(2022, 1, 1), household_id=home.id)
    history = []
    for grade, day in ((3, date(2026, 1, 5)), (4, date(2026, 4, 6))):
        grades = {item.id: ItemGrade(item_id=item.id, grade=grade)
                  for domain in instrument.domains for item in instrument.items_for(domain.id, AGE_BAND)}
        assessment = Assessment(child_id=child.id, instrument_id=instrument.id,
                                instrument_version=instrument.version, instrument_hash=content_hash(instrument),
                                age_band=AGE_BAND, item_grades=grades,
                                visits=[Visit(date=day, announced=True, visitors=["Practice"])])
        history.append((assessment, instrument))
    return ReportData(record=ChildRecord(child=child, household=home, adults=[]), assessment=history[-1][0],
                      instrument=instrument, history=tuple(history))
