"""The sign-in lockout rules. State lives in the database so that every web process agrees.

Password step (settings PORTAL_LOCKOUT_* and PORTAL_ACCOUNT_LOCKOUT_*):

- fast rule, per account *and* client address: 5 failures within 5 minutes lock that account
  from that address for 5 minutes. Someone guessing from elsewhere never locks the owner out.
- slow rule, per account from any address: 20 failures within an hour lock the account for
  15 minutes, except from addresses where its right password was given in the last 30 days.
  This bounds guessing from many addresses; the owner at a usual address is not stopped by it.

Authenticator-code step (settings PORTAL_MFA_LOCKOUT_*), per user from any address: 5 wrong
codes within 15 minutes lock the second step for 15 minutes. Only someone who already has the
password reaches this step, so locking it for everyone is safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from accounts.models import AccountLock, LoginAttempt, Scope, Stage


@dataclass(frozen=True)
class Rule:
    failures: int
    window_seconds: int
    lock_seconds: int
    # Count failures again from zero once a lock has been placed (else only the window counts).
    reset_on_lock: bool


def address_rule() -> Rule:
    return Rule(
        settings.PORTAL_LOCKOUT_FAILURES,
        settings.PORTAL_LOCKOUT_WINDOW_SECONDS,
        settings.PORTAL_LOCKOUT_SECONDS,
        reset_on_lock=True,
    )


def account_rule() -> Rule:
    # No reset on lock: once the hour holds N failures, each further one locks again, so
    # guessing from many addresses stays at about N an hour.
    return Rule(
        settings.PORTAL_ACCOUNT_LOCKOUT_FAILURES,
        settings.PORTAL_ACCOUNT_LOCKOUT_WINDOW_SECONDS,
        settings.PORTAL_ACCOUNT_LOCKOUT_SECONDS,
        reset_on_lock=False,
    )


def mfa_rule() -> Rule:
    return Rule(
        settings.PORTAL_MFA_LOCKOUT_FAILURES,
        settings.PORTAL_MFA_LOCKOUT_WINDOW_SECONDS,
        settings.PORTAL_MFA_LOCKOUT_SECONDS,
        reset_on_lock=True,
    )


def normalise(email: str) -> str:
    return (email or "").strip().lower()


def _active(
    email: str, stage: str, scope: str, ip: str | None, now: datetime
) -> AccountLock | None:
    locks = AccountLock.objects.filter(email=email, stage=stage, scope=scope, locked_until__gt=now)
    if scope == Scope.ADDRESS:
        locks = locks.filter(ip_address=ip)
    return locks.order_by("-locked_until").first()


def is_known_address(email: str, ip: str | None, now: datetime | None = None) -> bool:
    """Whether the account's right password was given from this address lately."""
    if ip is None:
        return False
    since = (now or timezone.now()) - timedelta(days=settings.PORTAL_LOCKOUT_KNOWN_ADDRESS_DAYS)
    return LoginAttempt.objects.filter(
        email=normalise(email),
        stage=Stage.PASSWORD,
        succeeded=True,
        ip_address=ip,
        created_at__gte=since,
    ).exists()


def password_lock(email: str, ip: str | None, now: datetime | None = None) -> AccountLock | None:
    """The lock that stops this account signing in from this address now, if any."""
    now = now or timezone.now()
    email = normalise(email)
    lock = _active(email, Stage.PASSWORD, Scope.ADDRESS, ip, now)
    if lock is None:
        lock = _active(email, Stage.PASSWORD, Scope.ACCOUNT, None, now)
        if lock is not None and is_known_address(email, ip, now):
            lock = None
    return lock


def mfa_lock(email: str, now: datetime | None = None) -> AccountLock | None:
    return _active(
        normalise(email), Stage.MFA, Scope.ACCOUNT, None, timezone.now() if now is None else now
    )


def _apply(
    rule: Rule, email: str, stage: str, scope: str, ip: str | None, now: datetime
) -> AccountLock | None:
    attempts = LoginAttempt.objects.filter(email=email, stage=stage)
    locks = AccountLock.objects.filter(email=email, stage=stage, scope=scope)
    if scope == Scope.ADDRESS:
        attempts = attempts.filter(ip_address=ip)
        locks = locks.filter(ip_address=ip)
    starts = [
        now - timedelta(seconds=rule.window_seconds),
        attempts.filter(succeeded=True).aggregate(at=Max("created_at"))["at"],
    ]
    if rule.reset_on_lock:
        starts.append(locks.aggregate(at=Max("created_at"))["at"])
    count_from = max(t for t in starts if t is not None)
    failures = attempts.filter(succeeded=False, created_at__gte=count_from).count()
    if failures < rule.failures:
        return None
    return AccountLock.objects.create(
        email=email,
        stage=stage,
        scope=scope,
        ip_address=ip if scope == Scope.ADDRESS else None,
        locked_until=now + timedelta(seconds=rule.lock_seconds),
    )


def record_attempt(
    email: str, *, succeeded: bool, ip_address: str | None, stage: str = Stage.PASSWORD
) -> AccountLock | None:
    """Record one attempt; return the lock it places on this address, if any."""
    email = normalise(email)
    LoginAttempt.objects.create(
        email=email, succeeded=succeeded, ip_address=ip_address, stage=stage
    )
    if succeeded:
        return None
    now = timezone.now()
    if stage == Stage.MFA:
        return _apply(mfa_rule(), email, stage, Scope.ACCOUNT, None, now)
    address_lock = _apply(address_rule(), email, stage, Scope.ADDRESS, ip_address, now)
    account_lock = _apply(account_rule(), email, stage, Scope.ACCOUNT, None, now)
    if address_lock is not None:
        return address_lock
    if account_lock is not None and not is_known_address(email, ip_address, now):
        return account_lock
    return None


def lock_message(lock: AccountLock) -> str:
    until = timezone.localtime(lock.locked_until)
    if lock.stage == Stage.MFA:
        rule = mfa_rule()
        return (
            f"Too many wrong codes: signing in to this account is locked for "
            f"{_minutes(rule.lock_seconds)} minutes because of {rule.failures} wrong "
            f"authenticator codes. Try again after {until:%H:%M}, or ask your supervisor to help."
        )
    if lock.scope == Scope.ACCOUNT:
        rule = account_rule()
        return (
            f"Signing in to this account is paused for {_minutes(rule.lock_seconds)} minutes "
            f"because of {rule.failures} failed sign-in attempts. Try again after {until:%H:%M} "
            "or from the network you usually sign in from, or ask your supervisor to help."
        )
    rule = address_rule()
    return (
        f"This account is locked for {_minutes(rule.lock_seconds)} minutes because of "
        f"{rule.failures} failed sign-in attempts from this address. "
        f"Try again after {until:%H:%M}, or ask your supervisor to help."
    )


def _minutes(seconds: int) -> int:
    return max(1, round(seconds / 60))
