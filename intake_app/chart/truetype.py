"""An embedded TrueType font whose text layer gives back every character it draws.

reportlab embeds a TrueType font as subsets of up to 256 glyphs, each with a
ToUnicode map that tells a reader (copy and paste, search, ``pdftotext``, a
screen reader) which character a glyph stands for. reportlab writes each entry
as ``<%04X>``: right for the Basic Multilingual Plane, wrong above U+FFFF, where
the map must hold the UTF-16 surrogate pair (PDF 32000-1, 9.10.3). 😀 (U+1F600)
came out as ``<1F600>``, which readers take as U+1F60 (ὠ). ``TextLayerFont``
writes the map in UTF-16 for every code point.

Imports reportlab: load it only when a document is made.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.ttfonts import SUBSETN, TTFont


class TextLayerFont(TTFont):
    """A reportlab ``TTFont`` with a correct ToUnicode map for code points above U+FFFF."""

    def addObjects(self, doc: Any) -> None:  # noqa: N802 - reportlab's name
        subsets = [list(subset) for subset in self._assignState(doc).subsets]
        super().addObjects(doc)
        for number, subset in enumerate(subsets):
            name = self._subset_font_name(number)
            doc.idToObject[f"toUnicodeCMap:{name}"].content = to_unicode_cmap(name, subset)

    def _subset_font_name(self, number: int) -> str:
        """The subset's font name, as reportlab names it (``AAAAAA+DejaVuSans``)."""
        face = self.face
        return str(b"".join((SUBSETN(number), b"+", face.name, face.subfontNameX)).decode("pdfdoc"))


def utf16_hex(text: str) -> str:
    """Text as UTF-16BE in hexadecimal, surrogate pairs above U+FFFF (``D83DDE00`` for 😀)."""
    return text.encode("utf-16-be").hex().upper()


def to_unicode_cmap(font_name: str, subset: list[int]) -> str:
    """The ToUnicode CMap of one subset: glyph code ``i`` stands for ``chr(subset[i])``."""
    entries = [f"<{code:02X}> <{utf16_hex(chr(point))}>" for code, point in enumerate(subset)]
    blocks = [entries[start : start + 100] for start in range(0, len(entries), 100)]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({font_name})",
            f"/Ordering ({font_name})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{font_name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            *(line for block in blocks for line in _bfchar(block)),
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def _bfchar(block: list[str]) -> list[str]:
    """One block of entries (a block holds at most 100, PDF 32000-1, 9.7.5.4)."""
    return [f"{len(block)} beginbfchar", *block, "endbfchar"]
