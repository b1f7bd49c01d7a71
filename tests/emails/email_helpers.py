"""Reading the emails the tests catch (Django's locmem backend): both parts, by recipient."""

from __future__ import annotations

from typing import Any


def choose(user: Any, choice: str) -> None:
    """Save `user`'s choice of approval emails, as their settings page does."""
    from accounts.models import EmailPreference

    EmailPreference.objects.update_or_create(user=user, defaults={"approval_emails": choice})


def html_of(email: Any) -> str:
    [(html, kind)] = email.alternatives
    assert kind == "text/html"
    return str(html)


def sent_to(outbox: list[Any], address: str) -> list[Any]:
    return [email for email in outbox if email.to == [address]]
