"""Touch-sized building blocks every screen uses: labels, buttons that wrap, scrolling, lists."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, QTimer
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QWidget,
)

from intake_app.gui.text_wrap import breakable
from intake_app.questionnaire.typed_text import without_invisible

TOUCH_HEIGHT = 56
KEYBOARD_SHARE = 1 / 3  # of the screen an on-screen keyboard may cover, at the bottom
FOCUS_MARGIN = 16  # around a field scrolled into view
OWN_KEYS = "typedOnOwnKeys"  # property of a field typed on keys of its own (no system keyboard)
QWIDGETSIZE_MAX = (1 << 24) - 1


def label(text: str, name: str, parent: QWidget, *, centred: bool = False) -> QLabel:
    """Plain text (never rich text: names and answers are shown as typed)."""
    widget = QLabel(breakable(text), parent)
    widget.setObjectName(name)
    widget.setWordWrap(True)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if centred:
        widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return widget


class Message(QWidget):
    """A problem or news line that keeps its room while it is empty.

    A finger taps where a control was a moment ago: a message that appears must
    not push anything below or beside it. Its room is the height of ``lines``
    lines, or of the longest text it is told it may show (``reserve``),
    whichever is taller, at the current width and text size; the text sits at
    the top of it. Hidden while empty (a screen reader reads no empty line), its
    room stays.

    Each text to keep room for sits in a hidden label of the same style that
    only measures it (layouts ask for sizes often; measuring never sets a text).
    """

    def __init__(
        self, name: str, parent: QWidget, *, lines: int = 1, centred: bool = False
    ) -> None:
        super().__init__(parent)
        self._name = name
        self._side = Qt.AlignmentFlag.AlignHCenter if centred else Qt.AlignmentFlag.AlignLeft
        self.label = self._styled_label("")
        self._rulers = [self._styled_label("\n".join("X" * lines))] if lines else []
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.hide()
        self.ensurePolished()  # styled now, though hidden: its room is measured in its style

    def _styled_label(self, text: str) -> QLabel:
        widget = QLabel(text, self)
        widget.setObjectName(self._name)
        widget.setWordWrap(True)
        widget.setTextFormat(Qt.TextFormat.PlainText)
        widget.setAlignment(Qt.AlignmentFlag.AlignTop | self._side)
        if text:
            widget.hide()  # a ruler: never shown
        return widget

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            # A new text size, a new room: measured once the labels inside have it too.
            QTimer.singleShot(0, self, self.updateGeometry)

    def reserve(self, *texts: str) -> None:
        """Keep room for the longest of ``texts`` too."""
        self._rulers += [self._styled_label(breakable(text)) for text in texts]
        self.ensurePolished()
        self.updateGeometry()

    def say(self, text: str | None) -> None:
        """Show ``text``, or nothing; the room stays the same."""
        self.label.setText(breakable(text or ""))
        self.setVisible(bool(text))
        self._place()
        self.updateGeometry()

    def text(self) -> str:
        return self.label.text()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        width = self.width()
        self.label.setGeometry(0, 0, width, self.label.heightForWidth(width))

    def _measured(self) -> list[QLabel]:
        return [*self._rulers, self.label] if self.label.text() else self._rulers

    def heightForWidth(self, width: int) -> int:
        return max([0, *(label.heightForWidth(width) for label in self._measured())])

    def sizeHint(self) -> QSize:
        width = max([0, *(label.sizeHint().width() for label in self._measured())])
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        # As a wrapping label: its longest word wide, its texts' height on the widest line
        # high; the layout asks heightForWidth for the height at the width it gives.
        width = max([0, *(label.minimumSizeHint().width() for label in self._measured())])
        return QSize(width, self.heightForWidth(QWIDGETSIZE_MAX))


def keep_room(widget: QWidget) -> QWidget:
    """A control that appears late (a copy to print) keeps its room while hidden."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)
    return widget


def one_place(parent: QWidget, *widgets: QWidget) -> QWidget:
    """Several widgets shown one at a time in the same place, which fits the largest."""
    box = QWidget(parent)
    box.setObjectName("place")  # no background of its own: it sits on cards too
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        widget.setParent(box)
        keep_room(widget)
        grid.addWidget(widget, 0, 0)
    return box


class _WidthHolder(QObject):
    """Keeps a button as wide as its widest caption, at every text size."""

    def __init__(self, control: QAbstractButton, texts: list[str]) -> None:
        super().__init__(control)
        self.control = control
        self.texts = texts
        control.installEventFilter(self)
        self.apply()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.apply()
        return False

    def apply(self) -> None:
        widest = button_width(self.control, self.control.fontMetrics(), self.texts)
        self.control.setMinimumWidth(widest)


def button_width(control: QAbstractButton, metrics: QFontMetrics, texts: list[str]) -> int:
    """The width of ``control`` showing the widest of ``texts`` in ``metrics``' font."""
    option = QStyleOptionButton()
    option.initFrom(control)
    mnemonic = Qt.TextFlag.TextShowMnemonic
    widest = max(metrics.size(mnemonic, text).width() for text in texts)
    contents = QSize(widest, metrics.height())
    size = control.style().sizeFromContents(
        QStyle.ContentsType.CT_PushButton, option, contents, control
    )
    return size.width()


def hold_width(control: QAbstractButton, texts: Iterable[str]) -> None:
    """A button whose caption changes ("Read more", then "I understand") keeps the width
    of its widest caption, so its edges stay where a finger found them."""
    _WidthHolder(control, list(texts))


def limit_length(field: QLineEdit, limit: int, cut: Callable[[], None]) -> None:
    """Keep the first ``limit`` characters of what is typed or pasted, and call ``cut()``
    when more came, so the screen can say so (a QLineEdit's own maximum length drops the
    rest without a word)."""

    def check(text: str) -> None:
        if len(text) > limit:
            position = min(field.cursorPosition(), limit)
            field.setText(text[:limit])
            field.setCursorPosition(position)
            cut()

    field.textEdited.connect(check)


def refuse_invisible(field: QLineEdit) -> None:
    """A name's field takes no control code and no invisible formatting character (a
    direction mark would reverse the name on every page of the chart): typed or pasted,
    they are left out. They cannot be seen, so nothing the person sees changes."""

    def check(text: str) -> None:
        kept = without_invisible(text)
        if kept != text:
            position = len(without_invisible(text[: field.cursorPosition()]))
            field.setText(kept)
            field.setCursorPosition(position)

    field.textEdited.connect(check)


class WrapButton(QPushButton):
    """A button whose text wraps onto more lines instead of widening the page.

    At 200% text a long answer option would otherwise push the page wider than
    the screen. The text sits in a word-wrapping label; the button's accessible
    name is the same text.
    """

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = self._label(text)
        # Never shown: the caption as it looks chosen (bold), so a chosen button, whose text
        # may wrap onto one more line, keeps the height it had and nothing below moves.
        self._chosen_caption = self._label(text)
        self._chosen_caption.setProperty("checked", True)
        keep_room(self._chosen_caption).hide()
        self.box = QGridLayout(self)
        self.box.setContentsMargins(14, 8, 14, 8)
        self.box.addWidget(self.caption, 0, 0)
        self.box.addWidget(self._chosen_caption, 0, 0)
        self._chosen_caption.ensurePolished()
        self.setAccessibleName(text)
        self.toggled.connect(self._show_checked)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _label(self, text: str) -> QLabel:
        caption = QLabel(text, self)
        caption.setWordWrap(True)
        caption.setTextFormat(Qt.TextFormat.PlainText)
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        caption.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        return caption

    def _show_checked(self, checked: bool) -> None:
        # Style sheets cannot select a label by its button's state, so mark the label.
        self.caption.setProperty("checked", checked)
        self.caption.style().unpolish(self.caption)
        self.caption.style().polish(self.caption)

    def set_caption(self, text: str) -> None:
        self.caption.setText(text)
        self._chosen_caption.setText(text)
        self.setAccessibleName(text)
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        hint = self.box.sizeHint()
        return QSize(hint.width(), max(TOUCH_HEIGHT, hint.height()))

    def minimumSizeHint(self) -> QSize:
        return QSize(TOUCH_HEIGHT, TOUCH_HEIGHT)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(TOUCH_HEIGHT, self.box.heightForWidth(width))


def button(
    text: str,
    parent: QWidget,
    *,
    primary: bool = False,
    name: str | None = None,
    description: str = "",
) -> QPushButton:
    """A finger-sized button; ``name`` and ``description`` are what a screen reader says."""
    widget = QPushButton(text, parent)
    widget.setAccessibleName(name or text)
    widget.setAccessibleDescription(description)
    if primary:
        widget.setObjectName("primary")
    return widget


def scrolling(content: QWidget, parent: QWidget) -> QScrollArea:
    """A vertical scroll area that reflows its content to the window width.

    A finger dragged anywhere on it scrolls it, as on any tablet; the scroll
    area itself is not a stop for the Tab key (its content is). A text field on
    it that gets the focus comes fully into view, above the on-screen keyboard.
    The scroll bar is always there: one that appeared when a message or a panel made
    the page taller would narrow the page and move every centred button sideways.
    """
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(content)
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    _TypingInView(area)
    return area


class _TypingInView(QObject):
    """Brings a text field that gets the focus on ``area`` fully into view, in the part of
    the view an on-screen keyboard leaves free."""

    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)
        self.area = area
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        content = self.area.widget()
        if not isinstance(new, (QLineEdit, QPlainTextEdit)) or content is None:
            return
        if content.isAncestorOf(new) and not new.property(OWN_KEYS):
            self._bring_into_view(content, new)

    def _bring_into_view(self, content: QWidget, field: QWidget) -> None:
        bar = self.area.verticalScrollBar()
        free = round(self.area.viewport().height() * (1 - KEYBOARD_SHARE))
        top = field.mapTo(content, QPoint(0, 0)).y()
        bottom = top + field.height()
        if top - FOCUS_MARGIN < bar.value():
            bar.setValue(top - FOCUS_MARGIN)
        elif bottom + FOCUS_MARGIN > bar.value() + free:
            bar.setValue(min(top - FOCUS_MARGIN, bottom + FOCUS_MARGIN - free))


def put_in_view(area: QScrollArea, widget: QWidget, offset: int) -> None:
    """Scroll ``area`` so the top of ``widget`` is ``offset`` px below the top of the view
    (as near as the page allows)."""
    content = area.widget()
    if content is None or not content.isAncestorOf(widget):
        return
    layout = content.layout()
    if layout is not None:
        layout.activate()  # the page's size, then the scroll range, are up to date
    area.verticalScrollBar().setValue(widget.mapTo(content, QPoint(0, 0)).y() - offset)


def choice_list(parent: QWidget) -> QComboBox:
    """A drop-down whose rows are finger-sized (the style sheet sets their height)."""
    combo = QComboBox(parent)
    combo.setItemDelegate(QStyledItemDelegate(combo))
    combo.setMaxVisibleItems(7)
    QScroller.grabGesture(combo.view().viewport(), QScroller.ScrollerGestureType.TouchGesture)
    return combo


def bottom_bar(parent: QWidget, left: list[QWidget], right: list[QWidget]) -> QFrame:
    """The bar under a screen: going back on the left, going on at the right."""
    bar = QFrame(parent)
    bar.setObjectName("bottomBar")
    row = QHBoxLayout(bar)
    row.setContentsMargins(24, 12, 24, 12)
    for widget in left:
        row.addWidget(widget)
    row.addStretch(1)
    for widget in right:
        row.addWidget(widget)
    return bar
