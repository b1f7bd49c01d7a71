"""Users and roles: inviting people, changing roles, and approval policy."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from dtro_app import audit
from dtro_app.admin.base import FieldGroups, TraScopedAdmin, non_secret_fields, supervised_ids
from dtro_app.membership import services as user_service
from dtro_app.models import (
    Invitation,
    Membership,
    Role,
    TrafficAuthority,
)

User = get_user_model()


class InviteForm(forms.Form):
    email = forms.EmailField(label="Email address")
    authority = forms.ModelChoiceField(
        label="Traffic regulation authority", queryset=TrafficAuthority.objects.none()
    )
    role = forms.ChoiceField(choices=Role.choices, initial=Role.OFFICER)

    def __init__(self, *args: Any, authorities: QuerySet[TrafficAuthority], **kwargs: Any):
        super().__init__(*args, **kwargs)
        authority = self.fields["authority"]
        assert isinstance(authority, forms.ModelChoiceField)  # declared so above
        authority.queryset = authorities
        if authorities.count() == 1:
            authority.initial = authorities.first()


# Invited: waiting for an invitee with an account to accept, or a new user who has not
# signed in yet. Both look the same, so the list says nothing about other TRAs' users.
_INVITED = Q(awaiting_acceptance=True) | Q(is_active=True, user__last_login__isnull=True)


class MembershipStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("invited", "Invited"), ("active", "Active"), ("deactivated", "Deactivated")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "invited":
            return queryset.filter(_INVITED)
        if self.value() == "active":
            return queryset.filter(is_active=True).exclude(_INVITED)
        if self.value() == "deactivated":
            return queryset.filter(is_active=False).exclude(_INVITED)
        return queryset


@admin.register(Membership)
class MembershipAdmin(TraScopedAdmin):
    allow_add = True
    allow_change = True
    list_display = ["user_email", "authority", "role", "status", "user_is_active", "has_mfa"]
    list_filter = ["role", MembershipStatusFilter, ("authority", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__email"]
    list_select_related = ["user", "authority"]
    fields = ["user_email", "authority", "role", "is_active"]
    readonly_fields = ["user_email", "authority", "status"]
    actions = ["deactivate_memberships", "deactivate_users", "reset_mfa"]

    @admin.display(description="User", ordering="user__email")
    def user_email(self, obj: Membership) -> str:
        return obj.user.email

    @staticmethod
    def _invited(obj: Membership) -> bool:
        if getattr(obj, "awaiting_acceptance", None) is None:
            obj.awaiting_acceptance = user_service.is_awaiting_acceptance(obj)  # type: ignore[attr-defined]
        return bool(
            obj.awaiting_acceptance  # type: ignore[attr-defined]
            or (obj.is_active and obj.user.last_login is None)
        )

    @admin.display(description="Status")
    def status(self, obj: Membership) -> str:
        if self._invited(obj):
            return "Invited"
        return "Active" if obj.is_active else "Deactivated"

    @admin.display(description="Can sign in", boolean=True)
    def user_is_active(self, obj: Membership) -> bool | None:
        # Nothing about an invitee's account is shown before they join.
        return None if self._invited(obj) else obj.user.is_active

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        from allauth.mfa.models import Authenticator

        mfa = Authenticator.objects.filter(user_id=OuterRef("user_id"))
        waiting = Invitation.objects.filter(
            membership_id=OuterRef("pk"), accepted_at__isnull=True, withdrawn_at__isnull=True
        )
        return (
            super()
            .get_queryset(request)
            .annotate(user_has_mfa=Exists(mfa), awaiting_acceptance=Exists(waiting))
        )

    @admin.display(description="MFA set up", boolean=True)
    def has_mfa(self, obj: Membership) -> bool | None:
        if self._invited(obj):
            return None
        return bool(getattr(obj, "user_has_mfa", False))

    def get_fields(self, request: HttpRequest, obj: Any = None) -> FieldGroups:
        if obj is not None and self._invited(obj):
            # Only the invitee's acceptance makes the membership active.
            return ["user_email", "authority", "role", "status"]
        return [*self.fields, "status"]

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        fields = ["role", "is_active"]
        before = non_secret_fields(Membership, obj.pk, fields)
        if change and user_service.is_awaiting_acceptance(obj):
            obj.is_active = False  # never activated on the invitee's behalf
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if obj.is_active:
                # Staff status only for members who are in: not for a pending invitee.
                user_service.give_supervisors_staff_status(obj.user, obj.role)
            audit.record(
                "membership.changed",
                actor=request.user,
                authority=obj.authority,
                target=obj,
                summary=f"{obj.user.email}'s membership of {obj.authority.name} changed",
                before=before,
                after=non_secret_fields(Membership, obj.pk, fields),
                ip_address=audit.client_ip(request),
            )

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "invite/",
                self.admin_site.admin_view(self.invite_view),
                name="dtro_app_membership_invite",
            ),
            *super().get_urls(),
        ]

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        # People join a TRA by invitation, which also emails them a set-password link.
        return HttpResponseRedirect(reverse("admin:dtro_app_membership_invite"))

    def invite_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        authorities = TrafficAuthority.objects.filter(pk__in=supervised_ids(request))
        form = InviteForm(request.POST or None, authorities=authorities)
        if request.method == "POST" and form.is_valid():
            try:
                membership = user_service.invite_user(
                    request,
                    email=form.cleaned_data["email"],
                    authority=form.cleaned_data["authority"],
                    role=form.cleaned_data["role"],
                )
            except user_service.UserManagementError as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(
                    request,
                    user_service.INVITED_MESSAGE.format(
                        email=form.cleaned_data["email"].strip().lower(),
                        authority=membership.authority.name,
                        role=membership.get_role_display().lower(),
                    ),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:dtro_app_membership_changelist"))
        return TemplateResponse(
            request,
            "admin/dtro_app/membership/invite.html",
            {
                **self.admin_site.each_context(request),
                "title": "Invite a user",
                "opts": self.model._meta,
                "form": form,
            },
        )

    def _each_user(self, request: HttpRequest, queryset: QuerySet[Membership], act: Any, done: str):
        count = 0
        for user in User.objects.filter(pk__in=queryset.values("user_id")):
            try:
                act(request, user)
                count += 1
            except user_service.UserManagementError as exc:
                self.message_user(request, str(exc), messages.ERROR)
        if count:
            self.message_user(request, done.format(count=count), messages.SUCCESS)

    @admin.action(description="Deactivate membership (remove access to this TRA)")
    def deactivate_memberships(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset.select_related("user", "authority"):
            user_service.deactivate_membership(request, membership)
        self.message_user(request, f"{queryset.count()} membership(s) deactivated.")

    @admin.action(description="Deactivate user (stop them signing in)")
    def deactivate_users(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        self._each_user(
            request, queryset, user_service.deactivate_user, "{count} user(s) deactivated."
        )

    @admin.action(description="Reset MFA (they set it up again at next sign-in)")
    def reset_mfa(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        self._each_user(request, queryset, user_service.reset_mfa, "MFA reset for {count} user(s).")
