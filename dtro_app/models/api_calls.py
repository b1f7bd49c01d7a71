"""The D-TRO service's share of the outbound call records.

Every call is an `outbound.OutboundCall`; `ApiCall` is the same table seen through the
D-TRO service's calls only, for the admin pages that still list them by that name.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models

from outbound.models import CallOutcome, OutboundCall, Service

__all__ = ["ApiCall", "CallOutcome"]


class DtroCallManager(models.Manager["ApiCall"]):
    def get_queryset(self) -> models.QuerySet[ApiCall]:
        return super().get_queryset().filter(service=Service.DTRO)


class ApiCall(OutboundCall):
    """A call to the D-TRO service (token calls included)."""

    objects: ClassVar[DtroCallManager] = DtroCallManager()

    class Meta:
        proxy = True
        verbose_name = "API call"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.service = Service.DTRO
        credential = self.credential
        if self.authority_id is None and credential is not None:
            self.authority_id = credential.authority_id
        super().save(*args, **kwargs)
