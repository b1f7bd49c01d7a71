"""What the guided form's forms share: the data-spec versions it offers, forms that stay quiet
until saved and know which problems a draft may keep, and the TRA field."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.forms.utils import ErrorDict

from dtro_validation import config as validation_config
from dtro_validation import get_registry
from dtro_validation.registry import CANDIDATE_LABEL, SchemaVersion

#: The oldest data-spec version whose shape the builder produces.
OLDEST_GUIDED_VERSION = (3, 5, 1)
# Typed dates, not native pickers: GOV.UK advice, and they behave the same in every browser.
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"]
DATETIME_FORMATS = [
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y",
]


def version_choices(*, guided_only: bool = False) -> list[tuple[str, str]]:
    registry = get_registry()
    newest = registry.newest_active()
    allow_candidates = validation_config.current().allow_candidate_schemas
    versions = sorted(
        (v for v in registry.versions(include_candidates=allow_candidates) if v.is_active),
        key=lambda v: v.key,
        reverse=True,
    )
    if guided_only:
        versions = [v for v in versions if v.key >= OLDEST_GUIDED_VERSION and not v.is_candidate]
    return [(v.version, _version_label(v, newest)) for v in versions]


def _version_label(version: SchemaVersion, newest: SchemaVersion | None) -> str:
    if version.is_candidate:
        return f"{version.version}: {CANDIDATE_LABEL}"
    if newest and version.version == newest.version:
        return f"{version.version} (newest)"
    return version.version


def default_version() -> str:
    newest = get_registry().newest_active()
    return newest.version if newest else ""


class QuietUntilSaved(forms.Form):
    """A bound form that can be shown again without error messages (after "add another"),
    and that knows which of its problems a draft may still be saved with."""

    quiet = False
    #: Field -> error codes a draft may be saved with: the document can still be built, and
    #: the problem shows again (from this form or the validator) when the draft is opened.
    saveable_problems: ClassVar[dict[str, frozenset[str]]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Answers that failed a check of this form but can still go into the document.
        self.kept: dict[str, Any] = {}

    def without_errors(self) -> None:
        self.quiet = True

    @property
    def errors(self) -> ErrorDict:
        return ErrorDict() if self.quiet else super().errors

    def clean(self) -> dict[str, Any]:
        # Django's Form.clean gives back cleaned_data; its stub allows None.
        super().clean()
        return self.cleaned_data

    def can_be_saved(self) -> bool:
        """Whether every problem (if any) is one a draft may be saved with."""
        return all(
            error.code in self.saveable_problems.get(name, frozenset())
            for name, errors in self.errors.as_data().items()
            for error in errors
        )

    def answers(self) -> dict[str, Any]:
        """The cleaned answers, with those behind saveable problems put back as given."""
        answers = dict(self.cleaned_data)
        for name in self.errors:
            if name in self.saveable_problems and name not in answers:
                raw = self[name].data
                answers[name] = raw.strip() if isinstance(raw, str) else (raw or "")
        answers.update(self.kept)
        return answers

    def choice_field(self, name: str) -> forms.ChoiceField:
        """The named field, whose choices are filled in when the form is made."""
        field = self.fields[name]
        if not isinstance(field, forms.ChoiceField):
            raise TypeError(f"{name} is not a choice field")
        return field


class AuthorityChoiceMixin(QuietUntilSaved):
    """The TRA field: hidden when the officer belongs to one TRA only."""

    authority = forms.TypedChoiceField(
        label="Traffic regulation authority",
        coerce=int,
        error_messages={
            "required": "Select the traffic regulation authority",
            "invalid_choice": "Select one of your traffic regulation authorities",
        },
    )

    def __init__(self, *args: Any, authorities: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: The officer's TRAs, as offered.
        self.authorities = list(authorities)
        self.choice_field("authority").choices = [
            (a.code, f"{a.name} ({a.code})") for a in self.authorities
        ]
        if len(self.authorities) == 1:
            self.fields["authority"].widget = forms.HiddenInput()
            self.fields["authority"].initial = self.authorities[0].code
