"""A draft that never reached the service can be discarded after a confirmation page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from factories import draft_dtro

from dtro_app.models import AuditEvent, Dtro

pytestmark = pytest.mark.django_db


def test_the_officer_confirms_and_the_draft_is_gone(officer_client, tra, officer):
    dtro = draft_dtro(tra, officer)
    url = reverse("dtro_app:dtro_delete", args=[dtro.pk])
    assert "Discard this draft?" in officer_client.get(url).content.decode()
    response = officer_client.post(url, follow=True)
    assert f"Draft {dtro.reference} has been discarded." in response.content.decode()
    assert not Dtro.objects.filter(pk=dtro.pk).exists()
    assert AuditEvent.objects.filter(action="dtro.discarded").exists()
