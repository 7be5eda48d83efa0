"""``{placeholders}`` in form texts: found by the checks, filled in for the patient.

A consent shows the clinic's name and price as ``{clinic_name}`` and ``{price}``; a
question can show what the clinic uses as ``{product_components}``. Each form kind
knows its own names; finding and filling them works the same for both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace {placeholders}; values are inserted as plain text, never re-scanned.

    A value that ends in a full stop (``Acme Inc.``) followed in the text by one
    does not print two.
    """
    out = []
    rest = text
    while "{" in rest:
        before, _, after = rest.partition("{")
        name, closed, tail = after.partition("}")
        out.append(before)
        if closed and name in values:
            value = values[name]
            out.append(value)
            rest = tail[1:] if value.endswith(".") and tail.startswith(".") else tail
        else:
            out.append("{")
            rest = after
    out.append(rest)
    return "".join(out)
