"""Another TRA's officer or supervisor reaches neither an order's documents nor the TRA's
templates: 404, so guessing ids and codes reveals nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from documents.models import DocumentTemplate
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_another_tras_officer_gets_404_for_an_orders_documents(client, order, other_officer):
    client.force_login(other_officer)

    for name in ("documents:html", "documents:pdf"):
        for kind in ("schedule", "notice_of_making"):
            response = client.get(reverse(name, args=[order.pk, kind]))
            assert response.status_code == 404, (name, kind)


def test_another_tras_supervisor_gets_404_for_its_templates(client, tra, other_tra):
    client.force_login(make_user("supervisor@second.example", other_tra, "supervisor"))
    args = [tra.code, "schedule"]

    assert client.get(reverse("documents:template_edit", args=args)).status_code == 404
    for name in ("documents:template_edit", "documents:template_preview"):
        response = client.post(reverse(name, args=args), {"body": "x", "action": "save"})
        assert response.status_code == 404, name
    assert client.post(reverse("documents:template_reset", args=args)).status_code == 404
    assert not DocumentTemplate.objects.exists()
    page = client.get(reverse("documents:templates")).content.decode()
    assert "Demo County Council" not in page


def test_another_tras_order_cannot_be_used_for_a_preview(client, tra, other_tra, order):
    client.force_login(make_user("supervisor@second.example", other_tra, "supervisor"))

    response = client.post(
        reverse("documents:template_edit", args=[other_tra.code, "schedule"]),
        {"body": "{{ order.name }}", "order": order.pk, "action": "preview"},
    )

    assert response.status_code == 200
    assert order.name not in response.content.decode()
