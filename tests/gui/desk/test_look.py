"""The desk's labels show names and notes as they were typed, never as markup, and a
line that turns into a problem gets the problem's frame and padding."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from intake_app.gui.desk.look import desk_stylesheet, named, restyled
from intake_app.gui.theme import Look


def test_a_name_that_looks_like_markup_is_shown_as_typed(qtbot):
    label = named(QLabel("<b>Ana</b> & <i>Ruiz</i>"), "title")
    qtbot.addWidget(label)
    assert label.textFormat() == Qt.TextFormat.PlainText
    bold = QLabel("<b>Ana</b> & <i>Ruiz</i>")
    qtbot.addWidget(bold)
    assert label.sizeHint().width() > bold.sizeHint().width(), "the tags are drawn, not applied"


def test_a_muted_line_that_turns_into_a_problem_gets_its_padding(qtbot, qapp):
    before = qapp.styleSheet()
    qapp.setStyleSheet(desk_stylesheet(Look()))
    try:
        line = named(QLabel("Printed at the top of every chart document."), "muted")
        qtbot.addWidget(line)
        line.show()
        restyled(line, "error")
        padded = line.contentsMargins().left()
        restyled(line, "muted")
        unpadded = line.contentsMargins().left()
    finally:
        qapp.setStyleSheet(before)

    assert padded > 0, "the words do not touch the frame"
    assert unpadded == 0
