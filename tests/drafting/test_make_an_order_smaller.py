"""'Make this order smaller': the order page offers it, the preview shows the sizes and both
maps and saves nothing, saving makes a new draft revision with an audit entry (an amendment
for a published order, which stays as published), and other TRAs' officers get 404."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import pytest
from big_orders import big_order
from django.conf import settings
from django.urls import reverse
from factories import awaiting_approval, draft_dtro, valid_document

from dtro_app.models import AuditEvent, ChangeAction, RevisionOrigin, RevisionState

pytestmark = pytest.mark.django_db


def kerb_line(start_x: float) -> str:
    points = ", ".join(f"{start_x + k:.4f} {333253 + 0.4 * math.sin(k):.4f}" for k in range(60))
    return f"SRID=27700;LINESTRING({points})"


def kerb_document(tra) -> dict:
    """A valid order whose first provision has three kerb lines of one street."""
    document = valid_document(tra)
    provision = document["data"]["source"]["provision"][0]
    template = provision["regulatedPlace"][0]
    places = []
    for start in (444000, 444100, 444200):
        place = copy.deepcopy(template)
        place["linearGeometry"]["linestring"] = kerb_line(start)
        places.append(place)
    provision["regulatedPlace"] = places
    return document


@pytest.fixture
def kerb_draft(tra, officer):
    return draft_dtro(tra, officer, kerb_document(tra))


def shrink_url(dtro) -> str:
    return reverse("dtro_app:dtro_shrink", args=[dtro.pk])


def test_the_order_page_offers_it_in_a_details_section(officer_client, kerb_draft) -> None:
    html = officer_client.get(kerb_draft.get_absolute_url()).content.decode()
    assert 'id="shrink-details"' in html and shrink_url(kerb_draft) in html
    assert 'id="shrink-offer"' not in html


def test_a_big_order_is_offered_it_up_front(officer_client, kerb_draft, monkeypatch) -> None:
    monkeypatch.setattr("dtro_app.drafting.shrink.OFFER_ABOVE_BYTES", 1_000)
    html = officer_client.get(kerb_draft.get_absolute_url()).content.decode()
    assert 'id="shrink-offer"' in html and "Make this order smaller</a>" in html


def test_the_preview_shows_sizes_and_both_maps_and_saves_nothing(officer_client, kerb_draft):
    before = copy.deepcopy(kerb_draft.current_revision.document)

    response = officer_client.get(shrink_url(kerb_draft), {"tolerance": "5", "merge": "yes"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "The result at 5 m, with merging" in html
    assert "180 now, 6 after" in html  # points: three lines of 60, merged as three of 2
    assert "3 now, 1 after (2 merged into others)" in html
    after_map = json.loads(
        html.split('id="portal-map-features" type="application/json">')[1].split("</script>")[0]
    )
    before_map = json.loads(
        html.split('id="portal-map-before" type="application/json">')[1].split("</script>")[0]
    )
    assert len(before_map["features"]) == 3 and len(after_map["features"]) == 1
    assert after_map["features"][0]["geometry"]["type"] == "MultiLineString"
    kerb_draft.refresh_from_db()
    assert kerb_draft.revisions.count() == 1
    assert kerb_draft.current_revision.document == before


def test_saving_makes_a_new_valid_draft_revision_with_an_audit_entry(
    officer_client, officer, kerb_draft
) -> None:
    first = kerb_draft.current_revision

    response = officer_client.post(
        shrink_url(kerb_draft), {"tolerance": "5", "merge": "yes", "revision": str(first.pk)}
    )

    assert response.status_code == 302
    kerb_draft.refresh_from_db()
    revision = kerb_draft.current_revision
    assert revision.number == 2 and revision.state == RevisionState.DRAFT
    assert revision.is_valid, revision.validation_issues
    (place,) = revision.document["data"]["source"]["provision"][0]["regulatedPlace"]
    assert place["linearGeometry"]["linestring"].startswith("SRID=27700;MULTILINESTRING((")
    assert revision.note.startswith("Made smaller at 5 m:")
    first.refresh_from_db()
    assert first.state == RevisionState.SUPERSEDED
    event = AuditEvent.objects.get(action="dtro.shrunk")
    assert event.actor == officer and event.authority == kerb_draft.authority
    assert event.after is not None
    assert event.after["merged"] == 2 and event.after["revision"] == 2


def test_without_merging_the_places_stay_apart(officer_client, kerb_draft) -> None:
    officer_client.post(shrink_url(kerb_draft), {"tolerance": "5"})
    kerb_draft.refresh_from_db()
    places = kerb_draft.current_revision.document["data"]["source"]["provision"][0][
        "regulatedPlace"
    ]
    assert len(places) == 3


def test_a_big_generated_order_gets_smaller(officer_client, tra, officer) -> None:
    big = draft_dtro(tra, officer, big_order(tra, 300))
    html = officer_client.get(shrink_url(big)).content.decode()
    assert 'id="map-is-part"' in html  # only the first 50 provisions are mapped

    officer_client.post(shrink_url(big), {"tolerance": "5", "merge": "yes"})

    big.refresh_from_db()
    first, smaller = big.revisions.order_by("number")
    assert len(json.dumps(smaller.document)) < 0.75 * len(json.dumps(first.document))
    assert smaller.is_valid, smaller.validation_issues[:3]


def test_a_tolerance_that_is_not_a_number_is_refused(officer_client, kerb_draft) -> None:
    response = officer_client.post(shrink_url(kerb_draft), {"tolerance": "five", "merge": "yes"})
    assert response.status_code == 400
    assert "Enter the tolerance as a number of metres" in response.content.decode()
    assert kerb_draft.revisions.count() == 1


def test_a_draft_awaiting_approval_cannot_be_shrunk(officer_client, tra, officer) -> None:
    revision = awaiting_approval(tra, officer, kerb_document(tra))
    assert officer_client.get(shrink_url(revision.dtro)).status_code == 302
    officer_client.post(shrink_url(revision.dtro), {"tolerance": "5", "merge": "yes"})
    assert revision.dtro.revisions.count() == 1


def test_another_tras_officer_gets_404_and_changes_nothing(client, other_officer, kerb_draft):
    client.force_login(other_officer)
    assert client.get(shrink_url(kerb_draft)).status_code == 404
    assert client.post(shrink_url(kerb_draft), {"tolerance": "5"}).status_code == 404
    assert kerb_draft.revisions.count() == 1


@pytest.mark.django_db(transaction=True)
def test_shrinking_a_published_order_makes_an_amendment_and_keeps_what_was_published(
    officer_client, tra, officer, supervisor, sandbox_credential
) -> None:
    from factories import published_dtro

    published = published_dtro(tra, officer, supervisor, kerb_document(tra))
    sent = published.published_revision
    sent_document = copy.deepcopy(sent.document)

    response = officer_client.post(shrink_url(published), {"tolerance": "5", "merge": "yes"})

    assert response.status_code == 302
    published.refresh_from_db()
    assert published.published_revision_id == sent.pk
    sent.refresh_from_db()
    assert sent.document == sent_document
    amendment = published.current_revision
    assert amendment.pk != sent.pk and amendment.state == RevisionState.DRAFT
    assert amendment.origin == RevisionOrigin.AMEND and amendment.action == ChangeAction.UPDATE


def test_a_3_4_order_is_simplified_but_not_merged_and_the_page_says_why(
    officer_client, tra, officer
) -> None:
    from dtro_app.drafting.examples import with_tra

    document = kerb_document(tra)
    document["schemaVersion"] = "3.4.1"
    examples = Path(settings.DTRO_SPEC_DIR) / "examples" / "3.4.1"
    old = json.loads((examples / "example-derbyshire-2024-dj388-partial.json").read_text())
    old["data"]["source"]["provision"][0]["regulatedPlace"] = document["data"]["source"][
        "provision"
    ][0]["regulatedPlace"]
    draft = draft_dtro(tra, officer, with_tra(old, tra.code))
    assert draft.current_revision.is_valid, draft.current_revision.validation_issues

    html = officer_client.get(shrink_url(draft)).content.decode()
    assert 'id="no-merging"' in html and 'name="merge"' not in html

    officer_client.post(shrink_url(draft), {"tolerance": "5", "merge": "yes"})
    draft.refresh_from_db()
    revision = draft.current_revision
    places = revision.document["data"]["source"]["provision"][0]["regulatedPlace"]
    assert revision.number == 2 and len(places) == 3 and revision.is_valid
    assert all(p["linearGeometry"]["linestring"].count(",") == 1 for p in places)
