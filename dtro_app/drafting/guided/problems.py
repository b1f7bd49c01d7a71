"""Where a saved validation problem belongs on the guided form: the field that asks for it."""

from __future__ import annotations

from typing import Any

from django import forms

from dtro_app.drafting.guided.forms import BaseProvisionFormSet, OrderForm
from dtro_validation.issues import split_pointer

#: Fields of `data.source` the order form asks for by the same name.
_ORDER_FIELDS = frozenset(
    {
        "troName",
        "reference",
        "section",
        "traCreator",
        "currentTraOwner",
        "traAffected",
        "actionType",
        "statementDescription",
        "madeDate",
        "comingIntoForceDate",
    }
)
_PLACE_FIELDS = frozenset({"description", "bywayType", "busRoute"})
#: The place's street reference, wherever in its geometry the data model keeps it.
_STREET_FIELDS = {"usrn": "usrn", "nsgStreetName": "streetName"}
_REGULATION_FIELDS = frozenset(
    {"regulationType", "start", "end", "vehicleType", "grossVehicleWeight"}
)
#: What the data model requires because of a field's answer belongs with that field.
_REGULATION_ALIASES = {"vehicleTypeExtension": "vehicleType"}


def _last_named(parts: list[str]) -> str | None:
    return next((part for part in reversed(parts) if not part.isdigit()), None)


def field_for_pointer(path: str) -> tuple[int | None, str] | None:
    """The field a problem at JSON Pointer `path` belongs to: (None, name) on the order form,
    (provision index, name) on a provision's form, None when no field asks for it.

    `/data/source/troName` -> (None, 'troName'); `.../provision/0/regulatedPlace/1/
    linearGeometry/linestring` -> (0, 'geometry'); `.../provision/0/regulation/...` -> (0,
    the regulation field named, or 'regulationType').
    """
    parts = split_pointer(path)
    if len(parts) < 3 or parts[:2] != ["data", "source"]:
        return None
    if parts[2] != "provision":
        return (None, parts[2]) if parts[2] in _ORDER_FIELDS else None
    if len(parts) < 5 or not parts[3].isdigit():
        return None
    index, key, rest = int(parts[3]), parts[4], parts[5:]
    if key == "regulatedPlace":
        if not rest or not rest[0].isdigit():
            return None
        name = _last_named(rest[1:])
        if name is None:
            return None
        if name in _STREET_FIELDS:
            return index, _STREET_FIELDS[name]
        return index, name if name in _PLACE_FIELDS else "geometry"
    if key == "regulation":
        name = _last_named(rest) or "regulationType"
        name = _REGULATION_ALIASES.get(name, name)
        return index, name if name in _REGULATION_FIELDS else "regulationType"
    return index, key


def attach_issues(
    order_form: OrderForm, formset: BaseProvisionFormSet, issues: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Put each saved validation issue on its field; return those no field here asks for.

    An issue on a field this form already finds a problem with is left out (a blank order
    name: one message, not the form's and the schema's)."""
    # What the forms find themselves, before any issue is put on them.
    own = {id(form): set(form.errors) for form in [order_form, *formset.forms]}
    unplaced: list[dict[str, Any]] = []
    for issue in issues:
        form, name = _form_and_field(order_form, formset, str(issue.get("path") or ""))
        if form is not None and name in own[id(form)]:
            continue
        if form is not None and name in form.fields:
            form.add_error(name, issue["message"])
        else:
            unplaced.append({"message": issue["message"], "href": None})
    return unplaced


def _form_and_field(
    order_form: OrderForm, formset: BaseProvisionFormSet, path: str
) -> tuple[forms.Form | None, str]:
    """The form (the order's, or a provision's) and the field name a problem at `path` is
    for; no form when none here asks for it."""
    target = field_for_pointer(path)
    if target is None:
        return None, ""
    index, name = target
    if index is None:
        return order_form, name
    return (formset.forms[index] if index < len(formset.forms) else None), name
