"""Supervisors managing the people of their TRAs: invite, deactivate, reset MFA.

Each change is audited. Callers check that the acting user supervises the TRA concerned
(the admin does it through its scoping); these functions re-check what they cannot assume.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta
from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from dtro_app import audit, enqueue
from dtro_app.models import Invitation, Membership, Role, TrafficAuthority
from dtro_app.notifications.invitations import send_invitation
from dtro_app.notifications.sending import site_link
from dtro_app.scoping import signed_in_user

logger = logging.getLogger(__name__)


class UserManagementError(Exception):
    """A change to a user that is not allowed; the message is for the supervisor."""


# The same words whether or not the address already has an account, so that inviting
# tells the inviter nothing about other TRAs' users.
INVITED_MESSAGE = (
    "We have emailed {email} an invitation to join {authority} as {role}. "
    "They appear as invited until they sign in."
)


def invite_user(
    request: HttpRequest, *, email: str, authority: TrafficAuthority, role: str
) -> Membership:
    """Invite `email` to a role in `authority`.

    A new address gets an account with no usable password and an email to set one. Someone
    whose account the actor does not already manage (they work for another TRA, or have
    their own password and no TRA the actor supervises) must consent: their membership is
    created inactive and they are emailed a link to accept while signed in. Nothing else
    about them changes (no staff status) until they accept.
    """
    actor = request.user
    if not TrafficAuthority.objects.supervised_by(actor).filter(pk=authority.pk).exists():
        raise UserManagementError(f"You do not supervise {authority.name}.")
    email = email.strip().lower()
    User = get_user_model()
    token = ""
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if user is None:
            user = User(username=email, email=email)
            user.set_unusable_password()
            user.save()
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        existing = Membership.objects.filter(user=user, authority=authority).first()
        needs_consent = not created and not (existing and existing.is_active)
        needs_consent = needs_consent and _needs_consent(actor, user, authority)
        if needs_consent:
            membership, token = _pending_membership(request, user, authority, role, existing)
        else:
            give_supervisors_staff_status(user, role)
            membership, _ = Membership.objects.update_or_create(
                user=user, authority=authority, defaults={"role": role, "is_active": True}
            )
            if membership.joined_at is None:
                membership.joined_at = timezone.now()
                membership.save(update_fields=["joined_at"])
        audit.record(
            "user.invited",
            actor=actor,
            authority=authority,
            target=membership,
            summary=f"{email} invited to {authority.name} as {membership.get_role_display()}",
            # Whether the address had an account elsewhere is not the inviter's to know.
            after={"email": email, "role": role},
            ip_address=audit.client_ip(request),
        )
    if token:
        transaction.on_commit(lambda: send_invitation_to_join(token))
    elif created or not user.has_usable_password():
        # Sent by a worker once the invitation is saved, so no mail server holds up the page.
        inviter_id = signed_in_user(request).pk
        transaction.on_commit(
            lambda: send_set_password_link_later(email, membership.pk, inviter_id)
        )
    return membership


def _needs_consent(actor: Any, user: Any, authority: TrafficAuthority) -> bool:
    """Whether `user` is someone the actor does not already look after."""
    if user.is_superuser:
        return True
    supervised = set(TrafficAuthority.objects.supervised_by(actor).values_list("pk", flat=True))
    theirs = set(Membership.objects.filter(user=user).values_list("authority_id", flat=True))
    if theirs - supervised:
        return True  # they work (or worked) for a TRA the actor does not supervise
    # No TRA at all, but an account of their own: still theirs to agree to.
    return not theirs and user.has_usable_password()


def _pending_membership(
    request: HttpRequest,
    user: Any,
    authority: TrafficAuthority,
    role: str,
    existing: Membership | None,
) -> tuple[Membership, str]:
    """An inactive membership waiting for the user's consent, and a fresh link token."""
    if existing is None:
        membership = Membership.objects.create(
            user=user, authority=authority, role=role, is_active=False
        )
    else:
        existing.role = role
        existing.save(update_fields=["role"])
        membership = existing
    now = timezone.now()
    # A new invitation replaces any earlier link for the same membership.
    Invitation.objects.filter(
        membership=membership, accepted_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=now)
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        membership=membership,
        token_hash=hash_token(token),
        invited_by=signed_in_user(request),
        expires_at=now + timedelta(days=settings.PORTAL_INVITATION_DAYS),
    )
    return membership, token


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _pending_invitations() -> QuerySet[Invitation]:
    """Invitations neither accepted, withdrawn nor expired, with what their emails name."""
    return Invitation.objects.select_related(
        "membership__authority", "membership__user", "invited_by"
    ).filter(accepted_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=timezone.now())


def pending_invitation(token: str) -> Invitation | None:
    """The still-valid invitation the link's `token` belongs to, if any."""
    return _pending_invitations().filter(token_hash=hash_token(token)).first()


def accept_invitation(request: HttpRequest, invitation: Invitation) -> Membership:
    """The signed-in invitee accepts: the membership becomes active (and staff status follows)."""
    membership = invitation.membership
    if request.user.pk != membership.user_id:
        raise UserManagementError("This invitation is for a different account.")
    with transaction.atomic():
        now = timezone.now()
        invitation.accepted_at = now
        invitation.save(update_fields=["accepted_at"])
        membership.is_active = True
        membership.joined_at = now
        membership.save(update_fields=["is_active", "joined_at"])
        give_supervisors_staff_status(membership.user, membership.role)
        audit.record(
            "user.invitation_accepted",
            actor=request.user,
            authority=membership.authority,
            target=membership,
            summary=(
                f"{membership.user.email} accepted the invitation to {membership.authority.name} "
                f"as {membership.get_role_display()}"
            ),
            after={"is_active": True, "role": membership.role},
            ip_address=audit.client_ip(request),
        )
    return membership


def is_awaiting_acceptance(membership: Membership) -> bool:
    return membership.invitations.filter(
        accepted_at__isnull=True, withdrawn_at__isnull=True
    ).exists()


def send_invitation_to_join(token: str) -> None:
    """Email the accept link (the link is the only copy of the token). If the mail server
    refuses it, a worker tries again with a new link, so no token passes through the broker."""
    invitation = pending_invitation(token)
    if invitation is None:
        return
    try:
        _email_invitation_to_join(invitation, token)
    except Exception:
        logger.exception("Could not email invitation %s; a worker will try again", invitation.pk)
        if not enqueue.enqueue_quietly(enqueue.RESEND_INVITATION_TO_JOIN, invitation.pk):
            logger.error("Invitation %s was not emailed; invite them again", invitation.pk)


def resend_invitation_to_join(invitation_id: int) -> None:
    """Email a still-pending invitation again with a new link (the earlier one never left);
    raises if the mail server refuses it."""
    invitation = _pending_invitations().filter(pk=invitation_id).first()
    if invitation is None:
        return
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.save(update_fields=["token_hash"])
    _email_invitation_to_join(invitation, token)


def _email_invitation_to_join(invitation: Invitation, token: str) -> None:
    membership = invitation.membership
    send_invitation(
        membership.user.email,
        authority=membership.authority,
        role=membership.role,
        invited_by=invitation.invited_by,
        link=site_link(reverse("dtro_app:accept_invitation", args=[token])),
        expires_at=invitation.expires_at,
        new_account=False,
    )


def give_supervisors_staff_status(user: Any, role: str) -> bool:
    """Make `user` staff if `role` is supervisor; returns whether it changed anything.

    Supervisors work in the Django admin, which needs staff status. Staff status is never
    taken away here: the user may still supervise another TRA, or be staff for another reason.
    """
    if role != Role.SUPERVISOR or user.is_staff:
        return False
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return True


def send_set_password_link_later(
    email: str, membership_id: int | None = None, invited_by_id: int | None = None
) -> None:
    """Queue the invitation to set a password; if the broker is down, send it now rather
    than lose it (a mail failure then is logged: the invitation itself is saved)."""
    args = (email, membership_id, invited_by_id)
    if enqueue.enqueue_quietly(enqueue.SEND_INVITATION, *args):
        return
    try:
        send_set_password_link(*args)
    except Exception:
        logger.exception("Could not email the invitation to membership %s", membership_id)


def send_set_password_link(
    email: str, membership_id: int | None = None, invited_by_id: int | None = None
) -> None:
    """Email a new user their invitation, whose link (allauth's password-reset link, at
    PORTAL_SITE_URL) sets their password; raises if the mail server refuses it.

    Runs in a Celery worker. Messages queued before the invitation named its membership
    carry only the address: the user's latest membership stands in.
    """
    User = get_user_model()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        return
    memberships = Membership.objects.select_related("authority").filter(user=user, is_active=True)
    if membership_id is not None:
        memberships = memberships.filter(pk=membership_id)
    membership = memberships.order_by("-created_at").first()
    if membership is None:
        return  # withdrawn before the worker got to it
    key = default_token_generator.make_token(user)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )
    send_invitation(
        user.email,
        authority=membership.authority,
        role=membership.role,
        invited_by=User.objects.filter(pk=invited_by_id).first() if invited_by_id else None,
        link=site_link(path),
        expires_at=timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
        new_account=True,
    )


def deactivate_membership(request: HttpRequest, membership: Membership) -> None:
    # Withdrawing a waiting invitation: its link stops working.
    membership.invitations.filter(accepted_at__isnull=True, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    if not membership.is_active:
        return
    with transaction.atomic():
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        audit.record(
            "membership.deactivated",
            actor=request.user,
            authority=membership.authority,
            target=membership,
            summary=f"{membership.user.email} no longer has access to {membership.authority.name}",
            before={"is_active": True},
            after={"is_active": False},
            ip_address=audit.client_ip(request),
        )


def _check_may_manage(request: HttpRequest, user: Any) -> list[TrafficAuthority]:
    """The TRAs through which the actor manages `user`; refuse if the user also works for
    a TRA the actor does not supervise (that TRA's supervisors must agree)."""
    actor = request.user
    if user.pk == actor.pk:
        raise UserManagementError("You cannot do this to your own account.")
    supervised = set(TrafficAuthority.objects.supervised_by(actor).values_list("pk", flat=True))
    theirs = set(
        Membership.objects.filter(user=user, is_active=True).values_list("authority_id", flat=True)
    )
    if not actor.is_superuser and not theirs & supervised:
        # Reached only through an invitation they have not accepted: nothing to manage yet,
        # and nothing said about where else they work.
        raise UserManagementError(f"{user.email} has not joined your TRA yet.")
    if not actor.is_superuser and theirs - supervised:
        raise UserManagementError(
            f"{user.email} also works for a TRA you do not supervise; ask a superuser."
        )
    return list(TrafficAuthority.objects.filter(pk__in=theirs & supervised))


def _audit_scopes(authorities: list[TrafficAuthority]) -> list[TrafficAuthority | None]:
    """One audit entry per TRA concerned, or a single one for no TRA (a superuser acting
    on someone who works for none)."""
    return [*authorities] or [None]


def deactivate_user(request: HttpRequest, user: Any) -> None:
    authorities = _check_may_manage(request, user)
    if not user.is_active:
        return
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        for authority in _audit_scopes(authorities):
            audit.record(
                "user.deactivated",
                actor=request.user,
                authority=authority,
                target=user,
                summary=f"{user.email} can no longer sign in",
                before={"is_active": True},
                after={"is_active": False},
                ip_address=audit.client_ip(request),
            )


def reset_mfa(request: HttpRequest, user: Any) -> int:
    """Remove the user's authenticator app and recovery codes; they set MFA up again at
    their next sign-in. Returns how many authenticators were removed."""
    authorities = _check_may_manage(request, user)
    with transaction.atomic():
        removed = list(
            Authenticator.objects.filter(user=user).values_list("type", flat=True).order_by("type")
        )
        Authenticator.objects.filter(user=user).delete()
        for authority in _audit_scopes(authorities):
            audit.record(
                "user.mfa_reset",
                actor=request.user,
                authority=authority,
                target=user,
                summary=f"Two-factor authentication reset for {user.email}",
                before={"authenticators": removed},
                after={"authenticators": []},
                ip_address=audit.client_ip(request),
            )
    return len(removed)
