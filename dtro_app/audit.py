"""Recording audit events. Call `record` inside the transaction of the change it describes."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from dtro_app.models import AuditEvent, ChangeAction, TrafficAuthority
from frontend.client_address import client_ip as address_of


class AuditAction(models.TextChoices):
    """Every action name the portal writes to the audit log, so a reader (or a filter on the
    log) finds them in one place rather than assembled at the call sites."""

    LOGIN_SUCCEEDED = "login.succeeded"
    LOGIN_FAILED = "login.failed"
    LOGIN_REFUSED_LOCKED = "login.refused_locked"
    LOGIN_MFA_FAILED = "login.mfa_failed"
    LOGIN_MFA_REFUSED_LOCKED = "login.mfa_refused_locked"
    USER_INVITED = "user.invited"
    USER_INVITATION_ACCEPTED = "user.invitation_accepted"
    USER_DEACTIVATED = "user.deactivated"
    USER_MFA_RESET = "user.mfa_reset"
    MEMBERSHIP_CHANGED = "membership.changed"
    MEMBERSHIP_DEACTIVATED = "membership.deactivated"
    AUTHORITY_CREATED = "authority.created"
    AUTHORITY_CHANGED = "authority.changed"
    AUTHORITY_SELF_APPROVAL_PROPOSED = "authority.self_approval_proposed"
    AUTHORITY_SELF_APPROVAL_CONFIRMED = "authority.self_approval_confirmed"
    AUTHORITY_SELF_APPROVAL_WITHDRAWN = "authority.self_approval_withdrawn"
    CREDENTIAL_CREATED = "credential.created"
    CREDENTIAL_CHANGED = "credential.changed"
    DTRO_CREATED = "dtro.created"
    DTRO_DISCARDED = "dtro.discarded"
    DTRO_FLAGGED_FOR_REVIEW = "dtro.flagged_for_review"
    DTRO_REVIEW_CLEARED = "dtro.review_cleared"
    DTRO_UPGRADED = "dtro.upgraded"
    DTRO_SHRUNK = "dtro.shrunk"
    REVISION_SENT_FOR_APPROVAL = "revision.sent_for_approval"
    REVISION_WITHDRAWN = "revision.withdrawn"
    REVISION_DELETION_REQUESTED = "revision.deletion_requested"
    APPROVAL_APPROVED = "approval.approved"
    APPROVAL_SELF_APPROVED = "approval.self_approved"
    APPROVAL_REJECTED = "approval.rejected"
    SUBMISSION_CREATED = "submission.created"
    SUBMISSION_UPDATED = "submission.updated"
    SUBMISSION_DELETED = "submission.deleted"
    SUBMISSION_REJECTED = "submission.rejected"
    SUBMISSION_FAILED = "submission.failed"
    SUBMISSION_RETRIED = "submission.retried"
    SUBMISSION_CANCEL_REQUESTED = "submission.cancel_requested"
    SUBMISSION_CANCELLED = "submission.cancelled"


# What the log says once the D-TRO service has applied a submission of each kind.
PUBLISHED: dict[str, AuditAction] = {
    ChangeAction.CREATE: AuditAction.SUBMISSION_CREATED,
    ChangeAction.UPDATE: AuditAction.SUBMISSION_UPDATED,
    ChangeAction.DELETE: AuditAction.SUBMISSION_DELETED,
}


def client_ip(request: HttpRequest | None) -> str | None:
    """The address a request came from, for the audit log: the same rule as the sign-in
    lockout's (X-Forwarded-For only behind PORTAL_TRUSTED_PROXY_COUNT proxies)."""
    return address_of(request)


def record(
    action: str,
    *,
    actor: Any = None,
    actor_label: str | None = None,
    authority: TrafficAuthority | None = None,
    target: models.Model | None = None,
    summary: str = "",
    before: Any = None,
    after: Any = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Add one audit row. `actor` None means the system (a worker or a scheduled job),
    unless `actor_label` names who it was (for example a failed sign-in's identifier)."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        action=action,
        actor=actor if is_user else None,
        actor_label=actor_label
        or ((getattr(actor, "email", "") or str(actor)) if is_user else "system"),
        authority=authority,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        summary=summary,
        before=before,
        after=after,
        ip_address=ip_address,
    )
