"""The approval page summarises an order's provisions 50 to a page, with the same filter as the
order's page; a big order's JSON is a download, not megabytes of page."""

from __future__ import annotations

import json
import re

import pytest
from big_orders import big_order
from django.urls import reverse
from factories import awaiting_approval

pytestmark = pytest.mark.django_db


def _summarised(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'id="provision-(\d+)"', html)]


def test_the_summaries_come_a_page_at_a_time(supervisor_client, tra, officer):
    revision = awaiting_approval(tra, officer, big_order(tra, 120))
    url = reverse("dtro_app:approval_decide", args=[revision.pk])

    first = supervisor_client.get(url).content.decode()
    last = supervisor_client.get(url, {"page": 3}).content.decode()

    assert _summarised(first) == list(range(1, 51))
    assert "Provisions 1 to 50 of 120 are shown." in first
    assert 'href="?page=2#provisions"' in first
    assert _summarised(last) == list(range(101, 121))
    assert "The map shows the places of the 20 provisions listed above" in last
    assert last.count('"reference": "BIG-') == 20


def test_the_filter_finds_provisions_to_summarise(supervisor_client, tra, officer):
    revision = awaiting_approval(tra, officer, big_order(tra, 120))
    url = reverse("dtro_app:approval_decide", args=[revision.pk])

    html = supervisor_client.get(url, {"q": "section 000100"}).content.decode()

    assert _summarised(html) == [101]
    assert "1 of the 120 provisions match “section 000100”." in html
    # Approving and rejecting are still on the page.
    assert 'name="decision" value="approve"' in html


def test_a_big_orders_json_is_offered_as_a_download(supervisor_client, tra, officer):
    revision = awaiting_approval(tra, officer, big_order(tra, 120))

    html = supervisor_client.get(
        reverse("dtro_app:approval_decide", args=[revision.pk])
    ).content.decode()

    download = reverse("dtro_app:dtro_json_document", args=[revision.dtro_id]) + "?download=1"
    assert "too big to show on this page" in html
    assert f'href="{download}"' in html
    assert "The D-TRO as JSON" not in html
    answer = supervisor_client.get(download)
    assert answer["Content-Disposition"].startswith("attachment;")
    assert json.loads(answer.content) == revision.document


def test_a_small_orders_json_is_on_the_page(supervisor_client, tra, officer):
    revision = awaiting_approval(tra, officer, big_order(tra, 2))

    html = supervisor_client.get(
        reverse("dtro_app:approval_decide", args=[revision.pk])
    ).content.decode()

    assert "The D-TRO as JSON" in html
    assert _summarised(html) == [1, 2]
    assert 'id="provision-filter"' not in html
