"""The desk's labels show names and notes as they were typed, never as markup."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from intake_app.gui.desk.look import named


def test_a_name_that_looks_like_markup_is_shown_as_typed(qtbot):
    label = named(QLabel("<b>Ana</b> & <i>Ruiz</i>"), "title")
    qtbot.addWidget(label)
    assert label.textFormat() == Qt.TextFormat.PlainText
    bold = QLabel("<b>Ana</b> & <i>Ruiz</i>")
    qtbot.addWidget(bold)
    assert label.sizeHint().width() > bold.sizeHint().width(), "the tags are drawn, not applied"
