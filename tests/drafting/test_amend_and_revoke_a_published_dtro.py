"""A published D-TRO is amended (origin amend, action update) or revoked through a new draft."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from drafting_helpers import page_of
from factories import draft_dtro, published_dtro

from dtro_app.models import ChangeAction, RevisionOrigin

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published(tra, officer, supervisor, sandbox_credential):
    return published_dtro(tra, officer, supervisor)


def test_editing_a_published_dtro_makes_an_amendment(officer_client, published):
    document = published.published_revision.document
    document["data"]["source"]["actionType"] = "amendment"
    document["data"]["source"]["statementDescription"] = "Amended statement"

    response = officer_client.post(
        reverse("dtro_app:dtro_edit_json", args=[published.pk]), {"document": json.dumps(document)}
    )

    assert response.status_code == 302
    published.refresh_from_db()
    revision = published.current_revision
    assert revision.origin == RevisionOrigin.AMEND
    assert revision.action == ChangeAction.UPDATE


def test_a_full_revocation_is_saved_as_a_draft_update(officer_client, published):
    response = officer_client.post(
        reverse("dtro_app:dtro_revoke", args=[published.pk]),
        {"scope": "full", "note": "Scheme ended"},
    )

    assert response.status_code == 302
    assert response["Location"] == page_of(published)
    published.refresh_from_db()
    revision = published.current_revision
    assert revision.origin == RevisionOrigin.REVOKE
    assert revision.action == ChangeAction.UPDATE
    assert revision.is_valid, revision.validation_issues
    provisions = revision.document["data"]["source"]["provision"]
    assert {p["actionType"] for p in provisions} == {"fullRevoke"}


def test_the_revoke_page_lists_the_provisions_to_choose_from(officer_client, published):
    html = officer_client.get(reverse("dtro_app:dtro_revoke", args=[published.pk])).content.decode()

    for provision in published.published_revision.document["data"]["source"]["provision"]:
        assert f'value="{provision["reference"]}"' in html


def test_a_partial_revocation_without_provisions_is_refused(officer_client, published):
    response = officer_client.post(
        reverse("dtro_app:dtro_revoke", args=[published.pk]), {"scope": "partial"}
    )

    assert response.status_code == 400
    assert "Select the provisions to revoke" in response.content.decode()


def test_a_draft_that_was_never_published_cannot_be_revoked(officer_client, tra, officer):
    dtro = draft_dtro(tra, officer)

    response = officer_client.post(
        reverse("dtro_app:dtro_revoke", args=[dtro.pk]), {"scope": "full"}
    )

    assert response.status_code == 302
    assert dtro.revisions.count() == 1
