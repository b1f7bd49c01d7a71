"""What a supervisor oversees: their TRAs, the revisions waiting for them, failed deliveries.

Superusers oversee every TRA; everyone else only the TRAs where they hold an active
supervisor membership. The admin, the approvals pages and the dashboard summary all ask here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from dtro_app.models import (
    Revision,
    RevisionState,
    Role,
    Submission,
    SubmissionState,
    TrafficAuthority,
)


def supervised_authorities(user: Any) -> QuerySet[TrafficAuthority]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return TrafficAuthority.objects.none()
    if user.is_superuser:
        return TrafficAuthority.objects.all()
    return TrafficAuthority.objects.for_user(user, role=Role.SUPERVISOR)


def is_supervisor(user: Any) -> bool:
    return supervised_authorities(user).exists()


def revisions_awaiting_approval(user: Any) -> QuerySet[Revision]:
    return (
        Revision.objects.filter(
            state=RevisionState.AWAITING_APPROVAL,
            dtro__authority__in=supervised_authorities(user),
        )
        .select_related("dtro__authority", "created_by", "sent_for_approval_by")
        .order_by("sent_for_approval_at", "pk")
    )


def failed_submissions(user: Any) -> QuerySet[Submission]:
    return Submission.objects.filter(
        state=SubmissionState.FAILED, authority__in=supervised_authorities(user)
    )
