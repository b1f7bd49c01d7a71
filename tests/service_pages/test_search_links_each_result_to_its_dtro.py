"""Search runs against the live service and links results to our page or the service's."""

from __future__ import annotations

import pytest
from django.urls import reverse
from service_helpers import held_elsewhere, published_dtro

pytestmark = pytest.mark.django_db(transaction=True)


def test_searching_by_name_finds_our_published_dtro_and_links_to_it(
    officer_client, tra, officer, supervisor, sandbox_credential
):
    dtro = published_dtro(tra, officer, supervisor)

    response = officer_client.get(reverse("dtro_app:search"), {"troName": dtro.name})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Showing 1 to 1 of 1 D-TRO." in html
    ours = reverse("dtro_app:dtro_detail", args=[dtro.pk])
    assert f'href="{ours}"' in html
    assert "Ours" in html


def test_another_tras_record_links_to_the_read_only_view_of_the_service(
    officer_client, tra, other_tra, sandbox_credential, other_sandbox_credential
):
    service_id = held_elsewhere(other_sandbox_credential, other_tra, name_suffix="elsewhere")

    response = officer_client.get(reverse("dtro_app:search"), {"traCreator": other_tra.code})

    html = response.content.decode()
    assert "Showing 1 to 1 of 1 D-TRO." in html
    assert reverse("dtro_app:service_dtro", args=[service_id]) in html
    assert "Ours" not in html


def test_a_search_that_matches_nothing_says_so(officer_client, sandbox_credential):
    response = officer_client.get(reverse("dtro_app:search"), {"troName": "no such order"})

    assert "No D-TROs match these filters." in response.content.decode()


def test_the_search_page_first_shows_only_the_form(officer_client, sandbox_credential):
    response = officer_client.get(reverse("dtro_app:search"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="troName"' in html
    assert 'id="results"' not in html
