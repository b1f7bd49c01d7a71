"""The sign-in lockout rule: N failures within a window lock the account for a while.

Defaults: 5 failures within 5 minutes lock the account for 5 minutes (settings
PORTAL_LOCKOUT_*). State lives in the database so that every web process agrees.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from accounts.models import AccountLock, LoginAttempt


def _normalise(email: str) -> str:
    return (email or "").strip().lower()


def active_lock(email: str, now: datetime | None = None) -> AccountLock | None:
    now = now or timezone.now()
    return (
        AccountLock.objects.filter(email=_normalise(email), locked_until__gt=now)
        .order_by("-locked_until")
        .first()
    )


def record_attempt(email: str, *, succeeded: bool, ip_address: str | None) -> AccountLock | None:
    """Record one attempt; return the lock it triggers, if any."""
    email = _normalise(email)
    LoginAttempt.objects.create(email=email, succeeded=succeeded, ip_address=ip_address)
    if succeeded:
        return None
    now = timezone.now()
    # Failures count from the latest success or lock, whichever is newer, within the window.
    window_start = now - timedelta(seconds=settings.PORTAL_LOCKOUT_WINDOW_SECONDS)
    last_success = LoginAttempt.objects.filter(email=email, succeeded=True).aggregate(
        at=Max("created_at")
    )["at"]
    last_lock = AccountLock.objects.filter(email=email).aggregate(at=Max("created_at"))["at"]
    count_from = max(t for t in (window_start, last_success, last_lock) if t is not None)
    failures = LoginAttempt.objects.filter(
        email=email, succeeded=False, created_at__gte=count_from
    ).count()
    if failures >= settings.PORTAL_LOCKOUT_FAILURES:
        return AccountLock.objects.create(
            email=email,
            locked_until=now + timedelta(seconds=settings.PORTAL_LOCKOUT_SECONDS),
        )
    return None


def lock_message(lock: AccountLock) -> str:
    until = timezone.localtime(lock.locked_until)
    minutes = max(1, round(settings.PORTAL_LOCKOUT_SECONDS / 60))
    return (
        f"This account is locked for {minutes} minutes because of "
        f"{settings.PORTAL_LOCKOUT_FAILURES} failed sign-in attempts. "
        f"Try again after {until:%H:%M}, or ask your supervisor to help."
    )
