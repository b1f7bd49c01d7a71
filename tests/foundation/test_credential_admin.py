from __future__ import annotations

import pytest
from auth_helpers import make_superuser

from dtro_app.models import ApiCredential

pytestmark = pytest.mark.django_db

SECRET = "s3cret-value-that-must-never-render"


@pytest.fixture
def admin_client(client, tra):  # type: ignore[no-untyped-def]
    client.force_login(make_superuser())
    return client


def test_the_secret_is_saved_encrypted_and_never_rendered(admin_client, tra):
    response = admin_client.post(
        "/admin/dtro_app/apicredential/add/",
        {
            "authority": tra.pk,
            "environment": "integration",
            "base_url": "https://dtro-integration.dft.gov.uk/v1",
            "client_id": "my-client",
            "secret": SECRET,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    credential = ApiCredential.objects.get()
    assert credential.get_secret() == SECRET
    assert SECRET not in credential.encrypted_secret
    change_page = admin_client.get(f"/admin/dtro_app/apicredential/{credential.pk}/change/")
    assert SECRET not in change_page.content.decode()
    assert credential.encrypted_secret not in change_page.content.decode()
