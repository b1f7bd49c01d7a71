"""Traffic Regulation Authorities and who works for them.

Every object an officer can see belongs to a TRA. Query through `for_user` (or
`dtro_app.scoping.get_for_user_or_404`) so that a user only ever reaches rows of the
TRAs they are a member of.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from frontend.logos import logo_upload_to, validate_logo

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Role(models.TextChoices):
    OFFICER = "officer", "Officer"
    SUPERVISOR = "supervisor", "Supervisor"


class TrafficAuthorityQuerySet(models.QuerySet["TrafficAuthority"]):
    def for_user(
        self, user: AbstractBaseUser | AnonymousUser, role: Role | None = None
    ) -> TrafficAuthorityQuerySet:
        if not user.is_authenticated:
            return self.none()
        memberships = Membership.objects.filter(user_id=user.pk, is_active=True)
        if role is not None:
            memberships = memberships.filter(role=role)
        return self.filter(pk__in=memberships.values("authority_id"))

    def supervised_by(self, user: Any) -> TrafficAuthorityQuerySet:
        """The TRAs a user oversees: every TRA for a superuser, else those where they hold an
        active supervisor membership. The one answer to "is this a supervisor, and of what?"."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.for_user(user, role=Role.SUPERVISOR)


class TrafficAuthority(models.Model):
    """A TRA, identified across DfT services by its numeric code (the SWA-like code)."""

    code = models.PositiveIntegerField(
        unique=True,
        validators=[MinValueValidator(1), MaxValueValidator(99_999_999)],
        help_text="The TRA code the D-TRO service knows this authority by.",
    )
    name = models.CharField(max_length=200)
    allow_self_approval_of_temporary_orders = models.BooleanField(
        default=False,
        help_text="Let an officer approve their own temporary orders (every use is audited).",
    )
    logo = models.FileField(
        upload_to=logo_upload_to,
        blank=True,
        validators=[validate_logo],
        help_text="Optional. A PNG or JPEG smaller than 200 KB, shown in the header of the "
        "portal to this TRA's users.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrafficAuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "traffic regulation authority"
        verbose_name_plural = "traffic regulation authorities"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Membership(models.Model):
    """A user's role in one TRA. A user may belong to several TRAs."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    authority = models.ForeignKey(
        TrafficAuthority, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.OFFICER)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the user joined this TRA (for an invited existing user: when they accepted).
    # Supervisors see the user's sign-ins from then on, not their history elsewhere.
    joined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "authority"], name="one_membership_per_tra")
        ]
        ordering = ["authority__name"]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} of {self.authority}"


class TraScopedQuerySet(models.QuerySet):
    """Base queryset for models with an `authority` foreign key.

    `for_user` is the easy path to the rule "users only reach their own TRAs' rows".
    """

    def for_user(self, user: AbstractBaseUser | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        authorities = TrafficAuthority.objects.for_user(user)
        return self.filter(authority__in=authorities)


def is_supervisor(user: Any) -> bool:
    """Whether the user oversees any TRA (superusers oversee them all)."""
    return TrafficAuthority.objects.supervised_by(user).exists()


class Invitation(models.Model):
    """An invitation to join a TRA, sent to someone who already has an account elsewhere.

    Their membership stays inactive (and grants nothing) until they follow the emailed link
    while signed in as that user and accept. Only a hash of the link's token is stored.
    """

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation to {self.membership.authority} ({self.created_at:%Y-%m-%d})"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.withdrawn_at is None


class ApprovalPolicyChange(models.Model):
    """A supervisor's proposal to let officers approve their own temporary orders.

    Turning self-approval on takes two people: one supervisor proposes, a different
    supervisor of the same TRA confirms. Both steps are audited.
    """

    authority = models.ForeignKey(
        TrafficAuthority, on_delete=models.CASCADE, related_name="approval_policy_changes"
    )
    allow_self_approval_of_temporary_orders = models.BooleanField(default=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = "approval policy change"

    def __str__(self) -> str:
        return f"Self-approval for {self.authority} proposed {self.proposed_at:%Y-%m-%d %H:%M}"

    @property
    def is_pending(self) -> bool:
        return self.confirmed_at is None and self.withdrawn_at is None
