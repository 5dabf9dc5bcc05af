"""The profile: every domain and item with its grade as colour, number and word, and how each domain grade was set.

A domain grade is the practitioner's decision, helped by a suggestion (the worst of its items). The report shows
the suggestion beside the choice and prints the reason for any override, which is where over-optimism shows.
Next to each item's grade stands the instrument's description of care at that grade for the child's age band, so
a reader years later knows what the number meant without the instrument to hand.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from ...domain.assessment import DomainGrade
from ...domain.instrument import Domain, Item
from ...domain.labels import EVIDENCE_SOURCE
from ...scoring.age import applicable_items, band_of
from ...scoring.suggest import Suggestion, suggest_domain_grade
from ..grade_cells import GradeCells
from ..paragraphs import Paragraph
from ..report_data import ReportData
from ..styles import CONTENT_WIDTH, Styles
from ..tables import header_row, report_table
from ..wording import safe
from .blocks import heading, nothing, subheading

PROFILE = "Profile of care"


def profile_section(data: ReportData, styles: Styles) -> list[Flowable]:
    flowables: list[Flowable] = [*heading(styles, PROFILE), _scale_key(data, styles)]
    flowables.append(Paragraph(
        "Grades 4 and 5 are read as indicating neglect. The grades make a profile: they are never added up into "
        "one score.", styles.muted))
    flowables.extend(subheading(styles, "Domain grades"))
    flowables.append(_domain_table(data, styles))
    band = band_of(data.instrument, data.assessment)
    if band is None:
        flowables.append(nothing(styles, "No age band is set (no visit is recorded), so no items apply yet."))
        return flowables
    flowables.append(Paragraph(safe(f"Items graded for the age band {band.label}. Items that do not apply at this "
                                    "age are left out."), styles.muted))
    for domain in data.instrument.domains:
        flowables.extend(_items_of(domain, data, styles, band.id))
    return flowables


def _scale_key(data: ReportData, styles: Styles) -> Flowable:
    cells = GradeCells(styles, data.instrument)
    rows = []
    for row, level in enumerate(sorted(data.instrument.scale, key=lambda level: level.grade)):
        rows.append([cells.cell(0, row, level.grade), Paragraph(safe(level.meaning), styles.cell)])
    return report_table(rows, [0.27 * CONTENT_WIDTH, 0.73 * CONTENT_WIDTH], header=False, commands=cells.commands)


def _domain_table(data: ReportData, styles: Styles) -> Flowable:
    instrument, assessment = data.instrument, data.assessment
    cells = GradeCells(styles, instrument)
    rows: list[list] = [header_row(styles, "Domain", "Domain grade", "Suggested from its items", "How it was set")]
    for row, domain in enumerate(instrument.domains, start=1):
        chosen = assessment.domain_grades.get(domain.id)
        suggestion = suggest_domain_grade(instrument, assessment, domain.id)
        suggested = chosen.suggested if chosen is not None and chosen.suggested is not None else (
            suggestion.grade if suggestion else None)
        rows.append([
            Paragraph(safe(domain.title), styles.cell_bold),
            cells.cell(1, row, chosen.chosen if chosen else None, empty_text="Not chosen yet"),
            Paragraph(safe(cells.words(suggested) if suggested else "No items graded"), styles.cell),
            Paragraph(safe(_how_set(chosen, suggestion, cells)), styles.cell),
        ])
    widths = [0.22, 0.22, 0.21, 0.35]
    return report_table(rows, [w * CONTENT_WIDTH for w in widths], commands=cells.commands)


def _how_set(chosen: DomainGrade | None, suggestion: Suggestion | None, cells: GradeCells) -> str:
    if chosen is None:
        return "The practitioner has not chosen a grade for this domain yet."
    parts = []
    if chosen.is_override:
        parts.append(f"Chosen instead of the suggested {cells.words(chosen.suggested)}. "
                     f"Reason: {chosen.override_reason.strip()}")
    else:
        parts.append("Chosen as suggested.")
    if suggestion is not None:
        if chosen.suggested is not None and suggestion.grade != chosen.suggested:
            parts.append(f"The items were regraded after this; they now suggest {cells.words(suggestion.grade)}.")
        else:
            parts.append(suggestion.explanation + ".")
    return " ".join(parts)


def _items_of(domain: Domain, data: ReportData, styles: Styles, band_id: str) -> list[Flowable]:
    items = applicable_items(data.instrument, data.assessment, domain.id)
    title = subheading(styles, domain.title)
    if not items:
        return [*title, nothing(styles, "No item of this domain applies at this age.")]
    cells = GradeCells(styles, data.instrument)
    rows: list[list] = [header_row(styles, "Item", "Grade", "What care at this grade looks like")]
    for row, item in enumerate(items, start=1):
        rows.append(_item_row(item, row, data, styles, cells, band_id))
    widths = [0.25, 0.22, 0.53]
    table = report_table(rows, [w * CONTENT_WIDTH for w in widths], commands=cells.commands)
    # The domain's title should never be left alone at the foot of a page; a short table stays with it.
    return [KeepTogether([*title, table])] if len(items) <= 6 else [*title, table]


def _item_row(item: Item, row: int, data: ReportData, styles: Styles, cells: GradeCells, band_id: str) -> list:
    graded = data.assessment.item_grades.get(item.id)
    if graded is None:
        return [Paragraph(safe(item.title), styles.cell_bold), cells.cell(1, row, None),
                Paragraph("", styles.cell)]
    if graded.grade is None:
        return [
            Paragraph(safe(item.title), styles.cell_bold),
            cells.cell(1, row, None, empty_text="Not assessed", not_assessed=True),
            Paragraph(safe(f"Not assessed: {graded.not_assessed_reason}"), styles.cell),
        ]
    sources = evidence_sources(data.assessment, item.id)
    return [
        Paragraph(safe(item.title), styles.cell_bold),
        cells.cell(1, row, graded.grade),
        Paragraph(safe(_descriptor(data, item.id, band_id, graded.grade))
                  + f"<br/><b>Evidence from:</b> {safe(sources)}", styles.cell_muted),
    ]


def evidence_sources(assessment, item_id: str) -> str:
    """Where the grade's evidence came from, in words: "Observed; Parent or carer said", or that there is none."""
    found = list(dict.fromkeys(EVIDENCE_SOURCE[note.source] for note in assessment.evidence_for(item_id)
                               if note.text.strip()))
    return "; ".join(found) if found else "no evidence written"


def _descriptor(data: ReportData, item_id: str, band_id: str, grade: int) -> str:
    try:
        return data.instrument.descriptor(item_id, band_id, grade)
    except KeyError:
        return ""
