"""Real D-TRO examples from DTRO_SPEC_DIR, adapted to a TRA (for demos, benchmarks, tests)."""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path
from typing import Any

from dtro_validation import get_registry


def example_document() -> dict[str, Any]:
    """An example envelope of the newest active data-spec version (Derbyshire when present)."""

    version = get_registry().newest_active()
    assert version is not None, "no active schema version in DTRO_SPEC_DIR"
    paths = sorted(Path(p) for p in version.examples)
    preferred = [p for p in paths if "derbyshire" in p.name] or paths
    document = json.loads(preferred[0].read_text(encoding="utf-8-sig"))
    document["schemaVersion"] = version.version
    return document


def with_tra(document: dict[str, Any], tra: int, *, name_suffix: str = "") -> dict[str, Any]:
    """A copy of an example envelope owned by `tra`, made unique by its name."""
    document = copy.deepcopy(document)
    root = document["data"].get("source") or document["data"].get("consultation")
    root["traCreator"] = root["currentTraOwner"] = tra
    root["traAffected"] = [tra]
    root["troName"] = f"{root.get('troName', 'Test order')} {name_suffix or uuid.uuid4()}"
    return document
