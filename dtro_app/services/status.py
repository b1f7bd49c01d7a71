"""The one place that decides what state a D-TRO is in, from its revisions and submissions."""

from __future__ import annotations

from dtro_app.models import ChangeAction, Dtro, DtroStatus, RevisionState, SubmissionState
from dtro_app.models.submissions import PENDING_STATES


def status_of(dtro: Dtro) -> str:
    latest = dtro.revisions.order_by("-number").only("state").first()
    if latest is not None:
        if latest.state == RevisionState.DRAFT:
            return DtroStatus.DRAFT
        if latest.state == RevisionState.AWAITING_APPROVAL:
            return DtroStatus.AWAITING_APPROVAL
        if latest.state == RevisionState.REJECTED:
            return DtroStatus.REJECTED
    submissions = dtro.submissions.all()
    if submissions.filter(state__in=PENDING_STATES).exists():
        return DtroStatus.IN_DELIVERY
    last = submissions.exclude(state=SubmissionState.CANCELLED).order_by("-sequence").first()
    if last is not None:
        if last.state == SubmissionState.REJECTED:
            return DtroStatus.REJECTED
        if last.state == SubmissionState.FAILED:
            return DtroStatus.FAILED
        if last.state == SubmissionState.SUCCEEDED and last.action == ChangeAction.DELETE:
            return DtroStatus.DELETED
    return DtroStatus.PUBLISHED if dtro.service_id else DtroStatus.DRAFT


def refresh_status(dtro: Dtro) -> str:
    status = status_of(dtro)
    if status != dtro.status:
        Dtro.objects.filter(pk=dtro.pk).update(status=status)
        dtro.status = status
    return status
