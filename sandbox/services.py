"""What the D-TRO sandbox does: apps and tokens, D-TRO records, history.

Views parse the request and call one function here; every failure is a ServiceError
carrying the real service's status and body.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from sandbox import clock, gateway
from sandbox.checks import check_submission
from sandbox.errors import (
    ServiceError,
    e1,
    expired_token,
    missing_token,
    not_found_dtro,
    unknown_token,
)
from sandbox.indexing import canonical_hash, derive_index, root_of
from sandbox.models import (
    AppKind,
    SandboxApp,
    SandboxDtro,
    SandboxDtroHistory,
    SandboxToken,
)
from sandbox.provision_ids import keep_provision_ids

TOKEN_LIFETIME = timedelta(minutes=30)
DUPLICATE_ERROR = "An identical D-TRO has already been submitted"
DUPLICATE_CONTENT = "Duplicate content exception"
DUPLICATE_CONTENT_ERROR = (
    "An active D-TRO with content identical to this already exists in the service"
)

# --- apps and credentials ----------------------------------------------------------------


def hash_secret(secret: str) -> str:
    salt = secrets.token_hex(8)
    digest = hashlib.sha256(f"{salt}:{secret}".encode()).hexdigest()
    return f"sha256${salt}${digest}"


def secret_matches(app: SandboxApp, secret: str) -> bool:
    try:
        _, salt, digest = app.secret_hash.split("$", 2)
    except ValueError:
        return False
    candidate = hashlib.sha256(f"{salt}:{secret}".encode()).hexdigest()
    return hmac.compare_digest(candidate, digest)


def save_app(
    *,
    name: str,
    tra_code: int | None,
    consumer: bool = False,
    client_id: str | None = None,
    client_secret: str | None = None,
) -> tuple[SandboxApp, str | None]:
    """Create or update an app; returns the secret when one was set (None: unchanged).

    There is no per-app rate limit: the gateway's spike arrest is proxy-wide (`gateway`).
    """
    kind = AppKind.CONSUMER if consumer else AppKind.PUBLISHER
    app = SandboxApp.objects.filter(client_id=client_id).first() if client_id else None
    if app is None and not client_id:
        app = SandboxApp.objects.filter(name=name, tra_code=tra_code, kind=kind).first()
    secret = client_secret
    if app is None:
        app = SandboxApp(client_id=client_id or secrets.token_urlsafe(24))
        secret = secret or secrets.token_urlsafe(32)
    app.name, app.tra_code, app.kind, app.is_active = name, tra_code, kind, True
    if secret:
        app.secret_hash = hash_secret(secret)
    app.save()
    return app, secret


def demo_credentials(tra_code: int) -> tuple[str, str]:
    """Credentials derived from SECRET_KEY: stable across runs, not guessable without it."""
    key = settings.SECRET_KEY.encode()
    secret = hmac.new(key, f"sandbox-demo:{tra_code}".encode(), hashlib.sha256).hexdigest()
    return f"sandbox-tra-{tra_code}", secret[:40]


def ensure_demo_app(tra_code: int, name: str) -> tuple[str, str]:
    """A publisher app for a demo TRA; calling it again changes nothing."""
    client_id, client_secret = demo_credentials(tra_code)
    app = SandboxApp.objects.filter(client_id=client_id).first()
    if app is None or not secret_matches(app, client_secret) or app.tra_code != tra_code:
        save_app(name=name, tra_code=tra_code, client_id=client_id, client_secret=client_secret)
    return client_id, client_secret


def app_id_of(client_id: str) -> uuid.UUID | None:
    """The App-Id (`application_name`) of the app with these credentials, if there is one."""
    return (
        SandboxApp.objects.filter(client_id=client_id)
        .values_list("application_name", flat=True)
        .first()
    )


# --- OAuth ---------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(authorization: str, grant_type: str | None) -> dict[str, Any]:
    """Apigee's client-credentials token endpoint (quickstart body, 30-minute lifetime)."""
    client_id, client_secret = _basic_credentials(authorization)
    app = SandboxApp.objects.filter(client_id=client_id, is_active=True).first()
    if app is None or not secret_matches(app, client_secret):
        raise ServiceError(
            401, {"ErrorCode": "invalid_client", "Error": "Client credentials are invalid"}
        )
    if grant_type != "client_credentials":
        raise ServiceError(
            400,
            {
                "ErrorCode": "invalid_request",
                "Error": f"Unsupported grant type : {grant_type or ''}",
            },
        )
    token = secrets.token_urlsafe(24)
    issued = clock.now()
    SandboxToken.objects.create(
        token_hash=_token_hash(token),
        app=app,
        scope=app.scope,
        issued_at=issued,
        expires_at=issued + TOKEN_LIFETIME,
    )
    product = "int-publisher" if app.kind == AppKind.PUBLISHER else "int-consumer"
    return {
        "refresh_token_expires_in": "0",
        "api_product_list": f"[{product}]",
        "api_product_list_json": [product],
        "organization_name": "dft-dtro-test",
        "developer.email": "dtro@dft.gov.uk",
        "token_type": "BearerToken",
        "issued_at": str(int(issued.timestamp() * 1000)),
        "client_id": app.client_id,
        "access_token": token,
        "application_name": str(app.application_name),
        "scope": app.scope,
        "expires_in": "1799",
        "refresh_count": "0",
        "status": "approved",
    }


def _basic_credentials(authorization: str) -> tuple[str, str]:
    scheme, _, encoded = authorization.partition(" ")
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        decoded = ""
    client_id, sep, client_secret = decoded.partition(":")
    if scheme.lower() != "basic" or not sep:
        raise ServiceError(
            401, {"ErrorCode": "invalid_client", "Error": "Client credentials are invalid"}
        )
    return client_id, client_secret


def authenticate(authorization: str) -> tuple[SandboxApp, str]:
    """The app and scope behind a bearer token, or Apigee's 401 fault."""
    scheme, _, token = authorization.partition(" ")
    if not authorization or scheme.lower() != "bearer":
        raise missing_token()
    found = (
        SandboxToken.objects.select_related("app")
        .filter(token_hash=_token_hash(token.strip()))
        .first()
    )
    if found is None or not found.app.is_active:
        raise unknown_token()
    if found.expires_at <= clock.now():
        raise expired_token()
    return found.app, found.scope


# --- D-TRO records -------------------------------------------------------------------------


def _live(dtro_id: uuid.UUID) -> SandboxDtro | None:
    return SandboxDtro.objects.filter(pk=dtro_id, deleted=False).first()


def _ownership_error(app: SandboxApp, dtro: SandboxDtro) -> ServiceError:
    return e1(
        403,
        "Forbidden",
        f"Traffic authority {app.tra_code} is not the creator or owner of D-TRO '{dtro.pk}'",
    )


def _owns(app: SandboxApp, dtro: SandboxDtro) -> bool:
    return app.tra_code is not None and app.tra_code in {dtro.tra_creator, dtro.current_tra_owner}


def _has_twin(app: SandboxApp, payload_hash: str) -> bool:
    """A live record of the app's TRA with this content. Only the hash is in the query, so its
    index finds the few equal records and nothing walks the TRA's records (filtering by TRA in
    SQL let SQLite and PostgreSQL use the TRA indexes: slower with every record held)."""
    owners = SandboxDtro.objects.filter(payload_hash=payload_hash, deleted=False).values_list(
        "tra_creator", "current_tra_owner"
    )
    return any(app.tra_code in pair for pair in owners)


def _refuse_duplicate_create(app: SandboxApp, payload_hash: str) -> None:
    if gateway.refuse_duplicates() and _has_twin(app, payload_hash):
        raise e1(400, "Bad Request", DUPLICATE_ERROR)


def _refuse_duplicate_update(app: SandboxApp, dtro: SandboxDtro, payload_hash: str) -> None:
    # Since July 2026 the service refuses an update equal to any active record, the
    # updated one's current content included, so a resent update is not "harmless".
    if not gateway.refuse_duplicates():
        return
    if dtro.payload_hash == payload_hash or _has_twin(app, payload_hash):
        raise e1(409, DUPLICATE_CONTENT, DUPLICATE_CONTENT_ERROR)


def create_dtro(app: SandboxApp, document: object, *, from_file: bool) -> uuid.UUID:
    version, data = check_submission(
        document,
        tra_code=app.tra_code,
        version_not_found_message=" not found" if from_file else "Dtro not found",
    )
    payload_hash = canonical_hash(version, data)
    with transaction.atomic():
        # Serialise an app's writes so two identical creates cannot both pass the check.
        SandboxApp.objects.select_for_update().filter(pk=app.pk).first()
        _refuse_duplicate_create(app, payload_hash)
        moment = clock.now()
        dtro = SandboxDtro.objects.create(
            owner_app=app,
            schema_version=version,
            data=data,
            payload_hash=payload_hash,
            created=moment,
            last_updated=moment,
            **derive_index(data),
        )
        keep_provision_ids(dtro)
    return dtro.pk


def update_dtro(app: SandboxApp, dtro_id: uuid.UUID, document: object) -> uuid.UUID:
    # The service validates the new payload before it looks the record up.
    version, data = check_submission(
        document, tra_code=app.tra_code, version_not_found_message="TRO not found"
    )
    with transaction.atomic():
        dtro = record_for_update(app, dtro_id)
        store_update(app, dtro, version, data)
    return dtro.pk


def record_for_update(app: SandboxApp, dtro_id: uuid.UUID) -> SandboxDtro:
    """The live record, locked until the transaction ends, if `app` may change it."""
    dtro = SandboxDtro.objects.select_for_update().filter(pk=dtro_id, deleted=False).first()
    if dtro is None:
        raise e1(404, "TRO not found", "not found")
    if not _owns(app, dtro):
        raise _ownership_error(app, dtro)
    return dtro


def store_update(app: SandboxApp, dtro: SandboxDtro, version: str, data: dict[str, Any]) -> None:
    """Replace a locked record's content with a validated one, as every update does: an
    identical payload is refused, the old content becomes history, index and ids follow."""
    payload_hash = canonical_hash(version, data)
    _refuse_duplicate_update(app, dtro, payload_hash)
    moment = clock.now()
    SandboxDtroHistory.objects.create(
        dtro=dtro,
        schema_version=dtro.schema_version,
        data=dtro.data,
        created=dtro.created,
        last_updated=moment,
        tra_creator=dtro.tra_creator,
        current_tra_owner=dtro.current_tra_owner,
    )
    dtro.schema_version, dtro.data, dtro.payload_hash = version, data, payload_hash
    dtro.last_updated = moment
    for field, value in derive_index(data).items():
        setattr(dtro, field, value)
    dtro.save()
    keep_provision_ids(dtro)


def delete_dtro(app: SandboxApp, dtro_id: uuid.UUID) -> None:
    with transaction.atomic():
        dtro = SandboxDtro.objects.select_for_update().filter(pk=dtro_id, deleted=False).first()
        if dtro is None:
            raise e1(404, f"TRO '{dtro_id}' not found", "not found")
        # Today's service lets anyone delete (DPPB-1286); the sandbox enforces the ICD.
        if not _owns(app, dtro):
            raise _ownership_error(app, dtro)
        dtro.deleted = True
        dtro.deletion_time = clock.now()
        dtro.save(update_fields=["deleted", "deletion_time"])


def get_dtro(dtro_id: uuid.UUID) -> dict[str, Any]:
    dtro = _live(dtro_id)
    if dtro is None:
        raise not_found_dtro(dtro_id)
    return {
        "id": str(dtro.pk),
        "schemaVersion": dtro.schema_version,
        "data": dtro.data,
        "created": clock.iso_utc(dtro.created),
        "lastUpdated": clock.iso_utc(dtro.last_updated),
        # Since April 2026 (null until DfT's upversioning rewrites the record).
        "lastUpversioned": clock.iso_utc(dtro.last_upversioned),
    }


# --- history --------------------------------------------------------------------------


def _source_entry(version: str, data: dict[str, Any], created: Any, updated: Any) -> dict:
    source = root_of(data)
    entry = {
        "actionType": source.get("actionType"),
        "created": clock.iso_utc(created),
        "lastUpdated": updated.isoformat().replace("+00:00", "Z"),
        "reference": source.get("reference"),
        "schemaVersion": version,
        "section": source.get("section"),
        "trafficAuthorityCreatorId": source.get("traCreator"),
        "trafficAuthorityOwnerId": source.get("currentTraOwner"),
        "troName": source.get("troName"),
    }
    return {k: v for k, v in entry.items() if v is not None}


def _history_not_found(dtro_id: uuid.UUID) -> ServiceError:
    return e1(
        404,
        "History for DTRO not found.",
        f"Dtro '{dtro_id}' has either been deleted or cannot be found.",
    )


def source_history(dtro_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = list(SandboxDtroHistory.objects.filter(dtro_id=dtro_id).order_by("-last_updated"))
    if not rows:
        raise e1(
            404, "History for DTRO not found.", f"History for Dtro '{dtro_id}' cannot be found."
        )
    dtro = _live(dtro_id)
    if dtro is None:
        raise _history_not_found(dtro_id)
    snapshots = [(dtro.schema_version, dtro.data, dtro.created, clock.now())]
    snapshots += [(r.schema_version, r.data, r.created, r.last_updated) for r in rows]
    entries = [_source_entry(*snapshot) for snapshot in snapshots]
    return [e for e in entries if e.get("actionType") != "noChange"]


def _provision_entries(version: str, data: dict, created: Any, updated: Any) -> list[dict]:
    provisions = root_of(data).get("provision") or []
    entries = [
        {
            "actionType": p.get("actionType"),
            "created": clock.iso_utc(created),
            "data": p,
            "lastUpdated": updated.isoformat().replace("+00:00", "Z"),
            "reference": p.get("reference"),
            "schemaVersion": version,
        }
        for p in provisions
        if isinstance(p, dict) and p.get("actionType") != "noChange"
    ]
    return sorted(entries, key=lambda e: str(e["reference"]), reverse=True)


def provision_history(dtro_id: uuid.UUID) -> list[dict[str, Any]]:
    dtro = _live(dtro_id)
    if dtro is None:
        raise _history_not_found(dtro_id)
    current = _provision_entries(dtro.schema_version, dtro.data, dtro.created, clock.now())
    historic: list[dict[str, Any]] = []
    for row in SandboxDtroHistory.objects.filter(dtro=dtro).order_by("-last_updated"):
        historic += _provision_entries(row.schema_version, row.data, row.created, row.last_updated)
    result: list[dict[str, Any]] = []
    current_refs = {e["reference"] for e in current}
    for entry in current:
        result.append(entry)
        result += [h for h in historic if h["reference"] == entry["reference"]]
    result += [h for h in historic if h["reference"] not in current_refs]
    return result
