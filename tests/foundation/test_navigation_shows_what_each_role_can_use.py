from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

APPROVALS = reverse("dtro_app:approvals")


def test_officers_do_not_see_the_approvals_link(officer_client):
    page = officer_client.get(reverse("dtro_app:dashboard")).content.decode()
    assert f'href="{APPROVALS}"' not in page
    assert f'href="{reverse("dtro_app:search")}"' in page


def test_supervisors_see_the_approvals_link(supervisor_client):
    page = supervisor_client.get(reverse("dtro_app:dashboard")).content.decode()
    assert f'href="{APPROVALS}"' in page
