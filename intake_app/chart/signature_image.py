"""The picture of a signature in a chart PDF, its PNG pixel data embedded as it is stored.

reportlab draws a PNG by decoding it, hashing the pixels, and compressing them
again: for the 1800 by 600 picture of a signature about 25 ms, a sixth of a
whole chart document. A PDF can hold a PNG's compressed pixel rows unchanged:
its IDAT data is a zlib stream of filtered rows, which a PDF reader undoes with
FlateDecode and the PNG predictors (PDF 32000-1, 7.4.4.4), so the pixels shown
are exactly the PNG's. A PNG this cannot carry (a palette, transparency,
interlaced, other than 8 bits a channel), or one whose structure is not sound
(a chunk's checksum wrong, no end), is drawn by reportlab as before, which
decodes it and fails on a damaged one as it did.

Imports reportlab: load it only when a document is made.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFObject, PDFStream
from reportlab.platypus import Image
from reportlab.platypus.flowables import Flowable

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
COLOUR_SPACES = {0: ("DeviceGray", 1), 2: ("DeviceRGB", 3)}  # PNG colour type: space, channels


@dataclass(frozen=True)
class PngRows:
    """A PNG's pixels as stored: zlib data of its filtered rows, and what they hold."""

    width: int
    height: int
    colour_space: str
    channels: int
    data: bytes


def signature_image(png: bytes, width: float, height: float) -> Flowable:
    """The picture, drawn ``width`` by ``height`` points, centred as reportlab's ``Image``."""
    rows = png_rows(png)
    if rows is None:
        return Image(io.BytesIO(png), width=width, height=height)
    return StoredPng(png, rows, width, height)


def png_rows(png: bytes) -> PngRows | None:
    """The PNG's pixel rows as stored, or None when a PDF cannot hold them as they are."""
    chunks = _chunks(png)
    if chunks is None or not chunks or chunks[0][0] != b"IHDR" or len(chunks[0][1]) != 13:
        return None
    width, height, depth, colour, compression, method, interlace = struct.unpack(
        ">IIBBBBB", chunks[0][1]
    )
    kinds = {kind for kind, _ in chunks}
    if depth != 8 or colour not in COLOUR_SPACES or compression or method or interlace:
        return None
    if b"tRNS" in kinds or b"IDAT" not in kinds or b"IEND" not in kinds:
        return None
    space, channels = COLOUR_SPACES[colour]
    data = b"".join(body for kind, body in chunks if kind == b"IDAT")
    return PngRows(width, height, space, channels, data)


def _chunks(png: bytes) -> list[tuple[bytes, bytes]] | None:
    """Each chunk's type and data up to IEND; None if the file is not a sound PNG."""
    if not png.startswith(PNG_SIGNATURE):
        return None
    chunks, position = [], len(PNG_SIGNATURE)
    while position + 12 <= len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        end = position + 8 + length
        if end + 4 > len(png):
            return None
        body = png[position + 8 : end]
        if zlib.crc32(kind + body) != struct.unpack(">I", png[end : end + 4])[0]:
            return None
        chunks.append((kind, body))
        position = end + 4
        if kind == b"IEND":
            return chunks
    return None


class StoredPng(Flowable):
    """A PNG drawn from its stored rows (see the module's notes)."""

    def __init__(self, png: bytes, rows: PngRows, width: float, height: float) -> None:
        super().__init__()
        self._name = f"png{hashlib.sha256(png).hexdigest()[:32]}"
        self._rows = rows
        self.drawWidth, self.drawHeight = width, height
        self.hAlign = "CENTER"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        canvas = self.canv
        if not canvas.hasForm(self._name):  # the same picture twice is embedded once
            canvas._doc.addForm(self._name, _ImageObject(self._rows))
        canvas.saveState()
        canvas.scale(self.drawWidth, self.drawHeight)
        canvas.doForm(self._name)
        canvas.restoreState()

    def identity(self, maxLen: int | None = None) -> str:  # noqa: N803
        return f"<StoredPng {self._rows.width}x{self._rows.height}>"


class _ImageObject(PDFObject):
    """The image XObject: the rows unchanged, with the predictor that undoes their filters."""

    def __init__(self, rows: PngRows) -> None:
        self.rows = rows

    def format(self, document: Any) -> bytes:
        rows = self.rows
        stream = PDFStream(content=rows.data)
        entries = stream.dictionary
        entries["Type"] = PDFName("XObject")
        entries["Subtype"] = PDFName("Image")
        entries["Width"] = rows.width
        entries["Height"] = rows.height
        entries["BitsPerComponent"] = 8
        entries["ColorSpace"] = PDFName(rows.colour_space)
        entries["Filter"] = PDFName("FlateDecode")  # set: the data is not encoded again
        entries["DecodeParms"] = PDFDictionary(
            {"Predictor": 15, "Colors": rows.channels, "BitsPerComponent": 8, "Columns": rows.width}
        )
        return bytes(stream.format(document))
