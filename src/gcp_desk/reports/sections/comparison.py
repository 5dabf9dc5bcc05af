"""This assessment read against the previous one, domain by domain and item by item, so a conference sees change
(or its absence) rather than a fresh start. Rows that cannot be compared stay in, with the reason."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Flowable

from ...domain.enums import Change
from ...domain.labels import STATUS
from ...domain.assessment import Assessment
from ...domain.instrument import Instrument
from ...scoring.age import band_of
from ...scoring.compare import ChangeSummary, Comparison, ItemChange, compare_assessments
from ...scoring.change_words import change_words
from ...scoring.drift import assessment_date
from ..grade_cells import GradeCells
from ..paragraphs import Paragraph
from ..report_data import ReportData
from ..styles import CONTENT_WIDTH, SHADE, Styles
from ..tables import header_row, report_table
from ..wording import format_date, safe
from .blocks import heading, nothing, subheading

COMPARISON = "Compared with the previous assessment"

CHANGE_WORDS = {
    Change.IMPROVED: "Improved",
    Change.SAME: "Same",
    Change.WORSE: "Worse",
    Change.NOT_COMPARABLE: "Not comparable",
}
_CHANGE_SHADES = {Change.IMPROVED: colors.HexColor("#e2f1e8"), Change.WORSE: colors.HexColor("#f8e0e3")}
_WIDTHS = [0.30, 0.22, 0.22, 0.26]


def comparison_section(data: ReportData, styles: Styles) -> list[Flowable]:
    flowables: list[Flowable] = [*heading(styles, COMPARISON)]
    base = data.comparison_base()
    if base is None:
        flowables.append(nothing(styles, "There is no earlier assessment to compare with."))
        return flowables
    earlier, earlier_instrument = base
    comparison = compare_assessments(earlier, earlier_instrument, data.assessment, data.instrument)
    on = assessment_date(earlier)
    when = f"of {format_date(on)}" if on else "before this one"
    flowables.append(Paragraph(safe(
        f"The previous assessment {when} ({STATUS[earlier.status].lower()}), graded with "
        f"{earlier_instrument.title} version {earlier_instrument.version}. Lower grades are better."), styles.body))
    if (earlier_instrument.id, earlier_instrument.version) != (data.instrument.id, data.instrument.version):
        flowables.append(Paragraph(
            "The two assessments used different versions of the instrument; items are matched by their "
            "identifier, and items found in only one version are shown as not comparable.", styles.muted))
    items = [row for row in comparison.items
             if _applies_at_either_age(row, (earlier, earlier_instrument), (data.assessment, data.instrument))]
    if comparison.new_baseline_note:
        flowables.append(Paragraph(safe(comparison.new_baseline_note), styles.body))
    flowables.append(Paragraph(safe("Domains: " + _summary(comparison.domain_summary)), styles.body))
    flowables.append(Paragraph(safe("Items: " + _summary(ChangeSummary.of([row.change for row in items]))),
                               styles.body))
    flowables.extend(subheading(styles, "Domains"))
    flowables.append(_domain_table(comparison, data, styles))
    flowables.extend(subheading(styles, "Items"))
    flowables.append(_item_table(comparison, items, data, styles))
    left_out = len(comparison.items) - len(items)
    if left_out:
        flowables.append(Paragraph(safe(f"{left_out} items that apply at neither age are left out."), styles.muted))
    return flowables


def _applies_at_either_age(row: ItemChange, *sides: tuple[Assessment, Instrument]) -> bool:
    """False only when both ages are known and the item applies at neither, e.g. antenatal items for a 4-year-old.

    Such rows are "not comparable" twice over and would bury the rows that matter; they are counted instead.
    """
    for assessment, instrument in sides:
        band = band_of(instrument, assessment)
        if band is None:
            return True
        try:
            item = instrument.item(row.item_id)
        except KeyError:
            continue
        if instrument.item_applies(item, band.id):
            return True
    return False


def _domain_table(comparison: Comparison, data: ReportData, styles: Styles) -> Flowable:
    cells = GradeCells(styles, data.instrument)
    rows: list[list] = [header_row(styles, "Domain", "Then", "Now", "Change")]
    commands: list[tuple] = []
    for row, change in enumerate(comparison.domains, start=1):
        rows.append([
            Paragraph(safe(change.title), styles.cell_bold),
            cells.cell(1, row, change.earlier_grade, empty_text="No grade"),
            cells.cell(2, row, change.later_grade, empty_text="No grade"),
            Paragraph(safe(_domain_words(change, comparison.weeks_apart)), styles.cell_bold),
        ])
        commands += _change_shade(row, change.change)
    return report_table(rows, [w * CONTENT_WIDTH for w in _WIDTHS], commands=cells.commands + commands)


def _item_table(comparison: Comparison, items: list[ItemChange], data: ReportData, styles: Styles) -> Flowable:
    cells = GradeCells(styles, data.instrument)
    rows: list[list] = [header_row(styles, "Item", "Then", "Now", "Change")]
    commands: list[tuple] = []
    titles = {change.domain_id: change.title for change in comparison.domains}
    current_domain = None
    for change in items:
        if change.domain_id != current_domain:
            current_domain = change.domain_id
            row = len(rows)
            rows.append([Paragraph(safe(titles.get(change.domain_id, change.domain_id)), styles.cell_head), "", "", ""])
            commands += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), SHADE)]
        row = len(rows)
        words = CHANGE_WORDS[change.change]
        if change.why_not_comparable:
            words = f"<b>{words}</b><br/>{safe(change.why_not_comparable)}"
        else:
            words = f"<b>{words}</b>"
        rows.append([
            Paragraph(safe(change.title), styles.cell),
            cells.cell(1, row, change.earlier_grade, empty_text="No grade"),
            cells.cell(2, row, change.later_grade, empty_text="No grade"),
            Paragraph(words, styles.cell),
        ])
        commands += _change_shade(row, change.change)
    return report_table(rows, [w * CONTENT_WIDTH for w in _WIDTHS], commands=cells.commands + commands)


def _domain_words(change, weeks: int | None) -> str:
    if change.why_not_comparable:
        return f"Not comparable. {change.why_not_comparable}."
    words = change_words(change.earlier_grade, change.later_grade, change.change, weeks=weeks)
    return words if change.change is not Change.NOT_COMPARABLE else CHANGE_WORDS[change.change]


def _change_shade(row: int, change: Change) -> list[tuple]:
    shade = _CHANGE_SHADES.get(change)
    return [("BACKGROUND", (3, row), (3, row), shade)] if shade else []


def _summary(summary: ChangeSummary) -> str:
    return (f"{summary.improved} improved, {summary.same} the same, {summary.worse} worse, "
            f"{summary.not_comparable} not comparable.")
