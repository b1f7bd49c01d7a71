"""The guided form's Django forms, and where each validation problem belongs among their fields
(`field_for_pointer`), so problems the validator finds land on the field the officer must
change."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.utils import ErrorDict, ErrorList

from dtro_app.drafting.guided.builder import (
    BOTH_WAYS,
    DIRECTED,
    GuidedOrder,
    GuidedProvision,
    coordinates_to_wkt,
    geometry_kind,
    normalise_wkt,
)
from dtro_validation import get_registry
from dtro_validation.registry import version_key
from frontend.dates import GovukDateField

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
_PAIR = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[, ]\s*(-?\d+(?:\.\d+)?)\s*$")


def version_choices(*, guided_only: bool = False) -> list[tuple[str, str]]:
    registry = get_registry()
    newest = registry.newest_active()
    versions = sorted(
        (v for v in registry.versions() if v.is_active), key=lambda v: v.key, reverse=True
    )
    if guided_only:
        versions = [v for v in versions if v.key >= OLDEST_GUIDED_VERSION]
    return [
        (
            v.version,
            f"{v.version} (newest)" if newest and v.version == newest.version else v.version,
        )
        for v in versions
    ]


def default_version() -> str:
    newest = get_registry().newest_active()
    return newest.version if newest else ""


def _enum(name: str) -> tuple[str, ...]:
    newest = get_registry().newest_active()
    return newest.enum_values(name) if newest else ()


def _choices(name: str, *, blank: str | None = None) -> list[tuple[str, str]]:
    values = [(value, value) for value in _enum(name)]
    return [("", blank), *values] if blank is not None else values


class QuietUntilSaved(forms.Form):
    """A bound form that can be shown again without error messages (after "add another")."""

    quiet = False

    def without_errors(self) -> None:
        self.quiet = True

    @property
    def errors(self) -> ErrorDict:
        return ErrorDict() if self.quiet else super().errors

    def clean(self) -> dict[str, Any]:
        # Django's Form.clean gives back cleaned_data; its stub allows None.
        super().clean()
        return self.cleaned_data

    def choice_field(self, name: str) -> forms.ChoiceField:
        """The named field, whose choices are filled in when the form is made."""
        field = self.fields[name]
        if not isinstance(field, forms.ChoiceField):
            raise TypeError(f"{name} is not a choice field")
        return field


class AuthorityChoiceMixin(QuietUntilSaved):
    """The TRA field: hidden when the officer belongs to one TRA only."""

    authority = forms.TypedChoiceField(label="Traffic regulation authority", coerce=int)

    def __init__(self, *args: Any, authorities: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        authorities = list(authorities)
        self.choice_field("authority").choices = [
            (a.code, f"{a.name} ({a.code})") for a in authorities
        ]
        if len(authorities) == 1:
            self.fields["authority"].widget = forms.HiddenInput()
            self.fields["authority"].initial = authorities[0].code


class StartForm(AuthorityChoiceMixin):
    """How the officer will make the D-TRO, and for which data-spec version."""

    method = forms.ChoiceField(
        label="How do you want to create the D-TRO?",
        widget=forms.RadioSelect,
        choices=[
            ("form", "Answer questions (guided form, for common permanent and temporary orders)"),
            ("json", "Write or paste JSON in the editor"),
            ("upload", "Upload a .json or .json.gz file"),
        ],
        initial="form",
    )
    schema_version = forms.ChoiceField(
        label="Data specification version",
        help_text="Use the newest unless your software produces an older one. The guided form "
        "supports 3.5.1 and later.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("schema_version").choices = version_choices()
        self.fields["schema_version"].initial = default_version()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        version = cleaned.get("schema_version")
        if (
            cleaned.get("method") == "form"
            and version
            and version_key(version) < OLDEST_GUIDED_VERSION
        ):
            self.add_error(
                "schema_version",
                "The guided form supports version 3.5.1 and later. Choose a newer version or "
                "use the JSON editor.",
            )
        return cleaned


class OrderForm(AuthorityChoiceMixin):
    schema_version = forms.ChoiceField(label="Data specification version")
    order_type = forms.ChoiceField(
        label="Type of order",
        widget=forms.RadioSelect,
        choices=[
            ("permanent", "Permanent order (notice of making)"),
            ("temporary", "Temporary order (notice of intention)"),
        ],
    )
    troName = forms.CharField(label="Order name", max_length=500)
    statementDescription = forms.CharField(
        label="Statement of what the order does",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    section = forms.CharField(
        label="Section of the order", required=False, help_text="Leave blank for all sections."
    )
    madeDate = GovukDateField(
        error_messages={
            "required": "Enter the date the order is made",
            "incomplete": "The date the order is made must include a {missing}",
            "invalid": "The date the order is made must be a real date",
            "year": "The year the order is made must include 4 numbers",
        },
        label="Date the order is made",
        help_text="For example, 27 1 2025",
    )
    comingIntoForceDate = GovukDateField(
        error_messages={
            "required": "Enter the date the order comes into force",
            "incomplete": "The date the order comes into force must include a {missing}",
            "invalid": "The date the order comes into force must be a real date",
            "year": "The year the order comes into force must include 4 numbers",
        },
        label="Date the order comes into force",
        help_text="For example, 3 2 2025",
    )
    reference = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("schema_version").choices = version_choices(guided_only=True)
        self.fields["schema_version"].initial = default_version()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        made, in_force = cleaned.get("madeDate"), cleaned.get("comingIntoForceDate")
        if made and in_force and in_force < made:
            self.add_error(
                "comingIntoForceDate", "The order cannot come into force before it is made."
            )
        return cleaned


class ProvisionForm(QuietUntilSaved):
    reference = forms.CharField(required=False, widget=forms.HiddenInput)
    provisionDescription = forms.CharField(label="What this provision does", max_length=1000)
    regulationType = forms.ChoiceField(label="Regulation type")
    description = forms.CharField(label="Where it applies", help_text="For example, High Street")
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
        label="Street name in the gazetteer (optional)", required=False, max_length=200
    )
    # When the street reference was last checked: kept from the saved order, so that saving
    # again does not make a change of its own; blank (now) when a street is picked afresh.
    street_checked = forms.CharField(required=False, widget=forms.HiddenInput)
    bywayType = forms.ChoiceField(label="Kind of way", initial="road")
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
        label="Only for this type of vehicle (optional)", required=False
    )
    grossVehicleWeight = forms.DecimalField(
        label="Maximum gross weight in tonnes (optional)",
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=1,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choice_field("regulationType").choices = _choices(
            "regulationType", blank="Choose a regulation type"
        )
        self.choice_field("vehicleType").choices = _choices("vehicleType", blank="Any vehicle")
        self.choice_field("bywayType").choices = _choices("bywayType")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kind = cleaned.get("geometry_input") or "wkt"
        text = (cleaned.get("geometry") or "").strip()
        if not text:
            self.add_error("geometry", "Enter the location")
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
                    f"Line {number} is not an easting and northing (for example 320620, 124993).",
                )
                return cleaned
            pairs.append((float(match.group(1)), float(match.group(2))))
        needed = {"point": 1, "line": 2, "polygon": 3}[kind]
        if len(pairs) < needed or (kind == "point" and len(pairs) > 1):
            self.add_error(
                "geometry",
                "Enter one easting and northing for a point"
                if kind == "point"
                else f"Enter at least {needed} easting and northing pairs",
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
        data = self.cleaned_data
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


def to_order(order_form: OrderForm, formset: BaseProvisionFormSet) -> GuidedOrder:
    data = order_form.cleaned_data
    provisions = [
        form.to_provision()
        for form in formset.forms
        if form.cleaned_data and not formset._should_delete_form(form)
    ]
    return GuidedOrder(
        order_type=data["order_type"],
        tro_name=data["troName"],
        statement_description=data["statementDescription"],
        section=data.get("section") or "",
        made_date=data["madeDate"],
        coming_into_force_date=data["comingIntoForceDate"],
        provisions=provisions,
        reference=data.get("reference") or "",
    )


def initial_from_prefill(
    order: dict[str, Any], provisions: list[dict[str, Any]]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Form initials from `prefill_from_document`'s answers."""
    provision_initial = []
    for p in provisions:
        p = dict(p)
        p["geometry_input"] = "wkt"
        for key in ("start", "end"):
            if p.get(key):
                p[key] = p[key].strftime("%d/%m/%Y %H:%M")
        provision_initial.append(p)
    order = dict(order)
    for key in ("madeDate", "comingIntoForceDate"):
        if order.get(key):
            order[key] = order[key].strftime("%d/%m/%Y")
    return order, provision_initial
