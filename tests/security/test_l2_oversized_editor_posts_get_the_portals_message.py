"""L2: an editor post over DATA_UPLOAD_MAX_MEMORY_SIZE gets the portal's own message, not
Django's bare 400, and CSRF is still checked on posts of ordinary size."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from dtro_app.models import Dtro

pytestmark = pytest.mark.django_db

TOO_BIG = "larger than the 10 MB the D-TRO service accepts"


@pytest.fixture
def csrf_client(officer) -> Client:
    # The test client skips CSRF unless asked; the real middleware reads the body first.
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    return client


def _oversized(tra) -> dict[str, str]:
    padding = " " * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024)
    return {"document": '{"schemaVersion": "4.0.0"' + padding + "}", "authority": str(tra.code)}


@pytest.mark.parametrize("name", ["dtro_app:dtro_create_json", "dtro_app:validate_json"])
def test_an_oversized_post_gets_the_portals_message(csrf_client, tra, name):
    response = csrf_client.post(reverse(name), _oversized(tra))

    assert response.status_code in {200, 400, 413}
    assert TOO_BIG in response.content.decode()
    assert Dtro.objects.count() == 0


def test_an_oversized_post_to_an_existing_dtros_editor_gets_the_message(
    csrf_client, officer_client, tra
):
    created = officer_client.post(
        reverse("dtro_app:dtro_create_json"),
        {"document": '{"schemaVersion": "4.0.0", "data": {}}', "authority": tra.code},
    )
    assert created.status_code == 302
    dtro = Dtro.objects.get()

    response = csrf_client.post(reverse("dtro_app:dtro_edit_json", args=[dtro.pk]), _oversized(tra))

    assert response.status_code == 413
    assert TOO_BIG in response.content.decode()
    assert dtro.revisions.count() == 1


@pytest.mark.parametrize("name", ["dtro_app:dtro_create_json", "dtro_app:validate_json"])
def test_an_ordinary_post_without_a_csrf_token_is_still_refused(csrf_client, tra, name):
    response = csrf_client.post(reverse(name), {"document": "{}", "authority": tra.code})

    assert response.status_code == 403
    assert Dtro.objects.count() == 0
