"""Words for values that have no label of their own: the fallback, and what "missing" reads as."""

from __future__ import annotations

import re
from typing import Any

NOT_GIVEN = "Not given"


def as_list(value: Any) -> list[Any]:
    """A member the data model allows as one value or a list, as a list ([] when empty)."""
    if isinstance(value, list):
        return value
    return [] if value in (None, "", {}) else [value]


def humanise(value: Any) -> str:
    """ "kerbsideLimitedWaiting" -> "Kerbside limited waiting"."""
    text = str(value or "").strip()
    if not text:
        return NOT_GIVEN
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|_", " ", text).split()
    sentence = " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)
    return sentence[:1].upper() + sentence[1:]
