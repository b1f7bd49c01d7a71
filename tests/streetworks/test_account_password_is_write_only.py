from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def account_form(tra, **changes):  # type: ignore[no-untyped-def]
    """The admin form's fields for a sandbox Street Manager account of `tra`."""
    return {
        "authority": tra.pk,
        "environment": "sandbox",
        "base_url": "https://example.test/v6",
        "email": "a@b.c",
        "is_active": "on",
        **changes,
    }


def test_the_admin_never_shows_the_password_and_stores_it_encrypted(admin_client, tra):
    from streetworks.models import StreetManagerAccount

    response = admin_client.post(
        "/admin/streetworks/streetmanageraccount/add/",
        account_form(
            tra,
            base_url="https://api.sandbox.manage-roadworks.service.gov.uk/v6",
            email="api@99999.example",
            password="s3cret-street-manager",
        ),
    )
    assert response.status_code == 302
    account = StreetManagerAccount.objects.get()
    assert "s3cret-street-manager" not in account.encrypted_password
    assert account.get_password() == "s3cret-street-manager"

    page = admin_client.get(f"/admin/streetworks/streetmanageraccount/{account.pk}/change/")
    assert b"s3cret-street-manager" not in page.content
    assert b"encrypted_password" not in page.content


def test_leaving_the_password_blank_keeps_the_current_one(admin_client, tra):
    from streetworks.models import StreetManagerAccount

    account = StreetManagerAccount(
        authority=tra, environment="sandbox", base_url="https://example.test/v6", email="a@b.c"
    )
    account.set_password("first-password")
    account.save()

    admin_client.post(
        f"/admin/streetworks/streetmanageraccount/{account.pk}/change/",
        account_form(tra, password=""),
    )

    account.refresh_from_db()
    assert account.get_password() == "first-password"


def test_a_new_account_needs_a_password(admin_client, tra):
    from streetworks.models import StreetManagerAccount

    response = admin_client.post(
        "/admin/streetworks/streetmanageraccount/add/",
        account_form(tra, password=""),
    )
    assert response.status_code == 200
    assert "Enter the account&#x27;s password" in response.content.decode()
    assert not StreetManagerAccount.objects.exists()
