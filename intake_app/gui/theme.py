"""The look of the tablet: text size (100% to 200%) and normal or high contrast."""

from __future__ import annotations

from dataclasses import dataclass
from string import Template

from intake_app.paths import resources_dir

TEXT_SCALES = (1.0, 1.25, 1.5, 1.75, 2.0)
BASE_POINTS = 18
# The bar above the patient's screens grows with the text up to this size, then stays:
# its controls keep one place at every text size and the clinic's name keeps room.
BAR_LARGEST_SCALE = 1.5

PALETTES = {
    "normal": {
        "text": "#1b1f24", "background": "#f4f6f9", "card": "#ffffff", "heading": "#12355b",
        "muted": "#4a5561", "border": "#9aa7b4", "field": "#ffffff", "button": "#ffffff",
        "button_text": "#12355b", "selected": "#1d5fa8", "selected_text": "#ffffff",
        "primary": "#12559b", "primary_text": "#ffffff", "disabled": "#dfe4ea",
        "disabled_text": "#4a5561", "disabled_border": "#dfe4ea",
        "focus": "#b34700", "error_text": "#8a1010", "error_background": "#fde8e8",
        "error_border": "#c62828", "notice_text": "#5c3500", "notice_background": "#fff4e0",
        "notice_border": "#d99a3a",
    },
    "high_contrast": {
        "text": "#ffffff", "background": "#000000", "card": "#000000", "heading": "#ffffff",
        "muted": "#ffffff", "border": "#ffffff", "field": "#000000", "button": "#000000",
        "button_text": "#ffffff", "selected": "#ffff00", "selected_text": "#000000",
        # A button that does nothing yet is black with a dashed grey edge and grey words:
        # nothing like the white-edged or yellow buttons that work.
        "primary": "#ffff00", "primary_text": "#000000", "disabled": "#000000",
        "disabled_text": "#a6a6a6", "disabled_border": "#a6a6a6",
        "focus": "#00ffff", "error_text": "#ffff00", "error_background": "#000000",
        "error_border": "#ffff00", "notice_text": "#ffffff", "notice_background": "#000000",
        "notice_border": "#ffffff",
    },
}  # fmt: skip


@dataclass(frozen=True)
class Look:
    """What the patient chose: text size and contrast."""

    scale: float = 1.0
    high_contrast: bool = False

    def larger(self) -> Look:
        bigger = [s for s in TEXT_SCALES if s > self.scale]
        return Look(bigger[0] if bigger else self.scale, self.high_contrast)

    def smaller(self) -> Look:
        smaller = [s for s in TEXT_SCALES if s < self.scale]
        return Look(smaller[-1] if smaller else self.scale, self.high_contrast)

    def toggled_contrast(self) -> Look:
        return Look(self.scale, not self.high_contrast)

    @property
    def percent(self) -> int:
        return round(self.scale * 100)


def stylesheet(look: Look) -> str:
    """The application style sheet for ``look``."""
    template = Template((resources_dir() / "themes" / "tablet.qss").read_text(encoding="utf-8"))
    palette = PALETTES["high_contrast" if look.high_contrast else "normal"]
    sizes = {
        "base": _points(look, 1.0),
        "large": _points(look, 1.15),
        "title": _points(look, 1.5),
        "huge": _points(look, 1.9),
        "bar": f"{bar_points(look.scale)}pt",
    }
    return template.substitute(palette | sizes)


def bar_points(scale: float) -> int:
    """The text size of the patient bar at ``scale``."""
    return round(BASE_POINTS * min(scale, BAR_LARGEST_SCALE))


def _points(look: Look, factor: float) -> str:
    return f"{round(BASE_POINTS * look.scale * factor)}pt"
