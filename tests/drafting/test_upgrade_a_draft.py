"""'Upgrade this draft': the order page offers it, the report page changes nothing, confirming
saves a new draft revision with an audit entry, and other TRAs' officers get 404."""

from __future__ import annotations

import copy
import json

import pytest
from django.conf import settings
from django.urls import reverse
from factories import awaiting_approval, draft_dtro

from dtro_app.drafting.examples import with_tra
from dtro_app.models import AuditEvent, RevisionState

pytestmark = pytest.mark.django_db

EXAMPLES = settings.DTRO_SPEC_DIR


def example(version: str, name: str = "example-derbyshire-2024-dj388-partial.json") -> dict:
    path = f"{EXAMPLES}/examples/{version}/{name}"
    with open(path, encoding="utf-8-sig") as file:
        return json.load(file)


@pytest.fixture
def old_draft(tra, officer):
    return draft_dtro(tra, officer, with_tra(example("3.5.1"), tra.code))


def upgrade_url(dtro) -> str:
    return reverse("dtro_app:dtro_upgrade", args=[dtro.pk])


def test_the_order_page_offers_the_upgrade(officer_client, old_draft) -> None:
    html = officer_client.get(old_draft.get_absolute_url()).content.decode()
    assert "Upgrade this draft to 4.0.0" in html
    assert upgrade_url(old_draft) in html


def test_a_current_draft_is_offered_nothing(officer_client, tra, officer) -> None:
    current = draft_dtro(tra, officer, with_tra(example("4.0.0"), tra.code))
    assert (
        "Upgrade this draft" not in officer_client.get(current.get_absolute_url()).content.decode()
    )
    response = officer_client.get(upgrade_url(current))
    assert response.status_code == 302
    assert current.revisions.count() == 1


def test_the_report_page_shows_the_changes_and_saves_nothing(officer_client, old_draft) -> None:
    before = copy.deepcopy(old_draft.current_revision.document)

    response = officer_client.get(upgrade_url(old_draft))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Upgrade to version 4.0.0" in html
    assert "The regulation is written as one object, not a list of one." in html
    assert "None: the upgraded draft is valid under version 4.0.0." in html
    assert "1 January 2025 is the date DfT" in html  # the placeholders are flagged too
    old_draft.refresh_from_db()
    assert old_draft.revisions.count() == 1
    assert old_draft.current_revision.document == before
    assert not AuditEvent.objects.filter(action="dtro.upgraded").exists()


def test_a_big_order_lists_200_changes_and_counts_the_rest(officer_client, tra, officer) -> None:
    document = with_tra(example("3.5.1"), tra.code)
    provisions = document["data"]["source"]["provision"]
    for number in range(1, 150):
        provision = copy.deepcopy(provisions[0])
        provision["reference"] = f"{provision['reference']}-{number}"
        provisions.append(provision)
    big = draft_dtro(tra, officer, document)

    html = officer_client.get(upgrade_url(big)).content.decode()

    # Two changes per provision (its regulation and its condition become objects).
    assert '<dd class="govuk-summary-list__value">300</dd>' in html
    assert html.count("not a list of one.</td>") == 200
    assert "And 100 more changes." in html


def test_confirming_saves_a_new_draft_revision_with_an_audit_entry(
    officer_client, officer, old_draft
) -> None:
    first = old_draft.current_revision

    response = officer_client.post(
        upgrade_url(old_draft), {"target": "4.0.0", "revision": str(first.pk)}
    )

    assert response.status_code == 302
    old_draft.refresh_from_db()
    revision = old_draft.current_revision
    assert revision.number == 2 and revision.state == RevisionState.DRAFT
    assert revision.schema_version == "4.0.0" == old_draft.schema_version
    assert isinstance(revision.document["data"]["source"]["provision"][0]["regulation"], dict)
    assert revision.is_valid, revision.validation_issues
    assert revision.created_by == officer
    assert revision.note.startswith("Upgraded from 3.5.1 to 4.0.0: 2 changes")
    first.refresh_from_db()
    assert first.state == RevisionState.SUPERSEDED and first.schema_version == "3.5.1"
    event = AuditEvent.objects.get(action="dtro.upgraded")
    assert event.actor == officer and event.authority == old_draft.authority
    assert event.after["schemaVersion"] == "4.0.0"


def test_a_report_read_before_the_draft_changed_is_not_applied(
    officer_client, officer, old_draft
) -> None:
    stale = old_draft.current_revision.pk
    changed = copy.deepcopy(old_draft.current_revision.document)
    changed["data"]["source"]["statementDescription"] = "Changed meanwhile"
    officer_client.post(
        reverse("dtro_app:dtro_edit_json", args=[old_draft.pk]), {"document": json.dumps(changed)}
    )

    response = officer_client.post(upgrade_url(old_draft), {"target": "4.0.0", "revision": stale})

    assert response.status_code == 400
    assert "changed since you read the upgrade report" in response.content.decode()
    old_draft.refresh_from_db()
    assert old_draft.current_revision.schema_version == "3.5.1"


def test_a_draft_awaiting_approval_cannot_be_upgraded(officer_client, tra, officer) -> None:
    revision = awaiting_approval(tra, officer, with_tra(example("3.5.1"), tra.code))
    response = officer_client.post(
        upgrade_url(revision.dtro), {"target": "4.0.0", "revision": revision.pk}
    )
    assert response.status_code == 302
    assert revision.dtro.revisions.count() == 1


def test_another_tras_officer_gets_404_and_changes_nothing(
    client, other_officer, old_draft
) -> None:
    client.force_login(other_officer)
    assert client.get(upgrade_url(old_draft)).status_code == 404
    response = client.post(
        upgrade_url(old_draft), {"target": "4.0.0", "revision": old_draft.current_revision.pk}
    )
    assert response.status_code == 404
    assert old_draft.revisions.count() == 1


@pytest.mark.django_db(transaction=True)
def test_upgrading_a_published_order_makes_an_amendment_and_keeps_what_was_published(
    officer_client, tra, officer, supervisor, sandbox_credential
) -> None:
    from factories import published_dtro

    from dtro_app.models import ChangeAction, RevisionOrigin

    published = published_dtro(tra, officer, supervisor, with_tra(example("3.5.1"), tra.code))
    sent = published.published_revision
    sent_document = copy.deepcopy(sent.document)
    assert (
        "Upgrade this draft to 4.0.0"
        in officer_client.get(published.get_absolute_url()).content.decode()
    )

    response = officer_client.post(upgrade_url(published), {"target": "4.0.0", "revision": sent.pk})

    assert response.status_code == 302
    published.refresh_from_db()
    assert published.published_revision_id == sent.pk
    sent.refresh_from_db()
    assert sent.document == sent_document and sent.schema_version == "3.5.1"
    amendment = published.current_revision
    assert amendment.pk != sent.pk and amendment.schema_version == "4.0.0"
    assert amendment.state == RevisionState.DRAFT
    assert amendment.origin == RevisionOrigin.AMEND
    assert amendment.action == ChangeAction.UPDATE
