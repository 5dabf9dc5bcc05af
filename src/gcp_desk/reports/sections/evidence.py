"""The evidence behind the grades, domain by domain, each note tagged with where it came from.

Case reviews found records that blurred what was seen, what a parent said and what a professional concluded. Every
note is printed with its source first, so a reader weighs "Parent or carer said" differently from "Observed".
"""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable

from ...domain.assessment import EvidenceNote
from ...domain.labels import EVIDENCE_SOURCE
from ..grade_cells import GradeCells
from ..paragraphs import Paragraph
from ..report_data import ReportData
from ..styles import Styles
from ..wording import safe
from .blocks import heading, nothing, subheading

EVIDENCE = "Evidence by domain"
ITEM_ROOM = 45.0
"""Points an item's line needs below it (itself and a line of its first note) before starting a new page; a
long note then splits across the break instead of dragging its item line, and a gap, onto the next page."""


def evidence_section(data: ReportData, styles: Styles) -> list[Flowable]:
    assessment, instrument = data.assessment, data.instrument
    cells = GradeCells(styles, instrument)
    flowables: list[Flowable] = [*heading(styles, EVIDENCE)]
    general = [note for note in assessment.evidence if note.item_id is None]
    if general:
        flowables.extend(subheading(styles, "About the assessment as a whole"))
        flowables.extend(_note(note, styles) for note in general)
    known_items = set()
    for domain in instrument.domains:
        flowables.extend(subheading(styles, domain.title))
        found = False
        for item in domain.items:
            known_items.add(item.id)
            notes = assessment.evidence_for(item.id)
            if not notes:
                continue
            found = True
            graded = assessment.item_grades.get(item.id)
            grade = graded.grade if graded is not None else None
            chip = cells.inline(grade, empty_text="Not assessed" if graded is not None else "Not graded yet",
                                not_assessed=graded is not None)
            flowables.append(CondPageBreak(ITEM_ROOM))
            flowables.append(Paragraph(f"{safe(item.title)}&nbsp;&nbsp;{chip}", styles.evidence_item))
            flowables.extend(_note(note, styles) for note in notes)
        if not found:
            flowables.append(nothing(styles, "No evidence is recorded for this domain."))
    stray = [note for note in assessment.evidence if note.item_id is not None and note.item_id not in known_items]
    if stray:
        flowables.extend(subheading(styles, "Notes on items not in this instrument"))
        flowables.extend(_note(note, styles) for note in stray)
    return flowables


def _note(note: EvidenceNote, styles: Styles) -> Paragraph:
    return Paragraph(f"<b>{safe(EVIDENCE_SOURCE[note.source])}:</b> {safe(note.text)}", styles.evidence)
