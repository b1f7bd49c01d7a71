from __future__ import annotations

from typing import Any

from django import forms


def _corner(corner: str) -> forms.NumberInput:
    return forms.NumberInput(attrs={"data-map-box": corner})


class WorksSearchForm(forms.Form):
    """Find works one way at a time: reference, USRN, street name, or a map box (BNG metres)."""

    reference = forms.CharField(
        label="Works or permit reference",
        required=False,
        max_length=45,
        help_text="For example DC1000100001 or DC1000100001-01",
    )
    usrn = forms.IntegerField(
        label="USRN (Unique Street Reference Number)",
        required=False,
        min_value=100001,
        max_value=99999999,
    )
    street = forms.CharField(label="Street name", required=False, max_length=100)
    # data-map-box: the corner a box dragged on the area map fills (static/js/map.js).
    min_easting = forms.FloatField(
        label="West (minimum easting)", required=False, widget=_corner("min-x")
    )
    min_northing = forms.FloatField(
        label="South (minimum northing)", required=False, widget=_corner("min-y")
    )
    max_easting = forms.FloatField(
        label="East (maximum easting)", required=False, widget=_corner("max-x")
    )
    max_northing = forms.FloatField(
        label="North (maximum northing)", required=False, widget=_corner("max-y")
    )

    BOX = ("min_easting", "min_northing", "max_easting", "max_northing")

    def clean(self) -> dict[str, Any]:
        super().clean()
        # Django's Form.clean gives back cleaned_data; its stub allows None.
        cleaned = self.cleaned_data
        has_box = any(cleaned.get(name) is not None for name in self.BOX)
        box = self.bbox()
        if has_box and box is None:
            self.add_error("min_easting", "Enter all four corners of the map area")
        elif box is not None and (box[0] >= box[2] or box[1] >= box[3]):
            self.add_error("min_easting", "West and south must be less than east and north")
        chosen = [
            bool(cleaned.get("reference")),
            cleaned.get("usrn") is not None,
            bool(cleaned.get("street")),
            has_box,
        ]
        if not self.errors and sum(chosen) == 0:
            self.add_error("reference", "Enter a reference, a USRN, a street name or a map area")
        return cleaned

    def bbox(self) -> tuple[float, float, float, float] | None:
        west, south, east, north = (self.cleaned_data.get(name) for name in self.BOX)
        if west is None or south is None or east is None or north is None:
            return None
        return west, south, east, north
