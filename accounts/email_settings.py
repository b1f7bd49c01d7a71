"""A supervisor's choice of how they hear of orders awaiting their approval."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from accounts.models import EmailPreference
from dtro_app.models import Role, TrafficAuthority
from dtro_app.notifications.preferences import ApprovalEmails

# For the confirmation: "Emails about orders awaiting your approval: at once."
IN_SHORT = {ApprovalEmails.AT_ONCE: "at once", ApprovalEmails.DAILY_DIGEST: "once a day"}


class ApprovalEmailsForm(forms.ModelForm):
    class Meta:
        model = EmailPreference
        fields = ["approval_emails"]
        widgets = {"approval_emails": forms.RadioSelect}
        help_texts = {
            "approval_emails": "Either way, you are never emailed about orders you drafted "
            "or sent for approval yourself."
        }


def receives_approval_emails(user: Any) -> bool:
    """Whether `user` supervises a TRA as a member (only members are emailed)."""
    return TrafficAuthority.objects.for_user(user, role=Role.SUPERVISOR).exists()


def preference_of(user: Any) -> EmailPreference:
    """The user's saved preference, or the default (at once) unsaved."""
    return EmailPreference.objects.filter(user=user).first() or EmailPreference(user=user)


def digest_time() -> str:
    """When the daily digest arrives, in UK time (beat runs it at an hour in UTC)."""

    def clock(hour: int) -> str:
        return f"{hour % 12 or 12}{'am' if hour < 12 else 'pm'}"

    hour = settings.APPROVAL_DIGEST_HOUR_UTC
    return f"{clock(hour)} in winter, {clock((hour + 1) % 24)} in summer"
