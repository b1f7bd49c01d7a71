from __future__ import annotations

from django import forms
from django.contrib import admin

from dtro_app.models import ApiCredential, Membership, TrafficAuthority


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(TrafficAuthority)
class TrafficAuthorityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "allow_self_approval_of_temporary_orders"]
    search_fields = ["code", "name"]
    inlines = [MembershipInline]


class ApiCredentialForm(forms.ModelForm):
    # Write-only: the stored secret is never sent back to the browser.
    secret = forms.CharField(
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text="Leave blank to keep the current secret. It is stored encrypted and never shown.",
    )

    class Meta:
        model = ApiCredential
        fields = [
            "authority",
            "environment",
            "base_url",
            "client_id",
            "secret",
            "is_active",
            "rate_limit_per_minute",
        ]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        if not self.instance.has_secret and not cleaned.get("secret"):
            self.add_error("secret", "Enter the client secret")
        return cleaned

    def save(self, commit: bool = True) -> ApiCredential:
        credential = super().save(commit=False)
        if self.cleaned_data.get("secret"):
            credential.set_secret(self.cleaned_data["secret"])
        if commit:
            credential.save()
        return credential


@admin.register(ApiCredential)
class ApiCredentialAdmin(admin.ModelAdmin):
    form = ApiCredentialForm
    list_display = ["authority", "environment", "base_url", "client_id", "is_active"]
    list_filter = ["environment", "is_active"]
