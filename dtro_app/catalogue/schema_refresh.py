"""Keep the schema registry's database cache in step with what the D-TRO service offers."""

from __future__ import annotations

import logging

from dtro_app.client import DtroClient, PermanentError
from dtro_app.models import ApiCredential, Environment
from dtro_validation import store_service_schemas

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
            # Today's service retired /rules for publishers (research anchors §0.1).
            logger.info("The service offers no rules for %s", version)
    source = f"{credential.get_environment_display()} ({credential.base_url})"
    return store_service_schemas(versions, schemas, rules, source=source)
