"""Forms for the read-only service pages: every field of `POST /search` and `POST /events`.

The forms turn officers' answers into the service's request bodies (`search_body`,
`events_body`); the service's own limits (string lengths, page size 1-50) are checked here
first so an officer sees a plain-English message instead of the service's E5 body.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from django import forms
from django.utils import timezone

from dtro_app.labels import in_groups, label, ordered
from dtro_validation import get_registry
from dtro_validation.geometry import SRID_PREFIX, check_wkt, kind_of, split_srid

OPERATORS = [("", "Any"), (">=", "on or after"), (">", "after"), ("=", "exactly"),
             ("<", "before"), ("<=", "on or before")]  # fmt: skip
EVENT_TYPES = [("", "Any"), ("create", "Created"), ("update", "Updated"), ("delete", "Deleted")]
PAGE_SIZES = [(10, "10"), (20, "20"), (50, "50")]
# The schema `$defs` that list the values the service indexes for search.
ENUM_DEFS = {
    "regulationType": "regulationType",
    "vehicleType": "vehicleType",
    "orderReportingPoint": "orderReportingPointType",
    "regulatedPlaceType": "regulatedPlaceType",
}
DATETIME_HINT = "A date and time in UK local time."
AREA_EXAMPLE = (
    "POLYGON((430000 360000, 431000 360000, 431000 361000, 430000 361000, 430000 360000))"
)


def _enum_choices(field: str) -> list[Any]:
    """Every value any known version allows, by its label; regulation types in their groups.
    Asked of the current registry each time, so refreshed schemas show up."""
    enum = ENUM_DEFS[field]
    pairs = [(v, label(v, enum)) for v in ordered(enum, get_registry().enum_values(enum))]
    return [("", "Any"), *(in_groups(pairs) if enum == "regulationType" else pairs)]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime):
            return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
        return super().format_value(value)


def _moment(label: str, help_text: str = DATETIME_HINT, **kwargs: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=False, help_text=help_text, widget=DateTimeInput(), **kwargs
    )


def _utc(value: datetime) -> str:
    """The service takes zone-less request times as UTC, so send UTC explicitly."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _local(value: datetime) -> str:
    # Regulation start and end are stored in UK local time, so they are compared as such.
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M:%S")


class ServiceQueryForm(forms.Form):
    """The filters `POST /search` and `POST /events` share (one search query)."""

    troName = forms.CharField(
        label="TRO name contains",
        required=False,
        max_length=500,
        help_text="Any part of the order's name; capitals do not matter.",
    )
    traCreator = forms.IntegerField(
        label="Created by TRA (code)", required=False, min_value=0, max_value=2**31 - 1
    )
    currentTraOwner = forms.IntegerField(
        label="Currently owned by TRA (code)", required=False, min_value=0, max_value=2**31 - 1
    )
    regulationType = forms.ChoiceField(label="Regulation type", required=False, choices=())
    vehicleType = forms.ChoiceField(label="Vehicle type", required=False, choices=())
    orderReportingPoint = forms.ChoiceField(
        label="Order reporting point", required=False, choices=()
    )
    regulatedPlaceType = forms.ChoiceField(label="Regulated place type", required=False, choices=())
    regulationStart_operator = forms.ChoiceField(
        label="Regulation starts", required=False, choices=OPERATORS
    )
    regulationStart_value = _moment("Regulation start date and time")
    regulationEnd_operator = forms.ChoiceField(
        label="Regulation ends", required=False, choices=OPERATORS
    )
    regulationEnd_value = _moment("Regulation end date and time")
    modificationTime = _moment("Changed on or after")
    deletionTime = _moment(
        "Deleted on or after", help_text=f"Only deleted D-TROs match. {DATETIME_HINT}"
    )
    pageSize = forms.TypedChoiceField(
        label="Results per page",
        required=False,
        choices=PAGE_SIZES,
        coerce=int,
        # Django returns any empty_value as given; the stubs allow only a string.
        empty_value=20,  # type: ignore[arg-type]
        initial=20,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ENUM_DEFS:
            cast(forms.ChoiceField, self.fields[name]).choices = _enum_choices(name)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name in ("regulationStart", "regulationEnd"):
            operator = data.get(f"{name}_operator")
            value = data.get(f"{name}_value")
            if operator and not value:
                self.add_error(f"{name}_value", "Enter a date and time to compare with")
            if value and not operator:
                self.add_error(f"{name}_operator", "Choose how to compare the date and time")
        return data

    def query(self) -> dict[str, Any]:
        """The service's query object: only the fields the officer filled in."""
        data = self.cleaned_data
        query: dict[str, Any] = {}
        for name in ("troName", "regulationType", "vehicleType", "orderReportingPoint",
                     "regulatedPlaceType"):  # fmt: skip
            if data.get(name):
                query[name] = data[name]
        for name in ("traCreator", "currentTraOwner"):
            if data.get(name) is not None:
                query[name] = data[name]
        for name in ("publicationTime", "modificationTime", "deletionTime"):
            if data.get(name):
                query[name] = _utc(data[name])
        for name in ("regulationStart", "regulationEnd"):
            if data.get(f"{name}_operator") and data.get(f"{name}_value"):
                query[name] = {
                    "operator": data[f"{name}_operator"],
                    "value": _local(data[f"{name}_value"]),
                }
        return query

    @property
    def page_size(self) -> int:
        return int(self.cleaned_data.get("pageSize") or 20)


def _area_problem(text: str) -> str | None:
    """A plain-English reason the text is not a polygon inside Great Britain; None if it is."""
    if kind_of(text) not in ("", "polygon"):
        return f"The area must be a polygon (an outline), not a {kind_of(text)}"
    prefix, _wkt = split_srid(text)
    # The service ignores any SRID; only British National Grid's is accepted here, or none.
    problems = check_wkt(
        text if prefix else SRID_PREFIX + text, ("POLYGON", "MULTIPOLYGON"), label="area"
    )
    if not problems:
        return None
    if problems[0].code == "srid_not_27700":
        return "The area must be in British National Grid: start it with SRID=27700; or no SRID"
    if problems[0].code == "wkt_invalid" and kind_of(text) == "":
        return f"Enter the area as a polygon in British National Grid, like {AREA_EXAMPLE}"
    if problems[0].code == "outside_great_britain":
        return (
            "The area must be inside Great Britain: eastings between 0 and 700000 and "
            "northings between 0 and 1300000 (British National Grid)"
        )
    return problems[0].message.rstrip(".")


class SearchForm(ServiceQueryForm):
    publicationTime = _moment("Published on or after")
    area = forms.CharField(
        label="Area",
        required=False,
        max_length=100_000,
        help_text=(
            "Orders whose roads or places fall in this area. An outline in British National "
            f"Grid eastings and northings, for example {AREA_EXAMPLE}."
        ),
        # A map fills this field from a drawn box; the attribute is how it finds it.
        widget=forms.Textarea(attrs={"id": "search-area", "rows": 3, "data-map-area": True}),
    )

    field_order = ["troName", "traCreator", "currentTraOwner", "publicationTime"]

    def clean_area(self) -> str:
        text = str(self.cleaned_data.get("area") or "").strip()
        if not text:
            return ""
        problem = _area_problem(text)
        if problem:
            raise forms.ValidationError(problem)
        # Sent as plain WKT: the service would ignore the SRID prefix anyway.
        return split_srid(text)[1].strip()

    def query(self) -> dict[str, Any]:
        query = super().query()
        if self.cleaned_data.get("area"):
            query["geometry"] = self.cleaned_data["area"]
        return query

    def body(self, page: int) -> dict[str, Any]:
        return {"page": page, "pageSize": self.page_size, "queries": [self.query()]}


class EventsForm(ServiceQueryForm):
    since = _moment("From", help_text=f"Required. {DATETIME_HINT}")
    to = _moment("To", help_text=f"Leave empty for now. {DATETIME_HINT}")
    eventType = forms.ChoiceField(label="What happened", required=False, choices=EVENT_TYPES)

    field_order = ["since", "to", "eventType", "troName", "traCreator", "currentTraOwner"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["since"].required = True
        self.fields["since"].error_messages["required"] = "Enter the date and time to start from"

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        now = timezone.now()
        since, to = data.get("since"), data.get("to")
        if since and since > now:
            self.add_error("since", "The start must be in the past")
        if to and to > now:
            self.add_error("to", "The end must be in the past, or leave it empty for now")
        if since and to and to < since:
            self.add_error("to", "The end must be after the start")
        return data

    def body(self, page: int) -> dict[str, Any]:
        data = self.cleaned_data
        body = {
            "page": page,
            "pageSize": self.page_size,
            "since": _utc(data["since"]),
            "to": _utc(data.get("to") or timezone.now()),
            **self.query(),
        }
        if data.get("eventType"):
            body["eventType"] = data["eventType"]
        return body


class DiffForm(forms.Form):
    """Two versions of one D-TRO to compare; the choices are built from its history."""

    a = forms.ChoiceField(label="Older version")
    b = forms.ChoiceField(label="Newer version")

    def __init__(self, *args: Any, versions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            cast(forms.ChoiceField, self.fields[name]).choices = versions

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("a") and data.get("a") == data.get("b"):
            self.add_error("b", "Choose two different versions to compare")
        return data
