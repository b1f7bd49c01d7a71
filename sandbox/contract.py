"""The sandbox's contract: DfT's own OpenAPI description of the live service, as published.

The file is read from the spec directory (`DTRO_SPEC_DIR/service/openapi.yaml`), never copied
into the project, and served as it is except for `servers[0].url`, which names the sandbox's own
base URL so that a tool reading it calls the sandbox rather than DfT's production service.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings

# The first server entry of the document: `servers:` then `  - url: <base>`.
_FIRST_SERVER = re.compile(r"^(servers:[ \t]*\r?\n[ \t]*-[ \t]*url:[ \t]*)(\S+)", re.MULTILINE)


class ContractMissing(Exception):
    """DfT's OpenAPI file is absent or no longer has the shape the sandbox adjusts."""


def contract_path() -> Path:
    return Path(settings.DTRO_SPEC_DIR) / "service" / "openapi.yaml"


@lru_cache(maxsize=4)
def _published(path: Path, modified: float) -> str:
    # Keyed on the file's modification time, so a newer copy of DfT's file is picked up.
    return path.read_text(encoding="utf-8")


def published_contract(base_url: str) -> str:
    """DfT's openapi.yaml, byte for byte, with `servers[0].url` set to `base_url`."""
    path = contract_path()
    try:
        text = _published(path, path.stat().st_mtime)
    except OSError as exc:
        raise ContractMissing(f"DfT's OpenAPI description is not at {path}: {exc}") from exc
    adjusted, count = _FIRST_SERVER.subn(lambda m: m.group(1) + base_url, text, count=1)
    if count != 1:
        raise ContractMissing(f"{path} has no `servers:` list whose first entry has a url.")
    return adjusted
