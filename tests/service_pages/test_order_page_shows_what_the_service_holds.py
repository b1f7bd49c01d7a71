"""The order page's panel of what the service holds: its own dates (since April 2026) and the
values DfT's upgrade filled in, read from the sandbox over HTTP."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from service_helpers import published_dtro

from sandbox.models import SandboxDtro

pytestmark = pytest.mark.django_db(transaction=True)


def _panel(client, dtro) -> str:
    response = client.get(reverse("dtro_app:dtro_held_record", args=[dtro.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_published_order_shows_the_services_dates(
    officer_client, tra, officer, supervisor, sandbox_credential
):
    dtro = published_dtro(tra, officer, supervisor)
    held = SandboxDtro.objects.get(pk=dtro.service_id)

    html = _panel(officer_client, dtro)

    assert "Created in the service" in html
    assert timezone.localtime(held.created).strftime("%-d %B %Y") in html
    assert '<dd class="govuk-summary-list__value" id="held-upversioned">Never</dd>' in html
    # Its made date is 1 January 2025, as DfT's placeholder is, but the record was never
    # upgraded, so that is not flagged.
    assert held.data["source"]["madeDate"] == "2025-01-01"
    assert "dft-placeholders" not in html
    page = officer_client.get(dtro.get_absolute_url()).content.decode()
    assert reverse("dtro_app:dtro_held_record", args=[dtro.pk]) in page


def test_dfts_upgrade_and_its_placeholders_are_flagged(
    officer_client, tra, officer, supervisor, sandbox_credential
):
    dtro = published_dtro(tra, officer, supervisor)
    held = SandboxDtro.objects.get(pk=dtro.service_id)
    # What DfT's upversioning does to a stored record (upversioning.rst): a newer version,
    # a stamp, and placeholders where the old record had nothing.
    held.schema_version = "3.5.1"
    held.data["source"]["statementDescription"] = "**NOT PROVIDED**"
    held.last_upversioned = timezone.now()
    held.save()

    html = _panel(officer_client, dtro)

    assert timezone.localtime(held.last_upversioned).strftime("%-d %B %Y") in html
    assert f"3.5.1 (the portal sent {dtro.published_revision.schema_version})" in html
    assert "dft-placeholders" in html
    assert "statementDescription" in html
    assert "source.madeDate" in html  # flagged now that DfT has upgraded the record


def test_another_tras_officer_cannot_read_the_panel(
    client, tra, officer, supervisor, other_officer, sandbox_credential
):
    dtro = published_dtro(tra, officer, supervisor)
    client.force_login(other_officer)

    response = client.get(reverse("dtro_app:dtro_held_record", args=[dtro.pk]))

    assert response.status_code == 404


def test_a_record_the_service_no_longer_holds_is_said_plainly(
    officer_client, tra, officer, supervisor, sandbox_credential
):
    dtro = published_dtro(tra, officer, supervisor)
    SandboxDtro.objects.filter(pk=dtro.service_id).update(deleted=True)

    html = _panel(officer_client, dtro)

    assert "could not read the service's copy just now" in html
    assert "has either been deleted or cannot be found" in html  # the service's own words
    assert "Created in the service" not in html
