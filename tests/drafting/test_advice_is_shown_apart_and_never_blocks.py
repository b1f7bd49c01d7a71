"""Advice (what the D-TRO service accepts but an officer may want to check) is shown apart
from the problems to fix, and never stops a D-TRO being sent for approval or approved."""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from drafting_helpers import page_of
from factories import valid_document

from dtro_app.models import Dtro, RevisionState

pytestmark = pytest.mark.django_db

UPLOAD = reverse("dtro_app:dtro_create_upload")


def _new_order_partly_revoking(tra) -> dict:
    document = valid_document(tra)
    source = document["data"]["source"]
    source["actionType"] = "new"
    source["provision"][0]["actionType"] = "partialRevoke"
    return document


def _upload(officer_client, document: dict) -> Dtro:
    upload = SimpleUploadedFile("order.json", json.dumps(document).encode())
    officer_client.post(UPLOAD, {"file": upload})
    return Dtro.objects.get()


def _section(page: str, element_id: str) -> str:
    found = re.search(rf'<div class="govuk-inset-text" id="{element_id}">(.*?)</div>', page, re.S)
    return found.group(1) if found else ""


def test_a_partial_revoke_under_a_new_order_is_advice_and_can_be_sent(officer_client, tra):
    dtro = _upload(officer_client, _new_order_partly_revoking(tra))
    revision = dtro.current_revision
    assert revision.is_valid
    assert [(i["code"], i["severity"]) for i in revision.validation_issues] == [
        ("action_type_inconsistent", "advice")
    ]

    page = officer_client.get(page_of(dtro)).content.decode()

    advice = _section(page, "validation-advice")
    assert "The D-TRO service accepts this" in advice
    assert "/data/source/provision/0/actionType" in advice
    assert 'id="validation-problems"' not in page  # no problem list: advice is not an error
    assert "with 1 piece of advice" in page
    assert "Send for approval" in page

    response = officer_client.post(reverse("dtro_app:dtro_send_for_approval", args=[dtro.pk]))

    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.state == RevisionState.AWAITING_APPROVAL


def test_the_supervisor_sees_the_advice_apart_and_may_approve(officer_client, supervisor, tra):
    dtro = _upload(officer_client, _new_order_partly_revoking(tra))
    officer_client.post(reverse("dtro_app:dtro_send_for_approval", args=[dtro.pk]))
    revision = dtro.current_revision
    officer_client.force_login(supervisor)  # the same browser, now the supervisor's

    page = officer_client.get(
        reverse("dtro_app:approval_decide", args=[revision.pk])
    ).content.decode()

    assert "The D-TRO service accepts this" in _section(page, "validation-advice")
    assert "Problems to fix before it can be published" not in page
    assert 'id="approval-refused"' not in page
    assert 'value="approve"' in page


def test_advice_and_errors_are_listed_apart(officer_client, tra):
    document = _new_order_partly_revoking(tra)
    document["data"]["source"]["troName"] = ""

    dtro = _upload(officer_client, document)
    page = officer_client.get(page_of(dtro)).content.decode()

    assert not dtro.current_revision.is_valid
    problems = page.split('id="validation-problems"', 1)[1].split("</ul>", 1)[0]
    assert "troName" in problems
    assert "The D-TRO service accepts this" not in problems
    assert "The D-TRO service accepts this" in _section(page, "validation-advice")
    assert "Send for approval</button>" not in page
