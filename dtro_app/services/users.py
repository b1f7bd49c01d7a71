"""Supervisors managing the people of their TRAs: invite, deactivate, reset MFA.

Each change is audited. Callers check that the acting user supervises the TRA concerned
(the admin does it through its scoping); these functions re-check what they cannot assume.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from allauth.account.forms import ResetPasswordForm
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpRequest

from dtro_app import audit
from dtro_app.models import Membership, Role, TrafficAuthority
from dtro_app.supervision import supervised_authorities


class UserManagementError(Exception):
    """A change to a user that is not allowed; the message is for the supervisor."""


def invite_user(
    request: HttpRequest, *, email: str, authority: TrafficAuthority, role: str
) -> Membership:
    """Give `email` a role in `authority`, creating the user if needed, and email them a
    link to set their password. A new user has no usable password until they follow it."""
    actor = request.user
    if not supervised_authorities(actor).filter(pk=authority.pk).exists():
        raise UserManagementError(f"You do not supervise {authority.name}.")
    email = email.strip().lower()
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if user is None:
            user = User(username=email, email=email)
            user.set_unusable_password()
            user.save()
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        give_supervisors_staff_status(user, role)
        membership, _ = Membership.objects.update_or_create(
            user=user, authority=authority, defaults={"role": role, "is_active": True}
        )
        audit.record(
            "user.invited",
            actor=actor,
            authority=authority,
            target=membership,
            summary=f"{email} invited to {authority.name} as {membership.get_role_display()}",
            after={"email": email, "role": role, "new_user": created},
            ip_address=audit.client_ip(request),
        )
    if created or not user.has_usable_password():
        # Sent by a worker once the invitation is saved, so no mail server holds up the page.
        transaction.on_commit(lambda: send_set_password_link_later(email))
    return membership


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


def send_set_password_link_later(email: str) -> None:
    """Queue the set-password email; if the broker is down, send it now rather than lose it."""
    from dtro_app.tasks import enqueue_quietly, send_invitation

    if not enqueue_quietly(send_invitation, email):
        send_set_password_link(email)


def send_set_password_link(email: str) -> None:
    """Email the allauth password-reset link, which doubles as "set your password".

    Runs outside any web request (in a Celery worker), so the link points at
    PORTAL_SITE_URL, as the portal's other emails do.
    """
    request = PortalSiteRequest(settings.PORTAL_SITE_URL)
    with allauth_context.request_context(request):
        form = ResetPasswordForm(data={"email": email})
        if form.is_valid():
            form.save(request)


class PortalSiteRequest(HttpRequest):
    """A stand-in for a request to the portal's public address, for allauth's emails
    (which build their links and site name from the current request)."""

    def __init__(self, site_url: str) -> None:
        super().__init__()
        parts = urlsplit(site_url)
        self._site_scheme = parts.scheme or "http"
        self.META["HTTP_HOST"] = parts.netloc
        self.META["SERVER_NAME"] = parts.hostname or ""
        self.META["SERVER_PORT"] = str(parts.port or (443 if parts.scheme == "https" else 80))
        self.path = self.path_info = "/"
        self.user = AnonymousUser()

    def _get_scheme(self) -> str:
        return self._site_scheme


def deactivate_membership(request: HttpRequest, membership: Membership) -> None:
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
    supervised = set(supervised_authorities(actor).values_list("pk", flat=True))
    theirs = set(
        Membership.objects.filter(user=user, is_active=True).values_list("authority_id", flat=True)
    )
    if not actor.is_superuser and (theirs - supervised or not theirs & supervised):
        raise UserManagementError(
            f"{user.email} also works for a TRA you do not supervise; ask a superuser."
        )
    return list(TrafficAuthority.objects.filter(pk__in=theirs & supervised))


def deactivate_user(request: HttpRequest, user: Any) -> None:
    authorities = _check_may_manage(request, user)
    if not user.is_active:
        return
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        for authority in authorities or [None]:
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
        for authority in authorities or [None]:
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
