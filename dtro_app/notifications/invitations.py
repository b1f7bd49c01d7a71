"""The invitation to join a TRA: who invited you, to which TRA, as what, until when, what to
do, and what to do if you did not expect it.

Two kinds: someone new sets a password through the link (allauth's set-password page);
someone with an account accepts through the link while signed in.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse

from dtro_app.models import Role, TrafficAuthority
from dtro_app.notifications.sending import person, send, site_link, uk_time


def send_invitation(
    email: str,
    *,
    authority: TrafficAuthority,
    role: str,
    invited_by: Any,
    link: str,
    expires_at: datetime,
    new_account: bool,
) -> None:
    """Email one invitation; raises if the mail server refuses it."""
    send(
        "invitation",
        email,
        {
            "email": email,
            "role": Role(role).label.lower(),
            "is_supervisor": role == Role.SUPERVISOR,
            "invited_by": person(invited_by),
            "link": link,
            "expires_at": uk_time(expires_at),
            "new_account": new_account,
            "sign_in_link": site_link(reverse("account_login")),
            "reset_link": site_link(reverse("account_reset_password")),
        },
        authority=authority,
    )
