"""The GOV.UK date input: day, month and year boxes that clean to a date, with plain-English
messages for partial or impossible dates and only the wrong boxes marked."""

from __future__ import annotations

import datetime
import re

import pytest
from django import forms
from django.urls import reverse

from frontend.dates import GovukDateField, GovukDateInput


class EventForm(forms.Form):
    made = GovukDateField(
        label="Date the order is made",
        help_text="For example, 27 3 2025",
        error_messages={"required": "Enter the date the order is made"},
    )
    until = GovukDateField(label="Until (optional)", required=False)


def _form(**answers: str) -> EventForm:
    return EventForm(data=answers)


def _error(form: EventForm, field: str = "made") -> str:
    assert not form.is_valid()
    return form.errors[field][0]


def test_three_boxes_make_a_date() -> None:
    form = _form(made_day="27", made_month="3", made_year="2025")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["made"] == datetime.date(2025, 3, 27)
    assert form.cleaned_data["until"] is None


@pytest.mark.parametrize(
    "month, expected", [("03", 3), ("mar", 3), ("March", 3), (" 12 ", 12), ("Sept", 9)]
)
def test_months_as_numbers_or_names(month: str, expected: int) -> None:
    form = _form(made_day="1", made_month=month, made_year="2025")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["made"].month == expected


def test_nothing_entered_uses_the_required_message() -> None:
    assert _error(_form()) == "Enter the date the order is made"
    assert _error(_form(made_day="", made_month="", made_year="")) == (
        "Enter the date the order is made"
    )


@pytest.mark.parametrize(
    "answers, message",
    [
        ({"made_day": "27", "made_year": "2025"}, "The date must include a month"),
        ({"made_month": "3", "made_year": "2025"}, "The date must include a day"),
        ({"made_day": "27", "made_month": "3"}, "The date must include a year"),
        ({"made_year": "2025"}, "The date must include a day and month"),
    ],
)
def test_a_part_missing(answers: dict[str, str], message: str) -> None:
    assert _error(_form(**answers)) == message


@pytest.mark.parametrize(
    "day, month, year",
    [("31", "2", "2025"), ("29", "2", "2025"), ("1", "13", "2025"), ("x", "3", "2025"),
     ("0", "3", "2025"), ("1", "Smarch", "2025")],
)  # fmt: skip
def test_impossible_dates(day: str, month: str, year: str) -> None:
    assert _error(_form(made_day=day, made_month=month, made_year=year)) == "Enter a real date"


def test_a_two_digit_year() -> None:
    form = _form(made_day="27", made_month="3", made_year="25")
    assert _error(form) == "The year must include 4 numbers"


def test_leap_day() -> None:
    form = _form(made_day="29", made_month="2", made_year="2024")
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("value", ["2025-03-27", "27/03/2025", "27 03 2025"])
def test_a_date_posted_in_one_box_is_still_understood(value: str) -> None:
    form = _form(made=value)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["made"] == datetime.date(2025, 3, 27)


def test_one_box_nonsense_is_not_a_real_date() -> None:
    assert _error(_form(made="next tuesday")) == "Enter a real date"


def _boxes(html: str) -> dict[str, str]:
    """id -> class of each date box."""
    return dict(
        (m.group(2), m.group(1))
        for m in re.finditer(r'<input class="([^"]+)" id="(id_made_\w+)"', html)
    )


def test_the_component_markup() -> None:
    form = EventForm(initial={"made": datetime.date(2025, 3, 7)})
    html = form["made"].as_field_group()
    assert '<fieldset class="govuk-fieldset" role="group" aria-describedby="id_made-hint">' in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">' in html
    assert 'class="govuk-date-input" id="id_made"' in html
    for part, value, width in (("day", "7", 2), ("month", "3", 2), ("year", "2025", 4)):
        assert f'for="id_made_{part}">{part.capitalize()}</label>' in html
        assert f'name="made_{part}" type="text" inputmode="numeric" value="{value}"' in html
        assert f"govuk-input--width-{width}" in _boxes(html)[f"id_made_{part}"]
    assert "govuk-input--error" not in html
    assert "govuk-form-group--error" not in html


def test_a_missing_month_marks_only_the_month() -> None:
    form = _form(made_day="27", made_year="2025")
    form.is_valid()
    html = form["made"].as_field_group()
    assert "govuk-form-group--error" in html
    assert (
        '<p id="id_made-error" class="govuk-error-message"><span class="govuk-visually-hidden">'
        "Error:</span> The date must include a month</p>" in html
    )
    assert 'aria-describedby="id_made-hint id_made-error"' in html
    boxes = _boxes(html)
    assert "govuk-input--error" in boxes["id_made_month"]
    assert "govuk-input--error" not in boxes["id_made_day"]
    assert "govuk-input--error" not in boxes["id_made_year"]
    # What was typed is kept.
    assert 'name="made_day" type="text" inputmode="numeric" value="27"' in html


def test_an_error_from_the_form_marks_every_box() -> None:
    form = _form(made_day="27", made_month="3", made_year="2025")
    form.is_valid()
    form.add_error("made", "The order cannot come into force before it is made.")
    boxes = _boxes(form["made"].as_field_group())
    assert all("govuk-input--error" in css for css in boxes.values())


def test_the_error_summary_links_to_the_day_box() -> None:
    form = _form()
    form.is_valid()
    assert form["made"].id_for_label == "id_made_day"


def test_the_widget_on_its_own_renders_three_boxes() -> None:
    html = GovukDateInput().render("made", datetime.date(2025, 3, 7), {"id": "id_made"})
    assert html.count('class="govuk-input govuk-date-input__input') == 3
    assert 'name="made_month"' in html and 'value="3"' in html


def test_unchanged_initial_is_not_a_change() -> None:
    form = EventForm(
        data={"made_day": "7", "made_month": "3", "made_year": "2025"},
        initial={"made": datetime.date(2025, 3, 7)},
    )
    assert "made" not in form.changed_data


@pytest.mark.django_db
def test_the_page_with_a_date_error_passes_the_template_renderer() -> None:
    # Rendered through the project's GOV.UK form renderer (settings.FORM_RENDERER).
    form = _form(made_day="31", made_month="2", made_year="2025")
    form.is_valid()
    html = str(form)
    assert "Enter a real date" in html
    assert "govuk-input--error" in _boxes(html)["id_made_day"]


def _guided_with_boxes(code: int, made: tuple[str, str, str], in_force: tuple[str, ...]) -> dict:
    from tests.drafting.drafting_helpers import guided_post

    data = guided_post(code)
    for field, parts in (("madeDate", made), ("comingIntoForceDate", in_force)):
        del data[field]
        for box, value in zip(("day", "month", "year"), parts, strict=True):
            data[f"{field}_{box}"] = value
    return data


def test_the_guided_form_takes_its_dates_from_the_boxes(
    officer_client: object, tra: object
) -> None:
    from dtro_app.models import Dtro

    page = officer_client.get(reverse("dtro_app:dtro_create_form")).content.decode()
    for part in ("day", "month", "year"):
        assert f'name="madeDate_{part}"' in page
        assert f'name="comingIntoForceDate_{part}"' in page

    data = _guided_with_boxes(tra.code, ("27", "1", "2025"), ("3", "feb", "2025"))
    response = officer_client.post(reverse("dtro_app:dtro_create_form"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    source = Dtro.objects.get().current_revision.document["data"]["source"]
    assert (source["madeDate"], source["comingIntoForceDate"]) == ("2025-01-27", "2025-02-03")


def test_the_guided_form_says_which_part_of_a_date_is_missing(
    officer_client: object, tra: object
) -> None:
    data = _guided_with_boxes(tra.code, ("27", "", "2025"), ("31", "2", "2025"))
    response = officer_client.post(reverse("dtro_app:dtro_create_form"), data)
    html = response.content.decode()
    assert "The date the order is made must include a month" in html
    assert "The date the order comes into force must be a real date" in html
    assert 'href="#id_madeDate_day"' in html  # the error summary links to the first box
    assert re.search(r"<title>Error: ", html)
