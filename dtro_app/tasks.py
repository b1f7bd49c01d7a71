"""Celery tasks: thin wrappers around services."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="dtro_app.refresh_schemas")
def refresh_schemas_task() -> list[str]:
    from dtro_app.schema_refresh import preferred_credential, refresh_schemas

    credential = preferred_credential()
    return refresh_schemas(credential) if credential is not None else []
