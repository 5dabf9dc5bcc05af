"""The caseload at 1.6 and 2 times the system font: no column narrower than its header or its widest cell."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from shell_support import demo_user, fixed_today
from gcp_desk.ui.models.caseload_model import Column
from gcp_desk.ui.views.caseload_view import CaseloadView


@pytest.fixture
def larger_font(qapp):
    """The application font at a multiple of the system's; put back afterwards."""
    original = QFont(qapp.font())

    def scale(factor: float) -> None:
        font = QFont(original)
        font.setPointSizeF(original.pointSizeF() * factor)
        QApplication.setFont(font)

    yield scale
    QApplication.setFont(original)


def _text_width(caseload: CaseloadView, row: int, column: int) -> int:
    text = caseload.proxy.index(row, column).data() or ""
    return QFontMetrics(caseload.table.font()).horizontalAdvance(str(text))


@pytest.mark.parametrize("factor", [1.0, 1.6, 2.0])
def test_no_column_is_narrower_than_its_header_or_widest_cell(factor, larger_font, qtbot, runner, demo_backend,
                                                              screenshot):
    from gcp_desk.ui.session import Session

    larger_font(factor)
    view = CaseloadView(runner)
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.set_session(Session(demo_backend, demo_user(demo_backend), fixed_today))
    view.show()
    qtbot.waitExposed(view)
    view.reload()
    qtbot.waitUntil(lambda: view.proxy.rowCount() > 0)
    qtbot.waitUntil(lambda: view.columns.settled)  # every row measured, not only those on screen
    QApplication.processEvents()
    header = view.table.horizontalHeader()
    assert view.table.font().pointSizeF() == pytest.approx(QApplication.font().pointSizeF())
    for column in Column:
        width = header.sectionSize(column)
        label = view.proxy.headerData(column, header.orientation())
        assert width >= QFontMetrics(header.font()).horizontalAdvance(label), f"{label} is cut at {factor}x"
        assert width >= header.sectionSizeHint(column), f"{label}'s header does not fit at {factor}x"
        assert width >= view.table.sizeHintForColumn(column), f"a cell of {label} does not fit at {factor}x"
        if view.table.itemDelegateForColumn(column) is None:  # concerns are drawn as chips, measured above
            widest_text = max(_text_width(view, row, column) for row in range(view.proxy.rowCount()))
            assert width > widest_text, f"the longest {label} is cut at {factor}x"
    if factor == 2.0:
        screenshot(view, "caseload-at-2x-font")
    # Narrowing the window scrolls sideways: the columns keep their widths.
    before = [header.sectionSize(column) for column in Column if column not in (Column.CONCERNS, Column.ATTENTION)]
    view.resize(700, 760)
    QApplication.processEvents()
    after = [header.sectionSize(column) for column in Column if column not in (Column.CONCERNS, Column.ATTENTION)]
    assert after == before
    assert header.sectionSize(Column.CONCERNS) >= view.columns.needed_width(Column.CONCERNS)
