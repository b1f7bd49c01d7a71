"""Celery task keeping the schema versions the service offers up to date."""

from __future__ import annotations

from celery import shared_task

from dtro_app import enqueue
from dtro_app.catalogue.schema_refresh import preferred_credential, refresh_schemas


@shared_task(name=enqueue.REFRESH_SCHEMAS)
def refresh_schemas_task() -> list[str]:
    credential = preferred_credential()
    return refresh_schemas(credential) if credential is not None else []
