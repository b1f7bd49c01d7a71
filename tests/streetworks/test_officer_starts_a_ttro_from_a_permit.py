from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_officer_finds_works_by_usrn(officer_client, sm_account, emulator):
    response = officer_client.get(reverse("streetworks:search"), {"usrn": "39608173"})

    assert response.status_code == 200
    assert b"DC1000100001" in response.content
    assert b"DC1000100003" in response.content
    assert b"DC1000100002" not in response.content


def test_an_empty_search_asks_for_something_to_look_for(officer_client, sm_account, emulator):
    response = officer_client.get(reverse("streetworks:search"), {"street": ""})

    assert b"Enter a reference, a USRN, a street name or a map area" in response.content


def test_the_works_page_shows_the_permit(officer_client, sm_account, emulator):
    response = officer_client.get(reverse("streetworks:works_detail", args=["DC1000100001"]))

    assert response.status_code == 200
    for text in (b"East Reach", b"Road closure", b"TTRO required", b"Start a TTRO"):
        assert text in response.content


def test_starting_a_ttro_creates_a_valid_prefilled_draft_linked_to_the_works(
    officer_client, officer, sm_account, emulator
):
    from dtro_app.models import Dtro, RevisionOrigin
    from streetworks.models import WorksLink

    response = officer_client.post(
        reverse("streetworks:start_ttro", args=["DC1000100001", "DC1000100001-01"])
    )

    dtro = Dtro.objects.get()
    assert response.status_code == 302
    assert response["Location"] == dtro.get_absolute_url()
    revision = dtro.current_revision
    assert revision.origin == RevisionOrigin.STREET_MANAGER
    assert revision.is_valid, revision.validation_issues
    assert revision.created_by == officer
    assert "DC1000100001-01" in revision.note
    assert revision.prefilled_fields["/data/source/troName"] == "permit.street_name"
    link = WorksLink.objects.get()
    assert (link.dtro, link.work_reference, link.usrn) == (dtro, "DC1000100001", 39608173)
    assert link.snapshot


def test_another_tras_officer_cannot_see_the_link(
    client, other_officer, sm_account, other_sm_account, emulator, officer_client
):
    from streetworks.models import WorksLink

    officer_client.post(
        reverse("streetworks:start_ttro", args=["DC1000100001", "DC1000100001-01"]), follow=True
    )
    link = WorksLink.objects.get()
    client.force_login(other_officer)

    assert client.get(reverse("streetworks:link_detail", args=[link.pk])).status_code == 404
    assert link.dtro.reference.encode() not in client.get(reverse("streetworks:search")).content


def test_without_an_account_the_officer_is_told_to_ask_an_administrator(officer_client):
    response = officer_client.get(reverse("streetworks:search"), {"usrn": "39608173"})

    assert b"has no Street Manager account yet" in response.content


def test_an_officer_finds_works_on_a_map_of_a_bounding_box(officer_client, sm_account, emulator):
    box = {
        "min_easting": "322600",
        "min_northing": "124900",
        "max_easting": "322800",
        "max_northing": "125200",
    }
    response = officer_client.get(reverse("streetworks:search"), box)

    content = response.content.decode()
    assert "1 works found" in content
    assert '<svg class="streetworks-map__plan" viewBox="322600.0 -125200.0 200.0 300.0"' in content
    assert "<circle" in content and "DC1000100002: Lane closure, Bridge Street" in content
    assert "?min_easting=322600&amp;min_northing=125050" in content  # move north


def test_a_usrn_search_names_the_street_from_the_gazetteer(officer_client, sm_account, emulator):
    response = officer_client.get(reverse("streetworks:search"), {"usrn": "39605836"})

    assert b"<strong>Bridge Street, Taunton</strong>" in response.content
    assert b"1 works found" in response.content


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"reference": "dc1000100004"}, b"DC1000100004-01"),
        ({"reference": "DC1000100002-01"}, b"DC1000100002-01"),
        ({"street": "priory"}, b"DC1000100004-01"),
    ],
)
def test_an_officer_finds_works_by_reference_or_street_name(
    officer_client, sm_account, emulator, query, found
):
    response = officer_client.get(reverse("streetworks:search"), query)

    assert b"1 works found" in response.content
    assert found in response.content


def test_an_unknown_works_is_a_404(officer_client, sm_account, emulator):
    response = officer_client.get(reverse("streetworks:works_detail", args=["ZZ9NOSUCH"]))

    assert response.status_code == 404


def test_a_permit_that_is_no_longer_active_starts_nothing(officer_client, sm_account, emulator):
    from dtro_app.models import Dtro

    response = officer_client.post(
        reverse("streetworks:start_ttro", args=["DC1000100001", "DC1000100001-02"]), follow=True
    )

    assert b"Permit DC1000100001-02 is no longer the works&#x27; active permit" in response.content
    assert not Dtro.objects.exists()


def test_street_manager_being_down_is_explained_not_a_crash(officer_client, sm_account, emulator):
    emulator.add_fault(503, path="/reporting/", times=10)

    response = officer_client.get(reverse("streetworks:search"), {"usrn": "39608173"})

    assert response.status_code == 200
    assert b"Street Manager is not responding properly (503)" in response.content
