"""The documents a TRA publishes about an order."""

from __future__ import annotations

from django.db import models


class DocumentKind(models.TextChoices):
    SCHEDULE = "schedule", "Schedule"
    NOTICE_OF_PROPOSAL = "notice_of_proposal", "Notice of proposal"
    NOTICE_OF_MAKING = "notice_of_making", "Notice of making"
    TEMPORARY_ORDER_NOTICE = "temporary_order_notice", "Temporary order notice"


def kind_or_none(value: str) -> DocumentKind | None:
    try:
        return DocumentKind(value)
    except ValueError:
        return None
