"""A name search that matches more D-TROs than the cap says "More than", and pages to the cap.

The cap and the page size are made small here so a handful of orders shows the behaviour.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from factories import draft_dtro, valid_document

from dtro_app.orders import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_cap(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 3)
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    return 3


def _harbour_orders(tra, officer, how_many: int) -> list:
    """`how_many` orders named "Harbour Lane ...", oldest first, and one other order."""
    draft_dtro(tra, officer, valid_document(tra, name_suffix="Mill Road"))
    return [
        draft_dtro(tra, officer, valid_document(tra, name_suffix=f"Harbour Lane {n}"))
        for n in range(how_many)
    ]


def test_past_the_cap_it_says_more_than_and_pages_the_newest_up_to_the_cap(
    officer_client, tra, officer, small_cap
):
    harbour = _harbour_orders(tra, officer, 5)
    url = reverse("dtro_app:dashboard")
    first = officer_client.get(url, {"q": "harbour lane"})
    html = first.content.decode()
    assert "More than 3 D-TROs match “harbour lane”" in html
    assert "5 D-TROs" not in html
    page = first.context["board"].page
    assert page.paginator.count == 3
    assert page.paginator.num_pages == 2
    assert first.context["pagination"] is not None  # the officer can go on to page 2

    second = officer_client.get(url, {"q": "harbour lane", "page": 2}).context["board"].page
    listed = list(page.object_list) + list(second.object_list)
    assert listed == [harbour[4], harbour[3], harbour[2]]  # the newest three, newest first
    # A page past the cap shows the last page, as any page past the end does.
    beyond = officer_client.get(url, {"q": "harbour lane", "page": 3}).context["board"].page
    assert list(beyond.object_list) == [harbour[2]]


def test_up_to_the_cap_the_count_is_exact(officer_client, tra, officer, small_cap):
    _harbour_orders(tra, officer, 3)
    response = officer_client.get(reverse("dtro_app:dashboard"), {"q": "harbour lane"})
    html = response.content.decode()
    assert "3 D-TROs matching “harbour lane”" in html
    assert "More than" not in html


def test_without_a_search_the_count_is_never_capped(officer_client, tra, officer, small_cap):
    _harbour_orders(tra, officer, 4)
    response = officer_client.get(reverse("dtro_app:dashboard"))
    assert response.context["board"].page.paginator.count == 5
    assert "More than" not in response.content.decode()


def test_sending_all_matching_drafts_past_the_cap_gives_no_count(
    officer_client, tra, officer, small_cap
):
    _harbour_orders(tra, officer, 4)
    response = officer_client.get(
        reverse("dtro_app:dashboard"), {"q": "harbour lane", "status": "draft"}
    )
    html = response.content.decode()
    assert "Send all matching drafts for approval" in html
    assert "Send all 3 matching" not in html


def test_a_search_with_less_than_a_page_of_matches_reads_them_once(
    officer_client, tra, officer, small_cap
):
    harbour = _harbour_orders(tra, officer, 1)
    with CaptureQueriesContext(connection) as queries:
        response = officer_client.get(reverse("dtro_app:dashboard"), {"q": "harbour lane"})
    assert list(response.context["board"].page.object_list) == harbour
    assert "1 D-TRO matching “harbour lane”" in response.content.decode()
    searches = [q["sql"] for q in queries.captured_queries if "LIKE" in q["sql"].upper()]
    assert len(searches) == 1, searches
