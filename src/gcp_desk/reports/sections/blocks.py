"""Small pieces every section uses: its heading, user text that may be long, and the words for "nothing here"."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable

from ...domain.instrument import Instrument
from ..paragraphs import Paragraph
from ..styles import Styles
from ..wording import paragraphs_of, safe


HEADING_ROOM = 110.0
"""Points a section heading needs below it; with less room left it starts on the next page instead."""
SUBHEADING_ROOM = 70.0


# A conditional page break rather than "keep with next": keeping a heading with a whole table would push a long
# table, and the gap it leaves, to the next page; this only stops a heading being stranded at the foot of a page.
def heading(styles: Styles, text: str) -> list[Flowable]:
    return [CondPageBreak(HEADING_ROOM), Paragraph(safe(text), styles.heading)]


def subheading(styles: Styles, text: str) -> list[Flowable]:
    return [CondPageBreak(SUBHEADING_ROOM), Paragraph(safe(text), styles.subheading)]


def user_text(styles: Styles, text: str, *, missing: str = "Not recorded.") -> list[Flowable]:
    """Text as the practitioner typed it, one paragraph per blank-line block, so it flows across pages."""
    parts = paragraphs_of(text)
    if not parts:
        return [Paragraph(safe(missing), styles.muted)]
    return [Paragraph(part, styles.body) for part in parts]


def nothing(styles: Styles, text: str) -> Paragraph:
    return Paragraph(safe(text), styles.muted)


def domain_title(instrument: Instrument, domain_id: str) -> str:
    """The domain's title, or its id for a domain this instrument does not have (e.g. from an older version)."""
    try:
        return instrument.domain(domain_id).title
    except KeyError:
        return domain_id


def item_title(instrument: Instrument, item_id: str) -> str:
    try:
        return instrument.item(item_id).title
    except KeyError:
        return item_id
