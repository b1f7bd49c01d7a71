"""Delivery tests run the real runner against the sandbox over HTTP (live_server)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from dtro_app.models import Submission
from outbound.models import OutboundCall


def make_due(submission: Submission) -> None:
    """Skip the backoff wait: the row becomes due now."""
    Submission.objects.filter(pk=submission.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def held_by_sandbox(authority: Any) -> list[Any]:
    from sandbox.models import SandboxDtro

    return list(SandboxDtro.objects.filter(tra_creator=authority.code, deleted=False))


def calls(submission: Submission, method: str, path_part: str) -> int:
    return OutboundCall.objects.filter(
        submission_id=submission.pk, method=method, path__contains=path_part
    ).count()
