"""`?tra=<code>` picks which of the user's TRAs (and credential) a page reads as."""

from __future__ import annotations

import pytest
from django.urls import reverse
from factories import sandbox_credential_for

from dtro_app.models import Membership

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_tra_officer(officer, other_tra, sandbox_url):
    Membership.objects.create(user=officer, authority=other_tra, role="officer")
    sandbox_credential_for(other_tra, sandbox_url)
    return officer


def test_the_tra_switcher_lists_every_tra_of_the_user(client, two_tra_officer, tra, other_tra):
    client.force_login(two_tra_officer)

    html = client.get(reverse("dtro_app:search")).content.decode()

    assert 'name="tra"' in html
    assert f'value="{tra.code}"' in html
    assert f'value="{other_tra.code}"' in html


def test_choosing_a_tra_reads_with_its_credential(client, two_tra_officer, other_tra):
    from outbound.models import OutboundCall

    client.force_login(two_tra_officer)

    response = client.get(reverse("dtro_app:schemas"), {"tra": other_tra.code})

    assert response.status_code == 200
    call = OutboundCall.objects.filter(path="/schemas/versions").latest("pk")
    assert call.credential.authority == other_tra


def test_a_tra_the_user_does_not_belong_to_cannot_be_chosen(
    officer_client, tra, other_tra, sandbox_credential, other_sandbox_credential
):
    from outbound.models import OutboundCall

    officer_client.get(reverse("dtro_app:schemas"), {"tra": other_tra.code})

    call = OutboundCall.objects.filter(path="/schemas/versions").latest("pk")
    assert call.credential.authority == tra
