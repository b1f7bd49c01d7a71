"""Events: creates, updates and deletes in a period, from `POST /events`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from service_helpers import publish_update, published_dtro

from dtro_app.catalogue.forms import EventsForm

pytestmark = pytest.mark.django_db(transaction=True)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_create_and_an_update_appear_as_events(
    officer_client, tra, officer, supervisor, sandbox_credential
):
    since = timezone.now() - timedelta(minutes=5)
    dtro = published_dtro(tra, officer, supervisor)
    publish_update(dtro, officer, supervisor, new_name="Renamed order for events")

    response = officer_client.get(
        reverse("dtro_app:events"), {"since": _local(since), "traCreator": tra.code}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Showing 1 to 2 of 2 events." in html
    assert "Created" in html and "Updated" in html
    assert "Renamed order for events" in html


def test_filtering_by_event_type_sends_it_to_the_service(
    officer_client, tra, officer, supervisor, sandbox_credential
):
    since = timezone.now() - timedelta(minutes=5)
    published_dtro(tra, officer, supervisor)

    response = officer_client.get(
        reverse("dtro_app:events"), {"since": _local(since), "eventType": "delete"}
    )

    assert "No events match these filters in that period." in response.content.decode()


def test_the_start_of_the_period_is_required(officer_client, sandbox_credential):
    response = officer_client.get(reverse("dtro_app:events"), {"troName": "x"})

    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter the date and time to start from" in html


@pytest.mark.django_db
def test_the_events_body_has_every_field_and_defaults_to_now():
    form = EventsForm(
        {
            "since": "2024-01-10T09:00",
            "eventType": "update",
            "troName": "Bus",
            "currentTraOwner": "1000",
            "regulationEnd_operator": "<",
            "regulationEnd_value": "2024-12-01T00:00",
            "pageSize": "10",
        }
    )

    assert form.is_valid(), form.errors
    body = form.body(page=2)
    assert body["since"] == "2024-01-10T09:00:00"
    assert body["to"] <= timezone.now().strftime("%Y-%m-%dT%H:%M:%S")
    assert {k: v for k, v in body.items() if k not in {"since", "to"}} == {
        "page": 2,
        "pageSize": 10,
        "eventType": "update",
        "troName": "Bus",
        "currentTraOwner": 1000,
        "regulationEnd": {"operator": "<", "value": "2024-12-01T00:00:00"},
    }


@pytest.mark.django_db
def test_the_end_of_the_period_cannot_be_before_its_start():
    form = EventsForm({"since": "2024-01-10T09:00", "to": "2024-01-09T09:00"})

    assert not form.is_valid()
    assert form.errors["to"] == ["The end must be after the start"]
