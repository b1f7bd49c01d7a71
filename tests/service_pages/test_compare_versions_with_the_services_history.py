"""Compare versions answers on its default selection when the service's history is involved
(it answered 500: the service's history entries carried the portal's datetimes into the
JSON being compared), and on every pair of versions it offers."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from service_helpers import publish_update, published_dtro

from dtro_app.models import Dtro

pytestmark = pytest.mark.django_db(transaction=True)


def offered_versions(client: Client, dtro: Dtro) -> tuple[list[str], dict[str, str]]:
    """The versions the history page offers, and the ones it selects by default."""
    html = client.get(reverse("dtro_app:dtro_history", args=[dtro.pk])).content.decode()
    options = {}
    for name in ("a", "b"):
        select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
        assert select is not None, f"no {name} select on the history page"
        options[name] = re.findall(r'<option value="([^"]+)"( selected)?', select.group(0))
    selected = {name: value for name, found in options.items() for value, on in found if on}
    return [value for value, _ in options["a"]], selected


@pytest.fixture
def amended(tra, officer, supervisor, sandbox_credential) -> Dtro:
    dtro = published_dtro(tra, officer, supervisor)
    return publish_update(dtro, officer, supervisor, new_name="Renamed at the service")


def test_the_default_selection_compares_the_services_versions(officer_client, amended):
    _, selected = offered_versions(officer_client, amended)
    assert selected == {"a": "source-0", "b": "service"}

    response = officer_client.get(
        reverse("dtro_app:dtro_history_diff", args=[amended.pk]), selected
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Differences" in html
    assert "Renamed at the service" in html
    # The source history entry is compared as the service answered it.
    assert "last_updated_at" not in html and "recorded_at" not in html


def test_every_pair_of_offered_versions_can_be_compared(officer_client, amended):
    keys, _ = offered_versions(officer_client, amended)
    assert {"service", "source-0", "source-1", "revision-1", "revision-2"} <= set(keys)

    for older in keys:
        for newer in keys:
            if older != newer:
                response = officer_client.get(
                    reverse("dtro_app:dtro_history_diff", args=[amended.pk]),
                    {"a": older, "b": newer},
                )
                assert response.status_code == 200, (older, newer)
