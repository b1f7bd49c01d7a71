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


def lose_the_answer_to_provision_call(monkeypatch: Any, number: int) -> list[int]:
    """The `number`th provision-level create lands at the sandbox, then its answer is a 503.
    Returns the list the size of every call is appended to, as the calls are made."""
    from dtro_app.client import DtroClient
    from sandbox import faults

    add_provisions = DtroClient.create_provisions
    sizes: list[int] = []

    def answer_lost(client: DtroClient, dtro_id: Any, provisions: list[Any]) -> Any:
        sizes.append(len(provisions))
        if len(sizes) != number:
            return add_provisions(client, dtro_id, provisions)
        with faults.configure(error_5xx_after_rate=1.0):
            return add_provisions(client, dtro_id, provisions)

    monkeypatch.setattr(DtroClient, "create_provisions", answer_lost)
    return sizes


def approved_amendment(dtro: Any, officer: Any, supervisor: Any, change: Any) -> Submission:
    """Approve an amendment of the published version: untouched provisions tagged noChange,
    the rest as `change(document)` leaves them (the source's own fields kept as published)."""
    import copy

    from dtro_app.approvals.services import approve
    from dtro_app.drafting.services import save_draft, send_for_approval
    from dtro_app.models import RevisionOrigin

    dtro.refresh_from_db()
    assert dtro.published_revision is not None
    document = copy.deepcopy(dtro.published_revision.document)
    for provision in document["data"]["source"]["provision"]:
        provision["actionType"] = "noChange"
    change(document)
    revision = save_draft(dtro, user=officer, document=document, origin=RevisionOrigin.AMEND)
    send_for_approval(revision, user=officer)
    return approve(revision, user=supervisor)
