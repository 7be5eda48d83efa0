"""The signature in the chart PDF is the stored picture, pixel for pixel, whatever its kind."""

from __future__ import annotations

import io
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from intake_app.chart.ink import render_png, sample_strokes
from intake_app.chart.packet import build_packet
from intake_app.chart.signature_image import png_rows
from tests.chart.test_packet_layout import content_for, signatures


def png_of(image: Image.Image, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", **options)
    return buffer.getvalue()


def pictures_in(pdf: bytes, folder: Path) -> list[Image.Image]:
    """Every picture the PDF holds, decoded by poppler as a reader would show it."""
    (folder / "chart.pdf").write_bytes(pdf)
    subprocess.run(["pdfimages", "-png", folder / "chart.pdf", folder / "picture"], check=True)
    return [Image.open(path).convert("RGB") for path in sorted(folder.glob("picture-*.png"))]


def signed_chart(mini_form, png: bytes) -> bytes:
    content = content_for(mini_form, {}, signatures=signatures("I agree.", png)[:1])
    return build_packet(content, invariant=True)


def kinds_of_png() -> dict[str, bytes]:
    signature = Image.open(io.BytesIO(render_png(sample_strokes(), width=600)))
    return {
        "colour, as the tablet stores it": png_of(signature),
        "grey": png_of(signature.convert("L")),
        "colour with every row filter": png_of(signature, optimize=True),
        "palette": png_of(signature.convert("P")),
        "transparent": png_of(signature.convert("RGBA")),
    }


@pytest.mark.parametrize("kind", kinds_of_png().keys())
def test_the_chart_shows_the_stored_signature_pixel_for_pixel(mini_form, tmp_path, kind):
    png = kinds_of_png()[kind]
    shown = pictures_in(signed_chart(mini_form, png), tmp_path)[0]  # then a mask, if any
    stored = Image.open(io.BytesIO(png)).convert("RGB")
    assert shown.size == stored.size
    assert ImageChops.difference(shown, stored).getbbox() is None


def test_a_colour_or_grey_png_is_carried_as_stored_and_other_kinds_are_decoded():
    kinds = kinds_of_png()
    carried = {kind for kind, png in kinds.items() if png_rows(png) is not None}
    assert carried == {"colour, as the tablet stores it", "grey", "colour with every row filter"}


def test_a_png_with_a_damaged_chunk_is_not_carried_as_stored():
    png = bytearray(kinds_of_png()["colour, as the tablet stores it"])
    start = png.index(b"IDAT")
    png[start + 10] ^= 0xFF  # a byte of the pixel data, its chunk's checksum now wrong
    assert png_rows(bytes(png)) is None
    assert png_rows(bytes(png[: start + 20])) is None  # cut short: no end


@pytest.mark.parametrize(
    ("field", "value"), [(8, 16), (9, 6), (12, 1)], ids=["16 bits", "alpha", "interlaced"]
)
def test_a_png_whose_checksums_hold_but_whose_header_is_another_kind_is_not_carried(field, value):
    png = kinds_of_png()["colour, as the tablet stores it"]
    header = bytearray(png[16:29])
    header[field] = value
    chunk = b"IHDR" + bytes(header)
    changed = png[:12] + chunk + struct.pack(">I", zlib.crc32(chunk)) + png[33:]
    assert png_rows(changed) is None
