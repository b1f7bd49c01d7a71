"""The history page and its compare page read the service once between them, and a change we
publish afterwards is seen at once."""

from __future__ import annotations

import pytest
from django.urls import reverse
from service_helpers import publish_update, published_dtro

from dtro_app.models import Dtro
from outbound.models import OutboundCall

pytestmark = pytest.mark.django_db(transaction=True)


def history_reads() -> int:
    return OutboundCall.objects.filter(path__contains="History/").count()


def test_comparing_after_viewing_the_history_spends_no_more_calls(
    officer_client, tra, officer, supervisor, sandbox_credential
):
    dtro = publish_update(
        published_dtro(tra, officer, supervisor), officer, supervisor, new_name="First rename"
    )
    officer_client.get(reverse("dtro_app:dtro_history", args=[dtro.pk]))
    reads = history_reads()
    assert reads == 2  # source and provision history

    response = officer_client.get(
        reverse("dtro_app:dtro_history_diff", args=[dtro.pk]), {"a": "revision-1", "b": "service"}
    )

    assert response.status_code == 200
    assert "First rename" in response.content.decode()
    assert history_reads() == reads


def test_a_change_published_later_is_read_afresh(
    officer_client, tra, officer, supervisor, sandbox_credential
):
    dtro = publish_update(
        published_dtro(tra, officer, supervisor), officer, supervisor, new_name="First rename"
    )
    officer_client.get(reverse("dtro_app:dtro_history", args=[dtro.pk]))

    dtro = publish_update(Dtro.objects.get(pk=dtro.pk), officer, supervisor, new_name="Second")
    response = officer_client.get(reverse("dtro_app:dtro_history", args=[dtro.pk]))

    assert "Second" in response.content.decode()
    assert history_reads() == 4
