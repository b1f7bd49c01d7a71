"""Build the payload of a revocation: the whole order, or chosen provisions of it.

A revocation is an update of the published record (updates replace the whole record), so
the revoking revision carries every provision, each with its `actionType`:

- full: every provision `fullRevoke` and, where the data-spec version allows it (4.0.0), the
  source `fullRevoke` too (the schema then requires every provision to be `fullRevoke`);
  older versions only accept `amendment` on the source.
- partial: the source is an `amendment`; the chosen provisions are `fullRevoke` (each is
  revoked in whole) and the others `noChange`.

Revoked provisions move to the revocation reporting point of their order type.
"""

from __future__ import annotations

import copy
from typing import Any

from dtro_validation import get_registry
from dtro_validation.document_parts import places_of, provisions_of, source_of

#: The reporting point a revoked provision moves to, by the family of its current one.
_REVOCATION_POINTS = (
    ("experimental", "experimentalRevocation"),
    ("ttroTtmo", "ttroTtmoRevocation"),
    ("permanent", "permanentRevocation"),
)
# Permanent and experimental reporting points require these on every regulated place.
_PLACE_FLAGS = {
    "assignment": False,
    "busRoute": False,
    "concession": False,
    "tramcar": False,
    "bywayType": "road",
}


class RevocationError(ValueError):
    """The revocation asked for cannot be built; the message is for the officer."""


def revocation_point(order_reporting_point: str) -> str:
    for prefix, point in _REVOCATION_POINTS:
        if order_reporting_point.startswith(prefix):
            return point
    # Special event orders, variations and on-road status: revoked as a permanent order.
    return "permanentRevocation"


def source_allows_full_revoke(version: str) -> bool:
    schema_version = get_registry().find(version)
    if schema_version is None:
        return False
    return "fullRevoke" in schema_version.enum_values("sourceActionType")


def _revoke(provision: dict[str, Any]) -> None:
    provision["actionType"] = "fullRevoke"
    provision["orderReportingPoint"] = revocation_point(
        str(provision.get("orderReportingPoint", ""))
    )
    for place in places_of(provision):
        for key, default in _PLACE_FLAGS.items():
            place.setdefault(key, default)
    # Proposal and on-road-status points forbid these dates; a revocation needs them.
    provision.pop("actualStartOrStop", None)


def build_revocation(
    document: Any, *, full: bool, provision_references: list[str] | None = None
) -> dict[str, Any]:
    """A copy of `document` revoking the whole order or the provisions with these references."""
    revoked = copy.deepcopy(document)
    source = source_of(revoked)
    provisions = provisions_of(revoked)
    if source is None or not provisions:
        raise RevocationError("This D-TRO has no provisions to revoke.")
    chosen = set(provision_references or [])
    if not full:
        known = {p.get("reference") for p in provisions}
        if not chosen:
            raise RevocationError("Select the provisions to revoke.")
        if not chosen <= known:
            raise RevocationError("Select provisions of this D-TRO only.")
        if chosen == known:
            full = True
    for provision in provisions:
        if full or provision.get("reference") in chosen:
            _revoke(provision)
        else:
            provision["actionType"] = "noChange"
    version = str(revoked.get("schemaVersion", ""))
    source["actionType"] = (
        "fullRevoke" if full and source_allows_full_revoke(version) else "amendment"
    )
    return revoked
