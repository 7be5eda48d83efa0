"""The audit trail's head sealed in a document: written into the PDF's metadata, read back.

Every sealed document carries, in its keywords (``/Keywords`` of the document
information, inside what the seal signs), the head of the audit trail when it was
made: ``audit-head:<sequence>:<sha256>``. Someone able to rewrite the database could
rebuild the whole chain consistently, but not the sealed files, so ``intake-app audit
verify`` checks that the trail still holds each document's head. Plain values only:
the chart's rendering never reads storage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PREFIX = "audit-head:"
_KEYWORD = re.compile(r"audit-head:(\d{1,18}):([0-9a-f]{64})")


@dataclass(frozen=True)
class AuditAnchor:
    """The audit trail's last event when a document was made: its number and hash."""

    sequence: int
    sha256: str

    def keyword(self) -> str:
        return f"{PREFIX}{self.sequence}:{self.sha256}"


def anchor_in(keywords: str) -> AuditAnchor | None:
    """The anchor named in a PDF's keywords, or None when they name none (or two)."""
    found = _KEYWORD.findall(keywords)
    if len(found) != 1 or keywords.count(PREFIX) != 1:
        return None
    sequence, sha256 = found[0]
    return AuditAnchor(int(sequence), sha256)
