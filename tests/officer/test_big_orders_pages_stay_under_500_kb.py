"""A big order's pages send under 500 KB of HTML each: the order, its approval, the comparison
of two versions and the JSON editor (the full 10 MB order's figures are in bench/pages.py)."""

from __future__ import annotations

import copy
import json

import pytest
from big_orders import big_order
from django.urls import reverse
from factories import draft_dtro

from dtro_app.drafting.services import save_draft, send_for_approval

pytestmark = pytest.mark.django_db

LIMIT = 500 * 1024


@pytest.fixture
def big(tra, officer):
    """An order of 2,000 provisions (about 3.5 MB of JSON), its second version awaiting
    approval with one provision changed."""
    document = big_order(tra, 2000)
    dtro = draft_dtro(tra, officer, document)
    changed = copy.deepcopy(document)
    changed["data"]["source"]["provision"][1234]["provisionDescription"] = "Changed"
    revision = send_for_approval(save_draft(dtro, user=officer, document=changed), user=officer)
    assert len(json.dumps(changed)) > 3 * 1024 * 1024
    return dtro, revision


def _size(client, url: str, **params: str) -> int:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return len(response.content)


def test_the_order_page(officer_client, big):
    dtro, _ = big
    url = reverse("dtro_app:dtro_detail", args=[dtro.pk])

    assert _size(officer_client, url) < LIMIT
    assert _size(officer_client, url, page="40") < LIMIT


def test_the_approval_page(supervisor_client, big):
    _, revision = big

    assert _size(supervisor_client, reverse("dtro_app:approval_decide", args=[revision.pk])) < LIMIT


def test_the_comparison_page(officer_client, big):
    dtro, _ = big
    url = reverse("dtro_app:dtro_history_diff", args=[dtro.pk])

    assert _size(officer_client, url, a="revision-1", b="revision-2") < LIMIT


def test_the_json_editor_page_above_and_below_its_size_threshold(officer_client, big, settings):
    dtro, _ = big
    url = reverse("dtro_app:dtro_edit_json", args=[dtro.pk])

    assert _size(officer_client, url) < LIMIT  # over 2 MB: download and upload
    settings.DTRO_EDITOR_MAX_BYTES = 20 * 1024 * 1024
    assert _size(officer_client, url) < LIMIT  # the editor fetches the JSON itself
