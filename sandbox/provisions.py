"""Provision-level changes: create provisions in a record, update or delete one by its id.

DfT's OpenAPI (August 2026) describes the endpoints but not their rules. Here each call
builds the whole record as it would be after the change and stores it exactly as a whole
update would (`services.store_update`): validated with the record's schema version, an
identical result refused with 409, history written, index and provision ids moved. So
history, events, search and the export see a provision change like any other update.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

from django.db import transaction

from sandbox.checks import check_submission
from sandbox.errors import ServiceError, bad_request, e1, problem
from sandbox.models import SandboxApp, SandboxDtro, SandboxProvision
from sandbox.provision_ids import provisions_in, reference_of
from sandbox.services import record_for_update, store_update

LAST_PROVISION = "A D-TRO needs at least one provision; delete the D-TRO instead"


def check_app_id(app: SandboxApp, header: str | None) -> None:
    """The `App-Id` header every provision call needs: the calling app's own id."""
    value = (header or "").strip()
    if not value:
        raise problem({"App-Id": ["The App-Id field is required."]})
    try:
        app_id = uuid.UUID(value)
    except ValueError:
        raise problem({"App-Id": [f"The value '{value}' is not valid."]}) from None
    if app_id != app.application_name:
        raise e1(403, "Forbidden", f"App-Id '{app_id}' is not the id of the calling application")


def parse_dtro_id(value: str | None) -> uuid.UUID:
    if not value:
        raise problem({"dtroId": ["The dtroId field is required."]})
    try:
        return uuid.UUID(value)
    except ValueError:
        raise problem({"dtroId": [f"The value '{value}' is not valid."]}) from None


def create_provisions(app: SandboxApp, dtro_id: uuid.UUID, body: object) -> list[uuid.UUID]:
    """Add the provisions to the record; their new ids, in the order sent."""
    if not isinstance(body, list) or not body:
        raise problem({"$": ["The request body must be a non-empty JSON array of provisions."]})
    added = [_checked_provision(item, f"$[{i}]") for i, item in enumerate(body)]
    with transaction.atomic():
        dtro = record_for_update(app, dtro_id)
        data = copy.deepcopy(dtro.data)
        provisions = _provision_array(data)
        taken = {reference_of(p) for p in provisions}
        for provision in added:
            reference = reference_of(provision)
            if reference in taken:
                raise _reference_taken(str(reference))
            taken.add(reference)
            provisions.append(provision)
        _store(app, dtro, data)
        ids = dict(dtro.provisions.values_list("reference", "pk"))
    return [ids[str(reference_of(p))] for p in added]


def update_provision(app: SandboxApp, provision_id: uuid.UUID, body: object) -> None:
    """Replace one provision (its reference may change, to one the record does not use)."""
    provision = _checked_provision(body, "$")
    with transaction.atomic():
        dtro, row = _provision_for_update(app, provision_id)
        data = copy.deepcopy(dtro.data)
        provisions = _provision_array(data)
        position = _position(provisions, row)
        reference = reference_of(provision)
        if reference != row.reference:
            if reference in {reference_of(p) for p in provisions}:
                raise _reference_taken(str(reference))
            # Renamed first, so the id follows the provision when the record is stored.
            row.reference = str(reference)
            row.save(update_fields=["reference"])
        provisions[position] = provision
        _store(app, dtro, data)


def delete_provision(app: SandboxApp, provision_id: uuid.UUID) -> None:
    with transaction.atomic():
        dtro, row = _provision_for_update(app, provision_id)
        data = copy.deepcopy(dtro.data)
        provisions = _provision_array(data)
        if len(provisions) <= 1:
            raise bad_request(LAST_PROVISION)
        del provisions[_position(provisions, row)]
        _store(app, dtro, data)


# --- the steps every call shares ------------------------------------------------------------


def _checked_provision(item: object, where: str) -> dict[str, Any]:
    # The id is kept by reference, so a provision without one cannot be stored (the
    # service's Provision model marks `reference` required).
    if not isinstance(item, dict):
        raise problem({where: ["Each provision must be a JSON object."]})
    reference = reference_of(item)
    if reference is None or not reference.strip():
        raise problem({f"{where}.reference": ["The reference field is required."]})
    return item


def _provision_for_update(
    app: SandboxApp, provision_id: uuid.UUID
) -> tuple[SandboxDtro, SandboxProvision]:
    found = SandboxProvision.objects.filter(pk=provision_id, dtro__deleted=False).first()
    if found is None:
        raise _provision_not_found(provision_id)
    dtro = record_for_update(app, found.dtro_id)
    # Read again under the record's lock: a concurrent call may have removed it.
    row = SandboxProvision.objects.filter(pk=provision_id, dtro=dtro).first()
    if row is None:
        raise _provision_not_found(provision_id)
    return dtro, row


def _provision_array(data: dict[str, Any]) -> list[Any]:
    provisions = provisions_in(data)
    if provisions is None:
        raise bad_request("The D-TRO has no provision list")
    return provisions


def _position(provisions: list[Any], row: SandboxProvision) -> int:
    for index, provision in enumerate(provisions):
        if reference_of(provision) == row.reference:
            return index
    raise _provision_not_found(row.pk)


def _store(app: SandboxApp, dtro: SandboxDtro, data: dict[str, Any]) -> None:
    version, checked = check_submission(
        {"schemaVersion": dtro.schema_version, "data": data},
        tra_code=app.tra_code,
        version_not_found_message="TRO not found",
    )
    store_update(app, dtro, version, checked)


def _provision_not_found(provision_id: object) -> ServiceError:
    return e1(
        404,
        "Provision not found",
        f"Provision '{provision_id}' has either been deleted or cannot be found.",
    )


def _reference_taken(reference: str) -> ServiceError:
    # The shape and wording of the service's own rule on repeated references.
    return ServiceError(
        400,
        {
            "ruleError_0": {
                "name": "'2' duplication reference",
                "message": f"Provision reference '{reference}' is present 2 times.",
                "path": "Source -> Provision -> reference",
                "rule": "Each provision 'reference' must be unique and of type 'string'",
            }
        },
    )
