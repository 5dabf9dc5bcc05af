"""The one-page family summary: what is going well, what we are worried about and what needs to change, in plain
words and colours, using the child's first name.

It must stay one page whatever was typed, because it is talked through with a parent at the kitchen table. Lists
are shortened step by step ("and 3 more, see the full report") until the page fits; as a last guard the content
is scaled down to the page rather than spilling onto a second one.

    pdf = build_family_summary(data)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepInFrame, Spacer, Table, TableStyle

from .family_content import FamilyContent, Point, family_content
from .family_words import FAMILY_GRADE_WORDS
from .fonts import BOLD, REGULAR, register_fonts
from .page import DocumentInfo, PageMarking, build_pdf, content_frame_size, watermark_for
from .paragraphs import Paragraph
from .report_data import ReportData
from .styles import ACCENT, GRADE_COLOURS, INK, MUTED, grade_colours
from .wording import format_datetime, safe

DOCUMENT = "Family summary"
SEE_FULL_REPORT = "see the full report"
SHRINK_ALLOWED = 1.07
"""A story up to this much taller than the page is printed slightly smaller rather than shortened further."""


@dataclass(frozen=True)
class _Limits:
    points: int
    """Points shown per group before "and N more"."""
    items: int
    """Item titles shown per point."""
    text: int
    """Characters of free text (strengths, a plan action) before it is cut."""


# Tried in order until the page fits.
# Tried in order until the page fits: long text and long item lists are cut before whole points are hidden.
_LIMITS = (
    _Limits(points=8, items=8, text=600),
    _Limits(points=8, items=6, text=400),
    _Limits(points=6, items=5, text=300),
    _Limits(points=6, items=4, text=200),
    _Limits(points=5, items=3, text=160),
    _Limits(points=6, items=2, text=110),
    _Limits(points=6, items=1, text=90),
    _Limits(points=6, items=0, text=70),
    _Limits(points=4, items=3, text=120),
    _Limits(points=3, items=2, text=100),
    _Limits(points=2, items=2, text=80),
)

_BANDS = {
    "well": (GRADE_COLOURS[1][0], "#ffffff"),
    "better": (GRADE_COLOURS[3][0], GRADE_COLOURS[3][1]),
    "worried": (GRADE_COLOURS[5][0], "#ffffff"),
    "change": ("#1f3a5f", "#ffffff"),
}


def build_family_summary(data: ReportData) -> bytes:
    content = family_content(data)
    width, height = content_frame_size()
    story: list[Flowable] = []
    for limits in _LIMITS:
        story = _story(content, limits, data.organisation)
        # Printing a few per cent smaller is better than hiding another area of worry.
        if _height_of(story, width) <= height * SHRINK_ALLOWED:
            break
    marking = PageMarking(
        header_left=data.organisation or "GCP Desk",
        header_right=f"{DOCUMENT}: {content.full_name}",
        footer_left=f"Made {format_datetime(data.generated_at)}",
        watermark=watermark_for(data.assessment.status),
    )
    info = DocumentInfo(title=f"{DOCUMENT}: {content.full_name}", author=data.organisation or "GCP Desk",
                        subject=f"Assessment {data.assessment.id}")
    # Shrinks only if the shortest lists still overflow (e.g. a very long name of a plan action's worker).
    return build_pdf([KeepInFrame(width, height, story, mode="shrink")], marking, info)


def _story(content: FamilyContent, limits: _Limits, organisation: str) -> list[Flowable]:
    styles = _styles()
    first = safe(content.first_name)
    who = f" by {safe(organisation)}" if organisation else ""
    story: list[Flowable] = [
        Paragraph(f"How things are for {first}", styles.title),
        Paragraph(f"A short summary for {first}'s family of our assessment{who} of how {first} is cared for. "
                  f"{safe(content.period)} The full report has more detail.", styles.intro),
        Paragraph("The colours and words show how well " + first + "'s needs are met: "
                  + " ".join(_chip(grade) for grade in sorted(FAMILY_GRADE_WORDS)), styles.key),
    ]
    if content.not_looked_at:
        story.append(Paragraph(
            f"<b>Not looked at yet:</b> {safe('; '.join(content.not_looked_at))}. The assessment is not finished, "
            "so this summary may change.", styles.point))
    if content.nothing_graded:
        not_yet = "Nothing to show yet: the assessment is not finished."
        well_empty = worried_empty = not_yet
    else:
        name = content.first_name  # not yet escaped: _group escapes it
        if content.not_looked_at:
            well_empty = f"Of the areas looked at so far, none has all of {name}'s needs met."
            worried_empty = f"Of the areas looked at so far, none gives us serious worries about {name}'s care."
        else:
            well_empty = f"We did not find an area where all of {name}'s needs are met this time."
            worried_empty = f"We are not seriously worried about any area of {name}'s care at the moment."
    story += _group("What is going well", "well", list(content.going_well), limits, styles, empty=well_empty)
    if content.strengths:
        story.append(Paragraph(f"<b>Strengths we have seen:</b> {safe(_clip(content.strengths, limits.text))}",
                               styles.point))
    if content.could_be_better:
        story += _group("What could be better", "better", list(content.could_be_better), limits, styles, empty="")
    story += _group("What we are worried about", "worried", list(content.worried), limits, styles,
                    empty=worried_empty)
    story += _group("What needs to change", "change", list(content.changes), limits, styles,
                    empty="No changes are planned at the moment.")
    if content.not_done:
        not_done = safe(_clip(" ".join(content.not_done), limits.text))
        story.append(Paragraph(f"<b>Not done as agreed last time:</b> {not_done}", styles.point))
    story.append(Spacer(1, 6))
    story.append(Paragraph(
        f"We will visit again and look at these things with you. If something here is wrong or not clear, or you "
        f"disagree, tell your worker: what you say will be written down. What matters most is {first}.",
        styles.closing))
    story += _acknowledgement(content, styles)
    return story


ACKNOWLEDGEMENT = ("I have been shown this summary and it has been explained to me. Signing says only that; it "
                   "does not mean I agree with it.")


def _acknowledgement(content: FamilyContent, styles: _FamilyStyles) -> list[Flowable]:
    """Space for the parent or carer to say they were shown the summary, and their view in their own words (printed
    when it was recorded with them)."""
    if content.parent_view:
        view = [Paragraph(f"<b>Your view, in your words:</b> {safe(_clip(content.parent_view, 400))}", styles.point)]
    else:
        view = [Paragraph("<b>Your view, in your words</b> (write here, or tell your worker):", styles.point),
                Spacer(1, 16)]
    if content.acknowledged:
        return [Spacer(1, 2), *view, Paragraph(safe(f"{ACKNOWLEDGEMENT} {content.acknowledged}"), styles.point)]
    return [
        Spacer(1, 2),
        *view,
        Paragraph(safe(ACKNOWLEDGEMENT), styles.point),
        Paragraph(f"Signed (parent or carer) {'_' * 34}&nbsp;&nbsp;Date {'_' * 14}", styles.point),
    ]


def _group(title: str, band: str, points: list[Point], limits: _Limits, styles: _FamilyStyles,
           empty: str) -> list[Flowable]:
    flowables: list[Flowable] = [_band(title, band, styles)]
    if not points:
        if empty:
            flowables.append(Paragraph(safe(empty), styles.point))
        return flowables
    # Hiding a single point would only swap it for a line saying so.
    shown = points if len(points) <= limits.points + 1 else points[:limits.points]
    for point in shown:
        flowables.append(_point(point, limits, styles))
    hidden = len(points) - len(shown)
    if hidden:
        flowables.append(Paragraph(f"And {hidden} more: {SEE_FULL_REPORT}.", styles.more))
    return flowables


def _point(point: Point, limits: _Limits, styles: _FamilyStyles) -> Paragraph:
    parts = []
    if point.grade is not None:
        parts.append(_chip(point.grade))
    parts.append(f"<b>{safe(_clip(point.title, limits.text))}</b>")
    text = " ".join(parts)
    # An area's sentences are ours and short; only free text (a plan action's worker) is cut.
    detail = point.detail if point.grade is not None else _clip(point.detail, limits.text)
    if point.items and not limits.items:
        detail = f"{detail.removesuffix(':').rsplit('. ', 1)[0].rstrip('.')}. The details are in the full report."
    elif point.items:
        items = list(point.items)
        shown = items if len(items) <= limits.items + 1 else items[:limits.items]
        hidden = len(items) - len(shown)
        # Semicolons, because item titles have "and" in them ("Illness and injury").
        detail = f"{detail} {'; '.join(shown)}"
        detail += f"; and {hidden} more ({SEE_FULL_REPORT})." if hidden else "."
    detail = " ".join(part for part in (detail, point.when) if part)
    if detail:
        text += f"<br/>{safe(detail)}"
    bullet = None if point.grade is not None else "•"
    return Paragraph(text, styles.point if bullet is None else styles.action, bulletText=bullet)


def _chip(grade: int) -> str:
    background, ink = grade_colours(grade)
    return (f'<font backColor="#{background.hexval()[2:]}" color="#{ink.hexval()[2:]}">'
            f"&nbsp;<b>{safe(FAMILY_GRADE_WORDS[grade]).replace(' ', '&nbsp;')}</b>&nbsp;</font>")


def _band(title: str, band: str, styles: _FamilyStyles) -> Flowable:
    background, ink = _BANDS[band]
    style = ParagraphStyle(f"band-{band}", parent=styles.band, textColor=colors.HexColor(ink))
    width, _ = content_frame_size()
    table = Table([[Paragraph(safe(title), style)]], colWidths=[width], hAlign="LEFT", spaceBefore=9, spaceAfter=4)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(background)),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def _clip(text: str, limit: int) -> str:
    """Cut long text at a word boundary, saying where the rest is."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return f"{cut.rstrip(',;:.')}… ({SEE_FULL_REPORT})"


def _height_of(story: list[Flowable], width: float) -> float:
    """The height the story needs in one frame; a frame drops the space before its first flowable."""
    total = 0.0
    for index, flowable in enumerate(story):
        _, height = flowable.wrap(width, 10_000)
        total += height + flowable.getSpaceAfter() + (flowable.getSpaceBefore() if index else 0)
    return total


class _FamilyStyles:
    def __init__(self) -> None:
        register_fonts()
        base = ParagraphStyle("family", fontName=REGULAR, bulletFontName=REGULAR, fontSize=10.5, leading=14,
                              textColor=INK)
        self.title = ParagraphStyle("family-title", parent=base, fontName=BOLD, fontSize=20, leading=24,
                                    textColor=ACCENT, spaceAfter=4)
        self.intro = ParagraphStyle("family-intro", parent=base, spaceAfter=4)
        self.key = ParagraphStyle("family-key", parent=base, fontSize=9, leading=14, textColor=MUTED, spaceAfter=2)
        self.band = ParagraphStyle("family-band", parent=base, fontName=BOLD, fontSize=13, leading=16)
        self.point = ParagraphStyle("family-point", parent=base, leftIndent=4, spaceAfter=5)
        self.action = ParagraphStyle("family-action", parent=base, leftIndent=14, bulletIndent=3, spaceAfter=5)
        self.more = ParagraphStyle("family-more", parent=base, leftIndent=4, textColor=MUTED, spaceAfter=4)
        self.closing = ParagraphStyle("family-closing", parent=base, fontSize=10, leading=13, textColor=MUTED)


@cache
def _styles() -> _FamilyStyles:
    return _FamilyStyles()
