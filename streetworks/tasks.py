"""Celery tasks: thin wrappers around the sync service."""

from __future__ import annotations

from celery import shared_task

from streetworks.sync import sync_all


@shared_task(name="streetworks.sync_works_updates")
def sync_works_updates() -> dict[str, int]:

    results = sync_all()
    return {
        "accounts": len(results),
        "flagged": sum(len(r.flagged) for r in results),
        "errors": sum(1 for r in results if r.error),
    }
