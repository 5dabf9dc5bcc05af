"""The chart of domain grades over time: neglect is cumulative, so each report shows the history, not one visit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, KeepTogether

from ..paragraphs import Paragraph
from ..report_data import ReportData
from ..styles import CONTENT_WIDTH, Styles
from ..wording import safe
from .blocks import heading, nothing

if TYPE_CHECKING:
    from PIL.Image import Image

OVER_TIME = "Change over time"
CHART_HEIGHT_LIMIT = 270.0
"""Points; keeps the chart to under half a page so the comparison can start beside it."""


def over_time_section(data: ReportData, styles: Styles, chart: Image | None) -> list[Flowable]:
    title = heading(styles, OVER_TIME)
    history = data.chart_history()
    if len(history) < 2:
        return [*title, nothing(styles, f"This is the first assessment of {data.first_name}: it is the baseline "
                                        "that later assessments will be read against.")]
    if chart is None:
        return [*title, nothing(styles, "The chart is not available in this copy of GCP Desk.")]
    intro = Paragraph(safe(f"Domain grades at each of {data.first_name}'s {len(history)} assessments, oldest "
                           "first. Lower is better; grades 4 and 5 indicate neglect."), styles.muted)
    return [KeepTogether([*title, intro, ChartPicture(chart)])]


class ChartPicture(Flowable):
    """A bitmap scaled to the text width (or the height limit), drawn without a transparency mask."""

    def __init__(self, picture: Image, max_width: float = CONTENT_WIDTH,
                 max_height: float = CHART_HEIGHT_LIMIT) -> None:
        super().__init__()
        self._reader = ImageReader(picture)
        width_px, height_px = picture.size
        width = max_width
        height = width * height_px / width_px
        if height > max_height:
            width, height = width * max_height / height, max_height
        self.draw_width, self.draw_height = width, height
        self.hAlign = "CENTER"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.draw_width, self.draw_height

    def draw(self) -> None:
        self.canv.drawImage(self._reader, 0, 0, self.draw_width, self.draw_height, mask=None)
