"""Officers make an order's documents but cannot change their TRA's templates (403 on every
template page); the list tells them so."""

from __future__ import annotations

import pytest
from django.urls import reverse

from documents.models import DocumentTemplate

pytestmark = pytest.mark.django_db


def test_an_officer_can_neither_open_nor_change_a_template(officer_client, tra, order):
    args = [tra.code, "schedule"]
    assert officer_client.get(reverse("documents:template_edit", args=args)).status_code == 403
    attempts = [
        ("documents:template_edit", {"body": "<h1>Mine</h1>", "action": "save"}),
        ("documents:template_preview", {"body": "<h1>Mine</h1>"}),
        ("documents:template_reset", {}),
    ]
    for name, data in attempts:
        assert officer_client.post(reverse(name, args=args), data).status_code == 403, name
    assert not DocumentTemplate.objects.exists()


def test_the_template_list_shows_officers_the_wording_but_no_change_link(officer_client, tra):
    page = officer_client.get(reverse("documents:templates")).content.decode()

    assert "Notice of making" in page
    assert "Only supervisors can change it" in page
    assert reverse("documents:template_edit", args=[tra.code, "schedule"]) not in page


def test_an_officer_still_makes_the_documents(officer_client, order):
    response = officer_client.get(reverse("documents:pdf", args=[order.pk, "schedule"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
