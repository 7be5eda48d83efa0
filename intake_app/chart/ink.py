"""Signature strokes without Qt: how much ink, and the picture of it (Pillow)."""

from __future__ import annotations

import io
from itertools import pairwise
from typing import Any

ASPECT = 3.0
MIN_INK = 0.6  # total stroke length, in pad widths
MIN_POINTS = 12
Strokes = list[list[dict[str, Any]]]


def ink_length(strokes: Strokes) -> float:
    total = 0.0
    for stroke in strokes:
        for a, b in pairwise(stroke):
            total += ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5
    return total


def enough_ink(strokes: Strokes) -> bool:
    return sum(len(s) for s in strokes) >= MIN_POINTS and ink_length(strokes) >= MIN_INK


def strokes_problem(strokes: Any) -> str | None:
    """Why strokes from a file are not a usable signature, or None."""
    if not isinstance(strokes, list) or not all(isinstance(s, list) for s in strokes):
        return "the signature must be a list of strokes, each a list of points"
    for stroke in strokes:
        for point in stroke:
            if not isinstance(point, dict) or not all(
                isinstance(point.get(k), (int, float)) for k in ("x", "y", "t")
            ):
                return "each point needs numbers x, y (in pad widths) and t (milliseconds)"
    return None if enough_ink(strokes) else "the signature has too little ink to be a signature"


def render_png(strokes: Strokes, width: int = 1800) -> bytes:
    from PIL import Image, ImageDraw

    height = round(width / ASPECT)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    pen = max(2, width // 300)
    for stroke in strokes:
        points = [(p["x"] * width, p["y"] * width) for p in stroke]
        if len(points) == 1:
            x, y = points[0]
            draw.ellipse((x - pen, y - pen, x + pen, y + pen), fill="#0b1f3a")
        elif points:
            draw.line(points, fill="#0b1f3a", width=pen, joint="curve")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def sample_strokes() -> Strokes:
    """A made-up signature for demos and tests: two looping strokes."""
    import math

    first = [
        {"x": 0.08 + i * 0.02, "y": 0.2 + 0.06 * math.sin(i / 1.5), "t": i * 15, "p": 0.5}
        for i in range(22)
    ]
    second = [
        {"x": 0.55 + i * 0.015, "y": 0.22 + 0.05 * math.cos(i / 2), "t": 600 + i * 15, "p": 0.6}
        for i in range(18)
    ]
    return [first, second]
