"""A row of buttons that wraps when the window is narrow, in the same order."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from intake_app.gui.desk.flow import FlowRow


def row_of(qtbot, words: list[str]) -> tuple[QWidget, list[QPushButton]]:
    holder = QWidget()
    qtbot.addWidget(holder)
    row = FlowRow(holder)
    buttons = [QPushButton(text) for text in words]
    for button in buttons:
        button.setFixedSize(200, 50)
        row.addWidget(button)
    return holder, buttons


def test_buttons_share_a_row_when_there_is_room(qtbot):
    holder, buttons = row_of(qtbot, ["File", "Print", "Export"])
    holder.resize(800, holder.heightForWidth(800))
    holder.show()
    assert len({button.y() for button in buttons}) == 1
    assert [button.x() for button in buttons] == [0, 208, 416]
    assert holder.heightForWidth(800) == buttons[0].height()


def test_a_narrow_window_wraps_them_in_order_and_never_cuts_one(qtbot):
    holder, buttons = row_of(qtbot, ["File", "Print", "Export"])
    holder.resize(450, holder.heightForWidth(450))
    holder.show()
    row = buttons[0].height()  # the style may ask for taller buttons than 50
    first, second, third = ((b.x(), b.y() - buttons[0].y()) for b in buttons)
    assert (first, second, third) == ((0, 0), (208, 0), (0, row + 8))
    assert holder.heightForWidth(450) == 2 * row + 8
    assert all(button.geometry().right() < 450 for button in buttons)
    assert holder.minimumSizeHint().width() == 200, "as narrow as the widest button"


def test_a_hidden_button_leaves_no_gap(qtbot):
    holder, buttons = row_of(qtbot, ["File", "Print", "Export"])
    buttons[1].hide()
    holder.resize(800, 50)
    holder.show()
    assert buttons[2].x() == 208
