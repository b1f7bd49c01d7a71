"""Keep the schema registry's database cache in step with what the D-TRO service offers."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from dtro_app.client import DtroClient, PermanentError
from dtro_app.models import ApiCredential, Environment, SchemaVersionRecord
from dtro_validation.registry import VERSION_RE, load_rules, reset_registry

logger = logging.getLogger(__name__)

# The live service is the authority on versions; prefer production's view of it.
_PREFERENCE = [Environment.PRODUCTION, Environment.INTEGRATION, Environment.SANDBOX]


def preferred_credential(tra_code: int | None = None) -> ApiCredential | None:
    credentials = ApiCredential.objects.filter(is_active=True).select_related("authority")
    if tra_code is not None:
        credentials = credentials.filter(authority__code=tra_code)
    by_environment = {credential.environment: credential for credential in credentials}
    return next((by_environment[e] for e in _PREFERENCE if e in by_environment), None)


def refresh_schemas(credential: ApiCredential) -> list[str]:
    """Fetch versions, schemas and rules from the service and cache them. Returns the versions."""
    client = DtroClient(credential)
    versions = client.schema_versions()
    schemas = client.schemas()
    rules: dict[str, object] = {}
    for item in versions or []:
        version = item.get("schemaVersion") if isinstance(item, dict) else None
        if not version or not item.get("rulesExist"):
            continue
        try:
            rules[version] = client.rules_for(version)
        except PermanentError:
            # The live service no longer offers /rules to publishers.
            logger.info("The service offers no rules for %s", version)
    source = f"{credential.get_environment_display()} ({credential.base_url})"
    return store_service_schemas(versions, schemas, rules, source=source)


def cached_schema_versions() -> list[SchemaVersionRecord]:
    """What the validation registry reads on top of the spec folder."""
    return list(SchemaVersionRecord.objects.all())


def store_service_schemas(
    versions_body: Any,
    schemas_body: Any,
    rules_by_version: dict[str, Any] | None = None,
    *,
    source: str = "service",
) -> list[str]:
    """Cache the bodies of `GET /schemas/versions`, `GET /schemas` and `GET /rules/{v}`.

    Returns the versions stored. Active flags come from `/schemas/versions` when it lists the
    version, else from the schema body itself.
    """
    if isinstance(schemas_body, dict):
        schemas_body = [schemas_body]
    active_by_version: dict[str, bool] = {}
    for item in versions_body or []:
        if isinstance(item, dict) and item.get("schemaVersion"):
            active_by_version[str(item["schemaVersion"])] = bool(item.get("isActive", True))
    rules_by_version = rules_by_version or {}
    stored: list[str] = []
    now = timezone.now()
    with transaction.atomic():
        for item in schemas_body or []:
            if not isinstance(item, dict):
                continue
            version = str(item.get("schemaVersion") or "")
            template = item.get("template")
            if not VERSION_RE.match(version) or not isinstance(template, dict):
                continue
            if isinstance(template.get("template"), dict):
                template = template["template"]
            is_active = active_by_version.get(version, bool(item.get("isActive", True)))
            SchemaVersionRecord.objects.update_or_create(
                version=version,
                defaults={
                    "schema": template,
                    "rules": load_rules(rules_by_version.get(version)),
                    "is_active": is_active,
                    "source": source,
                    "fetched_at": now,
                },
            )
            stored.append(version)
        # A version listed as inactive but whose schema was not returned still changes state.
        for version, is_active in active_by_version.items():
            if version not in stored:
                SchemaVersionRecord.objects.filter(version=version).update(is_active=is_active)
    reset_registry()
    return stored
