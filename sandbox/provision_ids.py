"""The ids of a record's provisions, kept by reference through every change of the record.

The live service gives each provision an id however the record arrived, but only the
provision-level create answers with them, so a whole create or update assigns ids that no
client sees. A whole update keeps the ids of references still present.
"""

from __future__ import annotations

from typing import Any

from sandbox.indexing import root_of
from sandbox.models import SandboxDtro, SandboxProvision

PROVISION_KEYS = ("provision", "Provision")


def provisions_in(data: dict[str, Any]) -> list[Any] | None:
    """The record's provision array itself (changing it changes `data`), or None."""
    source = root_of(data)
    for key in PROVISION_KEYS:
        if isinstance(source.get(key), list):
            return source[key]
    return None


def reference_of(provision: object) -> str | None:
    reference = provision.get("reference") if isinstance(provision, dict) else None
    return reference if isinstance(reference, str) else None


def references_in(data: dict[str, Any]) -> list[str]:
    """Each reference once, in the order the record lists them."""
    found = (reference_of(p) for p in provisions_in(data) or [])
    return list(dict.fromkeys(r for r in found if r is not None))


def keep_provision_ids(dtro: SandboxDtro) -> None:
    """Give new references ids and drop the ids of references the record no longer has."""
    references = references_in(dtro.data)
    dtro.provisions.exclude(reference__in=references).delete()
    known = set(dtro.provisions.values_list("reference", flat=True))
    SandboxProvision.objects.bulk_create(
        SandboxProvision(dtro=dtro, reference=reference)
        for reference in references
        if reference not in known
    )
