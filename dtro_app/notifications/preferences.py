"""How each supervisor wants to hear of orders awaiting their approval.

The choice is stored by `accounts.EmailPreference` (accounts sits above this package, so it
imports these names; this package reaches the choice only through the user's relation
`RELATION`). A supervisor who never chose gets an email at once.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q, QuerySet


class ApprovalEmails(models.TextChoices):
    AT_ONCE = "at_once", "At once: an email for each order sent for approval"
    DAILY_DIGEST = "daily_digest", "Once a day: one email listing every order awaiting me"


# The related_name of accounts.EmailPreference.user.
RELATION = "email_preference"


def wanting(users: QuerySet[Any], choice: str) -> QuerySet[Any]:
    """The `users` who chose `choice` (no choice counts as at once)."""
    daily = Q(**{f"{RELATION}__approval_emails": ApprovalEmails.DAILY_DIGEST})
    return users.filter(daily) if choice == ApprovalEmails.DAILY_DIGEST else users.exclude(daily)
