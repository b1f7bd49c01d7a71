"""Celery task keeping orders' states current as their ends pass (see models.status)."""

from __future__ import annotations

from celery import shared_task

from dtro_app.models.status import expire_ended_orders

# Part of the broker's wire format and of the beat schedule (settings): never rename it.
EXPIRE_ENDED_ORDERS = "dtro_app.expire_ended_orders"


@shared_task(name=EXPIRE_ENDED_ORDERS)
def expire_ended_orders_task() -> int:
    return expire_ended_orders()
