"""JSON read as the service reads request bodies: Newtonsoft tolerates comments and trailing
commas, and DfT's own example files use them (a trailing comma in the 3.4.0 polygon example)."""

from __future__ import annotations

import json
import re
from typing import Any

# A string (kept whole, so nothing inside it is touched), a comment, or a comma that only
# whitespace and comments separate from a closing bracket.
_TOKEN = re.compile(
    r'(?P<string>"(?:\\.|[^"\\])*")'
    r"|(?P<comment>//[^\n]*|/\*[\s\S]*?\*/)"
    r"|(?P<comma>,)(?=(?:\s|//[^\n]*|/\*[\s\S]*?\*/)*[}\]])"
)


def _relaxed(text: str) -> str:
    return _TOKEN.sub(lambda m: m.group("string") or "", text)


def loads(text: str) -> Any:
    """Strict JSON first; only a document that fails is read again without comments and
    trailing commas. A document that still fails raises the strict parser's error."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as strict_error:
        relaxed = _relaxed(text)
        if relaxed == text:
            raise
        try:
            return json.loads(relaxed)
        except json.JSONDecodeError:
            raise strict_error from None
