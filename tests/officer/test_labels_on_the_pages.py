"""Pages show plain-English labels where they used to show codes: the order's page (with the
code as secondary text, days Monday first), the guided form's lists (those of the order's
version, regulation types in groups) and the service search's lists."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.choices import flatten_choices
from dtro_examples import example_document, with_tra
from factories import draft_dtro

from dtro_app.catalogue.forms import SearchForm

pytestmark = pytest.mark.django_db


def test_the_orders_page_shows_labels_with_their_codes_and_days_in_week_order(
    officer_client, tra, officer
):
    # Derbyshire's example lists its days a to z: friday, monday, saturday, ...
    dtro = draft_dtro(tra, officer, with_tra(example_document(), tra.code))

    page = officer_client.get(reverse("dtro_app:dtro_detail", args=[dtro.pk])).content.decode()

    assert "Limited waiting" in page
    assert "Code: kerbsideLimitedWaiting" in page
    assert "Kerbside limited waiting" not in page
    assert "Permanent order: notice of making" in page
    assert "Monday, Tuesday, Wednesday, Thursday, Friday, Saturday" in page


def test_the_guided_form_lists_labels_in_groups(officer_client):
    page = officer_client.get(reverse("dtro_app:dtro_create_form")).content.decode()

    assert '<optgroup label="Waiting, loading and stopping">' in page
    assert '<option value="kerbsideNoWaiting">No waiting (yellow lines)</option>' in page
    assert '<option value="heavyGoodsVehicle">Heavy goods vehicle</option>' in page
    assert 'data-choice-filter="regulation types"' in page


def test_the_guided_form_offers_the_codes_of_the_orders_version(officer_client):
    create = reverse("dtro_app:dtro_create_form")
    older = officer_client.get(f"{create}?version=3.5.1").content.decode()
    newest = officer_client.get(f"{create}?version=4.0.0").content.decode()

    # 4.0.0 moved police vehicles from vehicle types to vehicle usage.
    assert '<option value="policeVehicle">Police vehicle</option>' in older
    assert 'value="policeVehicle"' not in newest
    assert 'value="motorVehiclesProhibited"' in newest
    assert 'value="motorVehiclesProhibited"' not in older


def test_the_service_search_lists_labels():
    form = SearchForm()
    regulation_types = dict(flatten_choices(form.fields["regulationType"].choices))
    points = dict(form.fields["orderReportingPoint"].choices)

    assert regulation_types["kerbsideNoWaiting"] == "No waiting (yellow lines)"
    assert points["ttroTtmoNoticeAfterMaking"] == "Temporary order: notice after making"
    assert [group for group, _ in form.fields["regulationType"].choices][1] == (
        "Waiting, loading and stopping"
    )
