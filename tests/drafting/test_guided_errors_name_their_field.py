"""Every error the guided form shows says which answer it is about: "Provision 1: Enter what
this provision does", never "Provision 1: This field is required."."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django import forms
from django.urls import reverse
from drafting_helpers import guided_post

from dtro_app.drafting.guided.forms import OrderForm, ProvisionForm, StartForm
from dtro_app.models import Dtro

pytestmark = pytest.mark.django_db

CREATE = reverse("dtro_app:dtro_create_form")
DJANGO_DEFAULTS = {
    text
    for field_class in (forms.Field, forms.CharField, forms.ChoiceField, forms.DecimalField)
    for text in field_class.default_error_messages.values()
}


def summary_lines(page: str) -> list[tuple[str, str]]:
    """(link target, text) of each line of the error summary."""
    summary = page.split('class="govuk-list govuk-error-summary__list"', 1)[1].split("</ul>")[0]
    return [
        (href, html_lib.unescape(re.sub(r"\s+", " ", text)).strip())
        for href, text in re.findall(r'<li><a href="#([^"]+)">(.*?)</a></li>', summary, re.S)
    ]


def test_an_empty_provision_names_each_of_its_fields(officer_client, tra):
    empty = {
        "provisionDescription": "",
        "regulationType": "",
        "description": "",
        "geometry_input": "",
        "geometry": "",
        "bywayType": "",
        "start": "",
    }

    response = officer_client.post(CREATE, guided_post(tra.code, provisions=[empty]))

    assert not Dtro.objects.exists()
    assert sorted(summary_lines(response.content.decode())) == sorted(
        [
            ("id_provision-0-provisionDescription", "Provision 1: Enter what this provision does"),
            ("id_provision-0-regulationType", "Provision 1: Select a regulation type"),
            ("id_provision-0-description", "Provision 1: Enter where this provision applies"),
            ("id_provision-0-geometry_input", "Provision 1: Select how you will give the location"),
            ("id_provision-0-geometry", "Provision 1: Enter the location, or draw it on the map"),
            ("id_provision-0-bywayType", "Provision 1: Select the kind of way"),
            (
                "id_provision-0-start",
                "Provision 1: Enter the date and time the provision applies from",
            ),
        ]
    )


def test_an_empty_order_names_each_of_its_fields(officer_client, tra):
    data = guided_post(tra.code)
    for name in ("schema_version", "order_type", "troName", "statementDescription"):
        data[name] = ""
    for name in ("madeDate", "comingIntoForceDate"):
        del data[name]

    lines = [text for _, text in summary_lines(officer_client.post(CREATE, data).content.decode())]

    assert sorted(lines) == sorted(
        [
            "Select the data specification version",
            "Select the type of order",
            "Enter the order name",
            "Enter a statement of what the order does",
            "Enter the date the order is made",
            "Enter the date the order comes into force",
        ]
    )


def test_a_code_the_version_does_not_have_is_named_with_its_field(officer_client, tra):
    data = guided_post(tra.code, version="3.5.1")
    data["provision-0-regulationType"] = "motorVehiclesProhibited"  # 4.0.0 only
    data["provision-0-start"] = ""  # so that nothing is saved and the form comes back

    lines = [text for _, text in summary_lines(officer_client.post(CREATE, data).content.decode())]

    assert (
        "Provision 1: Select a regulation type from the list: motorVehiclesProhibited is "
        "not one this data specification version has" in lines
    )


@pytest.mark.parametrize("form_class", [StartForm, OrderForm, ProvisionForm])
def test_no_field_falls_back_on_djangos_nameless_messages(form_class):
    form = form_class()
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.HiddenInput):
            continue  # never shown: filled in by the page, not by the officer
        checks = ["required"] if field.required else []
        if isinstance(field, forms.ChoiceField):
            checks.append("invalid_choice")
        if getattr(field, "max_length", None):
            checks.append("max_length")
        for check in checks:
            assert field.error_messages[check] not in DJANGO_DEFAULTS, (name, check)
