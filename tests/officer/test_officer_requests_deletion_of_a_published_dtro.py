"""A published D-TRO cannot be discarded: deleting it is a change a supervisor approves."""

from __future__ import annotations

import pytest
from django.urls import reverse
from factories import published_dtro

from dtro_app.models import ChangeAction, DtroStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_officer_sends_the_deletion_for_approval(
    client, tra, officer, supervisor, sandbox_credential
):
    dtro = published_dtro(tra, officer, supervisor)
    client.force_login(officer)
    page = client.get(dtro.get_absolute_url()).content.decode()
    assert str(dtro.service_id) in page
    assert "Delete from the D-TRO service" in page
    url = reverse("dtro_app:dtro_delete", args=[dtro.pk])
    assert "Delete this D-TRO from the D-TRO service?" in client.get(url).content.decode()
    response = client.post(url, {"note": "The order was revoked on paper."}, follow=True)
    assert "deletion of" in response.content.decode()
    dtro.refresh_from_db()
    assert dtro.status == DtroStatus.AWAITING_APPROVAL
    assert dtro.current_revision.action == ChangeAction.DELETE
    assert dtro.current_revision.note == "The order was revoked on paper."
