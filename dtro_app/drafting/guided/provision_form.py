"""A provision of the guided form, and the formset of them."""

from __future__ import annotations

import re
from typing import Any, ClassVar, cast

from django import forms
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.utils import ErrorList

from dtro_app.drafting.guided.builder import (
    BOTH_WAYS,
    DIRECTED,
    GuidedProvision,
    coordinates_to_wkt,
    geometry_kind,
    normalise_wkt,
)
from dtro_app.drafting.guided.form_base import DATETIME_FORMATS, QuietUntilSaved
from dtro_app.labels import choices, grouped_choices

_PAIR = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[, ]\s*(-?\d+(?:\.\d+)?)\s*$")


class ProvisionForm(QuietUntilSaved):
    # Missing words and codes the version does not list still make a document (the schema
    # says what is wrong); missing dates, places and regulation types do not.
    saveable_problems: ClassVar[dict[str, frozenset[str]]] = {
        "provisionDescription": frozenset({"required", "max_length"}),
        "description": frozenset({"required", "max_length"}),
        "streetName": frozenset({"max_length"}),
        "regulationType": frozenset({"invalid_choice"}),
        "vehicleType": frozenset({"invalid_choice"}),
        "bywayType": frozenset({"invalid_choice"}),
    }

    reference = forms.CharField(required=False, widget=forms.HiddenInput)
    provisionDescription = forms.CharField(
        label="What this provision does",
        max_length=1000,
        error_messages={
            "required": "Enter what this provision does",
            "max_length": "What this provision does must be %(limit_value)d characters or fewer",
        },
    )
    regulationType = forms.ChoiceField(
        label="Regulation type",
        widget=forms.Select(attrs={"data-choice-filter": "regulation types"}),
        error_messages={
            "required": "Select a regulation type",
            "invalid_choice": "Select a regulation type from the list: %(value)s is not one "
            "this data specification version has",
        },
    )
    description = forms.CharField(
        label="Where it applies",
        max_length=1000,
        help_text="For example, High Street",
        error_messages={
            "required": "Enter where this provision applies",
            "max_length": "Where it applies must be %(limit_value)d characters or fewer",
        },
    )
    geometry_input = forms.ChoiceField(
        label="How will you give the location?",
        widget=forms.RadioSelect,
        choices=[
            ("wkt", "WKT in British National Grid (EPSG:27700)"),
            ("line", "Eastings and northings of a line"),
            ("point", "Easting and northing of a point"),
            ("polygon", "Eastings and northings of an area"),
        ],
        initial="wkt",
        error_messages={
            "required": "Select how you will give the location",
            "invalid_choice": "Select how you will give the location",
        },
    )
    geometry = forms.CharField(
        label="Location",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text="WKT such as LINESTRING(320620 124993, 320625 125007), or one "
        "easting,northing pair per line. Drawing on the map fills this in.",
    )
    direction = forms.ChoiceField(
        label="Which way does it apply? (lines only)",
        widget=forms.RadioSelect,
        choices=[
            (BOTH_WAYS, "In both directions"),
            (DIRECTED, "Only in the direction drawn, from its first point to its last"),
        ],
        initial=BOTH_WAYS,
        required=False,
        error_messages={"invalid_choice": "Select which way the provision applies"},
    )
    usrn = forms.IntegerField(
        label="USRN of the street (optional)",
        help_text="The Unique Street Reference Number. Drawing on the map proposes the street "
        "under the drawing.",
        required=False,
        min_value=0,
        max_value=99_999_999,
        error_messages={
            "invalid": "The USRN must be a whole number, such as 38100123",
            "min_value": "The USRN must be a whole number, such as 38100123",
            "max_value": "The USRN must have no more than 8 digits",
        },
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input--width-10", "spellcheck": "false"}
        ),
    )
    streetName = forms.CharField(
        label="Street name in the gazetteer (optional)",
        required=False,
        max_length=200,
        error_messages={
            "max_length": "The street name must be %(limit_value)d characters or fewer"
        },
    )
    # When the street reference was last checked: kept from the saved order, so that saving
    # again does not make a change of its own; blank (now) when a street is picked afresh.
    street_checked = forms.CharField(required=False, widget=forms.HiddenInput)
    bywayType = forms.ChoiceField(
        label="Kind of way",
        initial="road",
        error_messages={
            "required": "Select the kind of way",
            "invalid_choice": "Select the kind of way from the list",
        },
    )
    busRoute = forms.BooleanField(label="This road is on a bus route", required=False)
    start = forms.DateTimeField(
        error_messages={
            "required": "Enter the date and time the provision applies from",
            "invalid": "Enter the date and time as day/month/year hours:minutes, "
            "for example 03/02/2025 08:00",
        },
        label="Applies from",
        help_text="Date and 24-hour time, for example 03/02/2025 08:00",
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(
            format="%d/%m/%Y %H:%M", attrs={"class": "govuk-input--width-20"}
        ),
    )
    end = forms.DateTimeField(
        error_messages={
            "invalid": "Enter the date and time as day/month/year hours:minutes, "
            "for example 30/05/2025 18:00",
        },
        label="Applies until (optional)",
        help_text="For example, 30/05/2025 18:00",
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(
            format="%d/%m/%Y %H:%M", attrs={"class": "govuk-input--width-20"}
        ),
    )
    vehicleType = forms.ChoiceField(
        label="Only for this type of vehicle (optional)",
        required=False,
        error_messages={"invalid_choice": "Select the type of vehicle from the list"},
    )
    grossVehicleWeight = forms.DecimalField(
        label="Maximum gross weight in tonnes (optional)",
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=1,
        error_messages={
            "invalid": "The maximum gross weight must be a number of tonnes, such as 7.5",
            "min_value": "The maximum gross weight must be 0 tonnes or more",
            "max_digits": "The maximum gross weight must be 99999.9 tonnes or less",
            "max_whole_digits": "The maximum gross weight must be 99999.9 tonnes or less",
            "max_decimal_places": "Give the maximum gross weight to one decimal place, such as 7.5",
        },
    )

    def __init__(self, *args: Any, version: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The codes (and their labels) of the order's data-spec version; newest when unknown.
        self.choice_field("regulationType").choices = grouped_choices(
            "regulationType", version, blank="Choose a regulation type"
        )
        self.choice_field("vehicleType").choices = choices(
            "vehicleType", version, blank="Not limited to one type of vehicle"
        )
        self.choice_field("bywayType").choices = choices("bywayType", version)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kind = cleaned.get("geometry_input") or "wkt"
        text = (cleaned.get("geometry") or "").strip()
        if not text:
            self.add_error("geometry", "Enter the location, or draw it on the map")
            return cleaned
        if kind == "wkt":
            cleaned["wkt"] = normalise_wkt(text)
            self._check_direction(cleaned)
            return cleaned
        pairs = []
        for number, line in enumerate(text.replace(";", "\n").splitlines(), start=1):
            if not line.strip():
                continue
            match = _PAIR.match(line)
            if not match:
                self.add_error(
                    "geometry",
                    f"Line {number} of the location is not an easting and northing "
                    "(for example 320620, 124993)",
                )
                return cleaned
            pairs.append((float(match.group(1)), float(match.group(2))))
        needed = {"point": 1, "line": 2, "polygon": 3}[kind]
        if len(pairs) < needed or (kind == "point" and len(pairs) > 1):
            self.add_error(
                "geometry",
                "Enter one easting and northing for the location of a point"
                if kind == "point"
                else f"Enter at least {needed} easting and northing pairs for the location",
            )
            return cleaned
        cleaned["wkt"] = coordinates_to_wkt({"line": "linestring"}.get(kind, kind), pairs)
        self._check_direction(cleaned)
        return cleaned

    def _check_direction(self, cleaned: dict[str, Any]) -> None:
        if cleaned.get("direction") == DIRECTED and geometry_kind(cleaned["wkt"]) != "linestring":
            self.add_error(
                "direction",
                "Only a line has a direction: choose 'In both directions', or give a line",
            )

    def to_provision(self) -> GuidedProvision:
        data = self.answers()
        weight = data.get("grossVehicleWeight")
        return GuidedProvision(
            provision_description=data["provisionDescription"],
            regulation_type=data["regulationType"],
            place_description=data["description"],
            wkt=data["wkt"],
            start=data["start"].replace(tzinfo=None),
            end=data["end"].replace(tzinfo=None) if data.get("end") else None,
            vehicle_type=data.get("vehicleType") or "",
            max_weight=float(weight) if weight is not None else None,
            bus_route=bool(data.get("busRoute")),
            byway_type=data.get("bywayType") or "road",
            reference=data.get("reference") or "",
            direction=data.get("direction") or BOTH_WAYS,
            usrn=data.get("usrn"),
            street_name=data.get("streetName") or "",
            street_checked=data.get("street_checked") or "",
        )


class BaseProvisionFormSet(forms.BaseFormSet):
    quiet = False

    def without_errors(self) -> None:
        self.quiet = True
        for form in self.forms:
            form.without_errors()

    def non_form_errors(self) -> ErrorList:
        return self.error_class() if self.quiet else super().non_form_errors()

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this provision when I save"

    def _should_delete_form(self, form: forms.Form) -> bool:
        # Django's own check, typed here: the stubs leave this method out.
        return bool(form.cleaned_data.get(DELETION_FIELD_NAME, False))

    def clean(self) -> None:
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]
        if not kept:
            raise forms.ValidationError("Add at least one provision.")


# The factory makes a subclass of the formset it is given.
ProvisionFormSet = cast(
    type[BaseProvisionFormSet],
    forms.formset_factory(
        ProvisionForm, formset=BaseProvisionFormSet, extra=0, min_num=1, can_delete=True
    ),
)


def kept_forms(formset: BaseProvisionFormSet) -> list[ProvisionForm]:
    """The provision forms not marked for removal."""
    return [
        cast(ProvisionForm, form)
        for form in formset.forms
        if form.cleaned_data and not formset._should_delete_form(form)
    ]
