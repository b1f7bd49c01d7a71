"""The approval page reads as a supervisor needs it: the order and each provision in plain
English, for an amendment or revocation what changes against the published version, the
validation result, and approve or reject on the same page (never one's own draft)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from factories import amendment_awaiting_approval, awaiting_approval, published_dtro

from dtro_app.drafting.revocation import build_revocation
from dtro_app.drafting.services import save_draft, send_for_approval
from dtro_app.models import Revision, RevisionOrigin, Submission

pytestmark = pytest.mark.django_db(transaction=True)

PUBLISHED_LINE = "SRID=27700;LINESTRING(444200 333200, 444300 333260, 444400 333300)"
AMENDED_LINE = "SRID=27700;LINESTRING(444200 333200, 444300 333460, 444400 333300)"


def page(client: Any, revision: Revision) -> str:
    response = client.get(reverse("dtro_app:approval_decide", args=[revision.pk]))
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_new_order_is_summarised_with_no_changes_section(
    supervisor_client: Any, officer: Any, tra: Any
) -> None:
    revision = awaiting_approval(tra, officer)
    provision = revision.document["data"]["source"]["provision"][0]

    html = page(supervisor_client, revision)

    text = text_of(html)
    assert 'id="provision-1"' in html
    assert f"Provision 1: {provision['provisionDescription']}" in text
    assert "What it does" in text
    for heading in ("What", "Where", "When", "For whom"):
        assert f'<dt class="govuk-summary-list__key">{heading}</dt>' in html
    assert provision["regulatedPlace"][0]["description"] in text
    assert 'id="what-changes"' not in html
    assert "Valid" in text_of(html.split('id="approval-validation"')[1][:400])


def test_an_amendment_shows_what_changes_and_can_be_approved_on_the_same_page(
    supervisor_client: Any, officer: Any, supervisor: Any, tra: Any, sandbox_credential: Any
) -> None:
    revision = amendment_awaiting_approval(
        tra, officer, supervisor, published_line=PUBLISHED_LINE, amended_line=AMENDED_LINE
    )
    reference = revision.document["data"]["source"]["provision"][0]["reference"]

    html = page(supervisor_client, revision)

    table = text_of(html.split('id="what-changes-table"')[1].split("</table>")[0])
    assert f"Place 1 of provision 1 ref {reference}" in table
    # The middle point moved 200 m north: 186 m from the line as published.
    assert "Line moved (by up to 186 m)" in table
    assert 'id="provision-1"' in html
    response = supervisor_client.post(
        reverse("dtro_app:approval_decide", args=[revision.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    assert Submission.objects.filter(revision=revision).exists()


def test_a_full_revocation_says_the_whole_order_is_revoked(
    supervisor_client: Any, officer: Any, supervisor: Any, tra: Any, sandbox_credential: Any
) -> None:
    dtro = published_dtro(tra, officer, supervisor)
    revoking = build_revocation(dtro.published_revision.document, full=True)
    draft = save_draft(dtro, user=officer, document=revoking, origin=RevisionOrigin.REVOKE)
    revision = send_for_approval(draft, user=officer)
    count = len(revoking["data"]["source"]["provision"])

    html = page(supervisor_client, revision)

    expected = f"all {count} provisions" if count != 1 else "its one provision"
    table = text_of(html.split('id="what-changes-table"')[1].split("</table>")[0])
    assert f"The whole order Revoked {expected.capitalize()}" in table
    assert "Full revocation" in text_of(html.split('id="provision-1"')[1][:600])


def test_a_supervisor_sees_the_changes_of_their_own_amendment_but_cannot_approve_it(
    client: Any,
    supervisor: Any,
    second_supervisor: Any,
    tra: Any,
    sandbox_credential: Any,
) -> None:
    # Drafted and sent by `supervisor`; the first version approved by a second supervisor.
    revision = amendment_awaiting_approval(
        tra,
        supervisor,
        second_supervisor,
        published_line=PUBLISHED_LINE,
        amended_line=AMENDED_LINE,
    )
    client.force_login(supervisor)

    html = page(client, revision)
    refused = client.post(
        reverse("dtro_app:approval_decide", args=[revision.pk]), {"decision": "approve"}
    )

    assert "Line moved" in text_of(html)
    assert 'id="approval-refused"' in html
    assert "Approve and publish" not in html
    assert refused.status_code == 400
    assert not Submission.objects.filter(revision=revision).exists()


def test_problems_found_since_it_was_sent_are_listed_in_plain_english(
    supervisor_client: Any, officer: Any, tra: Any
) -> None:
    revision = awaiting_approval(tra, officer)
    # As a later re-validation (a newer rule, a schema refresh) would leave it.
    Revision.objects.filter(pk=revision.pk).update(
        is_valid=False,
        validation_issues=[
            {"message": "The end must be after the start.", "path": "/data/source/provision/0"}
        ],
    )

    html = page(supervisor_client, revision)

    assert "1 problem" in text_of(html.split('id="approval-validation"')[1][:400])
    problems = text_of(html.split('id="validation-problems"')[1][:600])
    assert "The end must be after the start." in problems
