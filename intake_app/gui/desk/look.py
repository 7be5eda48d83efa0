"""The desk's look: a computer at a desk, so smaller text than the tablet's, with the
same two palettes (normal and high contrast) and the same 100% to 200% text sizes."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from intake_app.gui.theme import PALETTES, Look

DESK_POINTS = 12

_SHEET = """
QWidget {{ font-size: {base}pt; color: {text}; background: {background}; }}
QLineEdit, QPlainTextEdit, QComboBox, QTableView, QListWidget, QTextBrowser {{
    background: {field}; border: 2px solid {border}; padding: 4px; }}
QLabel, QCheckBox, QRadioButton {{ background: transparent; }}
QTableView {{ gridline-color: {border}; alternate-background-color: {alternate}; }}
QCheckBox::indicator, QRadioButton::indicator {{ width: 1em; height: 1em;
    border: 2px solid {border}; background: {field}; }}
QCheckBox::indicator:checked, QRadioButton::indicator:checked {{ background: {selected}; }}
QRadioButton:disabled, QCheckBox:disabled {{ color: {disabled_text}; }}
QDialog {{ border: 2px solid {border}; }}
QSplitter::handle {{ background: {border}; }}
QSplitter::handle:horizontal {{ width: 8px; }}
QTableView::item:selected, QListWidget::item:selected {{
    background: {selected}; color: {selected_text}; }}
QHeaderView::section {{ background: {card}; color: {heading}; border: 1px solid {border};
    padding: 4px; font-weight: bold; }}
QPushButton {{ background: {button}; color: {button_text}; border: 2px solid {border};
    border-radius: 6px; padding: 6px 14px; min-height: 1.6em; }}
QPushButton:checked {{ background: {selected}; color: {selected_text}; }}
QPushButton:disabled {{ background: {disabled}; color: {disabled_text};
    border: 2px dashed {disabled_border}; }}
/* Focus changes the colour, never the width: nothing moves when focus moves. */
QPushButton:focus, QLineEdit:focus, QPlainTextEdit:focus, QTableView:focus,
QComboBox:focus {{ border: 2px solid {focus}; }}
QPushButton#primary {{ background: {primary}; color: {primary_text}; font-weight: bold; }}
QPushButton#primary:disabled {{ background: {disabled}; color: {disabled_text}; }}
QLabel#title {{ font-size: {title}pt; font-weight: bold; color: {heading}; }}
QLabel#heading {{ font-size: {large}pt; font-weight: bold; color: {heading}; }}
QLabel#muted {{ color: {muted}; }}
QLabel#error {{ color: {error_text}; background: {error_background};
    border: 2px solid {error_border}; padding: 6px 10px; }}
QLabel#notice {{ color: {notice_text}; background: {notice_background};
    border: 2px solid {notice_border}; padding: 6px 10px; }}
QFrame#card {{ background: {card}; border: 1px solid {border}; border-radius: 8px; }}
QTabBar::tab {{ padding: 8px 18px; }}
QTabBar::tab:selected {{ background: {selected}; color: {selected_text}; }}
"""


def desk_stylesheet(look: Look) -> str:
    """The desk's style sheet at ``look``'s text size and contrast."""
    palette = PALETTES["high_contrast" if look.high_contrast else "normal"]
    base = DESK_POINTS * look.scale
    sizes = {"base": round(base), "large": round(base * 1.2), "title": round(base * 1.6)}
    alternate = "#262626" if look.high_contrast else "#eaeef3"  # every other table row
    return _SHEET.format(**palette, **sizes, alternate=alternate)


W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """``widget`` with the object name the style sheet knows it by (title, error...).

    A label's words are shown as plain text: they carry names, notes and file names,
    which Qt would otherwise read as markup when they hold something like a tag."""
    widget.setObjectName(name)
    if isinstance(widget, QLabel):
        widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


def restyled(widget: QWidget, name: str) -> None:
    """Give ``widget`` another style name (error, muted...) and draw it again, with that
    style's padding (Qt takes a style's padding in only when told the style changed)."""
    widget.setObjectName(name)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    QApplication.sendEvent(widget, QEvent(QEvent.Type.StyleChange))
