"""A revocation, published through the outbox to the sandbox, shows as its own state: the
dashboard and the order's page say "Revoked" (or "Partly revoked"), never "Published"."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from factories import approved_submission, valid_document

from dtro_app.approvals.services import approve
from dtro_app.models import Dtro, DtroStatus, Submission, SubmissionState

pytestmark = pytest.mark.django_db(transaction=True)


def _two_provisions(authority: Any) -> dict[str, Any]:
    document = valid_document(authority)
    provisions = document["data"]["source"]["provision"]
    second = {**provisions[0], "reference": "second-provision"}
    provisions.append(second)
    return document


def published(authority: Any, officer: Any, supervisor: Any, document: Any = None) -> Dtro:
    """Approved, and so delivered at once (tasks run as they are enqueued)."""
    submission = approved_submission(authority, officer, supervisor, document)
    dtro = Dtro.objects.get(pk=submission.dtro_id)
    assert dtro.status == DtroStatus.PUBLISHED
    return dtro


def state_on_page(client: Client, dtro: Dtro) -> str:
    html = client.get(dtro.get_absolute_url()).content.decode()
    cell = re.search(r'id="dtro-state">(.*?)</dd>', html, re.S)
    assert cell is not None
    return re.sub(r"<[^>]+>", "", cell.group(1)).strip()


def state_on_dashboard(client: Client, dtro: Dtro) -> str:
    html = client.get(reverse("dtro_app:dashboard")).content.decode()
    row = re.search(rf"{dtro.reference}</a></td>(.*?)</tr>", html, re.S)
    assert row is not None
    tags = re.findall(r'class="govuk-tag[^"]*">([^<]+)</strong>', row.group(1))
    return tags[-1]


def revoke_and_publish(
    client: Client, dtro: Dtro, officer: Any, supervisor: Any, form: dict[str, Any]
) -> Dtro:
    """The officer revokes and sends for approval; approving queues the change, and the
    outbox delivers it to the sandbox as soon as the approval commits."""
    client.force_login(officer)
    assert client.post(reverse("dtro_app:dtro_revoke", args=[dtro.pk]), form).status_code == 302
    client.post(reverse("dtro_app:dtro_send_for_approval", args=[dtro.pk]))
    dtro.refresh_from_db()
    submission = approve(dtro.current_revision, user=supervisor)
    assert Submission.objects.get(pk=submission.pk).state == SubmissionState.SUCCEEDED
    return Dtro.objects.get(pk=dtro.pk)


def test_a_published_full_revocation_says_revoked(
    client, tra, officer, supervisor, sandbox_credential, deliver_immediately
):
    dtro = published(tra, officer, supervisor)
    client.force_login(officer)
    assert state_on_page(client, dtro) == "Published"

    dtro = revoke_and_publish(client, dtro, officer, supervisor, {"scope": "full"})

    assert dtro.status == DtroStatus.REVOKED
    assert state_on_page(client, dtro) == "Revoked"
    assert state_on_dashboard(client, dtro) == "Revoked"
    # Nothing is left to revoke.
    revoke = reverse("dtro_app:dtro_revoke", args=[dtro.pk])
    assert revoke not in client.get(dtro.get_absolute_url()).content.decode()
    filtered = client.get(reverse("dtro_app:dashboard"), {"status": "revoked"})
    assert list(filtered.context["board"].page.object_list) == [dtro]


def test_a_published_partial_revocation_says_partly_revoked(
    client, tra, officer, supervisor, sandbox_credential, deliver_immediately
):
    dtro = published(tra, officer, supervisor, _two_provisions(tra))

    dtro = revoke_and_publish(
        client, dtro, officer, supervisor, {"scope": "partial", "provisions": ["second-provision"]}
    )

    assert dtro.status == DtroStatus.PARTLY_REVOKED
    assert state_on_page(client, dtro) == "Partly revoked"
    assert state_on_dashboard(client, dtro) == "Partly revoked"
    revoke = reverse("dtro_app:dtro_revoke", args=[dtro.pk])
    assert revoke in client.get(dtro.get_absolute_url()).content.decode()


def test_a_revocation_awaiting_approval_leaves_the_order_shown_as_waiting_then_revoked(
    client, tra, officer, supervisor, sandbox_credential, deliver_immediately
):
    dtro = published(tra, officer, supervisor)
    client.force_login(officer)
    client.post(reverse("dtro_app:dtro_revoke", args=[dtro.pk]), {"scope": "full"})
    client.post(reverse("dtro_app:dtro_send_for_approval", args=[dtro.pk]))
    assert state_on_page(client, dtro) == "Awaiting approval"

    dtro.refresh_from_db()
    approve(dtro.current_revision, user=supervisor)

    assert state_on_page(client, dtro) == "Revoked"
