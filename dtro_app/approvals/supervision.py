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
    Submission,
    SubmissionState,
    TrafficAuthority,
)


def revisions_awaiting_approval(user: Any) -> QuerySet[Revision]:
    return (
        Revision.objects.filter(
            state=RevisionState.AWAITING_APPROVAL,
            dtro__authority__in=TrafficAuthority.objects.supervised_by(user),
        )
        .select_related("dtro__authority", "created_by", "sent_for_approval_by")
        .order_by("sent_for_approval_at", "pk")
    )


def failed_submissions(user: Any) -> QuerySet[Submission]:
    return Submission.objects.filter(
        state=SubmissionState.FAILED, authority__in=TrafficAuthority.objects.supervised_by(user)
    )
