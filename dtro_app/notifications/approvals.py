"""Supervisors told of orders awaiting their approval: at once, or in a daily digest.

Who is told: the TRA's active supervisors (an active supervisor membership, an active
account, an email address). Never about an order they drafted or sent themselves: nobody
approves their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.urls import reverse

from dtro_app import enqueue
from dtro_app.models import ChangeAction, Revision, RevisionOrigin, RevisionState, Role
from dtro_app.notifications.preferences import ApprovalEmails, wanting
from dtro_app.notifications.sending import (
    person,
    send_after_commit,
    send_to_each,
    send_to_user,
    site_link,
    uk_time,
)


def supervisors(authority_ids: Iterable[int] | None = None) -> QuerySet[Any]:
    """Users who supervise one of `authority_ids` (any TRA when None) and can be emailed."""
    membership = Q(
        memberships__role=Role.SUPERVISOR,
        memberships__is_active=True,
    )
    if authority_ids is not None:
        membership &= Q(memberships__authority_id__in=list(authority_ids))
    User = get_user_model()
    return (
        User.objects.filter(membership, is_active=True).exclude(email="").distinct().order_by("pk")
    )


def change_described(revision: Revision) -> str:
    """What approving `revision` would do, in a few words."""
    if revision.action == ChangeAction.DELETE:
        return "Delete the order from the D-TRO service"
    if revision.origin == RevisionOrigin.REVOKE:
        return "Revoke the order"
    if revision.action == ChangeAction.UPDATE:
        return "Amend the published order"
    return "Publish a new order"


def waiting_row(revision: Revision) -> dict[str, Any]:
    """What an email says about one revision awaiting approval."""
    dtro = revision.dtro
    sent_at = revision.sent_for_approval_at or revision.created_at
    return {
        "name": str(dtro),
        "reference": dtro.reference,
        "change": change_described(revision),
        "sent_by": person(revision.sent_for_approval_by or revision.created_by),
        "sent_at": uk_time(sent_at),
        "note": revision.note,
        "link": site_link(reverse("dtro_app:approval_decide", args=[revision.pk])),
    }


def _settings_link() -> str:
    return site_link(reverse("accounts:email_settings"))


# --- At once -------------------------------------------------------------------------------


def tell_supervisors_after_commit(revision_id: int) -> None:
    """Called where a revision is sent for approval, inside its transaction."""
    send_after_commit(
        enqueue.NOTIFY_SUPERVISORS_OF_WAITING_APPROVAL,
        revision_id,
        send_now=tell_supervisors,
        what=f"the approval request for revision {revision_id}",
    )


def tell_supervisors(revision_id: int, only: list[int] | None = None) -> list[int]:
    """Email each supervisor who wants to know at once; return the ids it failed for.

    Nothing is sent once the revision no longer awaits approval (it was decided on or
    withdrawn before the worker got to it).
    """
    revision = (
        Revision.objects.select_related("dtro__authority", "created_by", "sent_for_approval_by")
        .filter(pk=revision_id, state=RevisionState.AWAITING_APPROVAL)
        .first()
    )
    if revision is None:
        return []
    authority = revision.dtro.authority
    recipients = wanting(supervisors([authority.pk]), ApprovalEmails.AT_ONCE).exclude(
        pk__in=[revision.created_by_id, revision.sent_for_approval_by_id]
    )
    if only is not None:
        recipients = recipients.filter(pk__in=only)
    row = waiting_row(revision)
    return send_to_each(
        "approval_waiting",
        recipients,
        lambda user: {"order": row, "recipient": user, "settings_link": _settings_link()},
        authority=authority,
    )


# --- Daily digest --------------------------------------------------------------------------


def awaiting(user: Any) -> list[Revision]:
    """The revisions awaiting `user`'s approval in the TRAs they supervise, oldest first,
    grouped by TRA; never their own."""
    authority_ids = user.memberships.filter(role=Role.SUPERVISOR, is_active=True).values(
        "authority_id"
    )
    return list(
        Revision.objects.filter(
            state=RevisionState.AWAITING_APPROVAL, dtro__authority_id__in=authority_ids
        )
        .exclude(created_by=user)
        .exclude(sent_for_approval_by=user)
        .select_related("dtro__authority", "created_by", "sent_for_approval_by")
        .order_by("dtro__authority__name", "sent_for_approval_at", "pk")
    )


def send_digests(only: list[int] | None = None) -> list[int]:
    """One email to each supervisor who chose the digest and has orders awaiting them
    (none to those who have none); returns the ids it failed for."""
    recipients = wanting(supervisors(), ApprovalEmails.DAILY_DIGEST)
    if only is not None:
        recipients = recipients.filter(pk__in=only)
    failed: list[int] = []
    for user in recipients:
        revisions = awaiting(user)
        if not revisions:
            continue
        groups = [
            {"authority": authority, "orders": [waiting_row(r) for r in rows]}
            for authority, rows in groupby(revisions, key=lambda r: r.dtro.authority)
        ]
        # Branded as the TRA when the digest is about one; else as the service.
        authority = groups[0]["authority"] if len(groups) == 1 else None
        context = {
            "groups": groups,
            "count": len(revisions),
            "recipient": user,
            "queue_link": site_link(reverse("dtro_app:approvals")),
            "settings_link": _settings_link(),
        }
        if not send_to_user("approval_digest", user, context, authority=authority):
            failed.append(user.pk)
    return failed
