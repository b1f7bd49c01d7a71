"""Admin form pieces shared by the apps that keep a secret for an outside service.

A stored secret (the D-TRO client secret, the Street Manager password) is write-only in
the admin: it is never rendered back to the browser, and leaving the field blank keeps
the one already stored.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models


def write_only_secret_field(noun: str) -> forms.CharField:
    """A password box that never shows the stored value; blank means "keep it"."""
    return forms.CharField(
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text=(
            f"Leave blank to keep the current {noun}. It is stored encrypted and never shown."
        ),
    )


class WriteOnlySecretForm(forms.ModelForm):
    """A model form with one write-only secret field.

    Declare the field with `write_only_secret_field(...)`, named as in `write_only_field`.
    The model keeps the secret encrypted behind `set_<write_only_field>(value)` and
    `has_<write_only_field>` (as `ApiCredential.set_secret` / `has_secret` and
    `StreetManagerAccount.set_password` / `has_password` do).
    """

    # The form (and model) field that holds the secret.
    write_only_field: str = "secret"
    # Shown when nothing is stored yet and the field was left blank.
    missing_value_message: str = "Enter the secret"
    # Fields that say where or as whom the secret is used: changing one needs the secret
    # again, so that nobody can send the stored secret somewhere else without knowing it.
    fields_needing_secret: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        stored = getattr(self.instance, f"has_{self.write_only_field}")
        new_secret = cleaned.get(self.write_only_field)
        if not stored and not new_secret:
            self.add_error(self.write_only_field, self.missing_value_message)
        elif stored and not new_secret and self.instance.pk is not None:
            changed = [name for name in self.fields_needing_secret if name in self.changed_data]
            if changed:
                labels = " and ".join(str(self.fields[name].label) for name in changed)
                self.add_error(
                    self.write_only_field,
                    f"You changed the {labels.lower()}: enter the {self.secret_noun} again.",
                )
        return cleaned

    @property
    def secret_noun(self) -> str:
        return str(self.fields[self.write_only_field].label or "secret").lower()

    def save(self, commit: bool = True) -> models.Model:
        instance = super().save(commit=False)
        new_secret = self.cleaned_data.get(self.write_only_field)
        if new_secret:
            getattr(instance, f"set_{self.write_only_field}")(new_secret)
        if commit:
            instance.save()
            self.save_m2m()
        return instance

    @property
    def secret_changed(self) -> bool:
        """Whether this submission sets a new secret (for audit records; never the value)."""
        return bool(self.cleaned_data.get(self.write_only_field))
