"""Supervisors keep their TRA's templates in the Django admin too: the same check refuses a
template that cannot be used, and another TRA's supervisor sees none of them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from documents.models import DocumentTemplate
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

ADD = "admin:documents_documenttemplate_add"


def test_a_supervisor_adds_their_tras_template_in_the_admin(supervisor_client, tra, supervisor):
    response = supervisor_client.post(
        reverse(ADD), {"authority": tra.pk, "kind": "schedule", "body": "<h1>{{ order.name }}</h1>"}
    )

    assert response.status_code == 302
    template = DocumentTemplate.objects.get()
    assert (template.authority, template.kind, template.updated_by) == (tra, "schedule", supervisor)


def test_the_admin_refuses_a_template_that_reaches_beyond_its_data(supervisor_client, tra):
    response = supervisor_client.post(
        reverse(ADD), {"authority": tra.pk, "kind": "schedule", "body": "{% debug %}"}
    )

    assert response.status_code == 200
    assert "Invalid block tag on line 1: &#x27;debug&#x27;" in response.content.decode()
    assert not DocumentTemplate.objects.exists()


def test_another_tras_supervisor_sees_none_of_its_templates(client, tra, other_tra):
    template = DocumentTemplate.objects.create(authority=tra, kind="schedule", body="<p>x</p>")
    client.force_login(make_user("supervisor@second.example", other_tra, "supervisor", staff=True))

    listing = client.get(reverse("admin:documents_documenttemplate_changelist"))
    assert listing.status_code == 200
    assert "Schedule of Demo County Council" not in listing.content.decode()
    change = reverse("admin:documents_documenttemplate_change", args=[template.pk])
    assert client.get(change).status_code in (302, 404)
    refused = client.post(
        reverse(ADD), {"authority": tra.pk, "kind": "notice_of_making", "body": "<p>y</p>"}
    )
    assert refused.status_code == 200  # the form refuses a TRA they do not supervise
    assert DocumentTemplate.objects.count() == 1
