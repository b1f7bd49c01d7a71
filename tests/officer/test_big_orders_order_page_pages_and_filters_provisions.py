"""An order's provisions come 50 to a page, with a filter by description, reference, place or
regulation type; the page works as plain links and a GET form."""

from __future__ import annotations

import re

import pytest
from big_orders import big_order
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from factories import draft_dtro, published_dtro

from dtro_app.orders.provisions import (
    matching_provisions,
    provision_count,
    provision_page,
    provision_rows,
    with_provisions,
)
from dtro_app.orders.selectors import timeline
from dtro_validation.document_parts import provision_list_of


def _numbers(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"Provision (\d+):", html)]


def test_a_page_holds_50_provisions_numbered_by_their_place_in_the_order(tra):
    document = big_order(tra, 120)

    first = provision_page(document)
    third = provision_page(document, page="3")

    assert [row.number for row in first.rows] == list(range(1, 51))
    assert (first.number, first.pages, first.total) == (1, 3, 120)
    assert [row.number for row in third.rows] == list(range(101, 121))
    assert (third.first, third.last) == (101, 120)


def test_a_page_number_that_is_not_one_gives_the_first_page_and_past_the_end_the_last(tra):
    document = big_order(tra, 60)

    assert provision_page(document, page="nonsense").number == 1
    assert provision_page(document, page="99").number == 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("section 000007", [7]),  # description
        ("big-000011", [11]),  # reference, any case
        ("mill lane", list(range(1, 60, 3))),  # a place's description
        ("kerbsideLimitedWaiting", list(range(60))),  # the regulation type's code
        ("limited waiting", list(range(60))),  # and its label
        ("nowhere at all", []),
    ],
)
def test_the_filter_finds_provisions_by_description_reference_place_or_regulation_type(
    tra, query, expected
):
    document = big_order(tra, 60)

    assert matching_provisions(document, query) == expected
    assert provision_count(document, query=query) == len(expected)


def test_rows_take_an_offset_a_limit_and_a_query(tra):
    document = big_order(tra, 60)

    rows = provision_rows(document, offset=2, limit=3, query="mill lane")

    assert [row.number for row in rows] == [8, 11, 14]


def test_a_page_of_a_big_order_is_drawn_from_its_own_provisions_only(tra):
    document = big_order(tra, 60)

    part = with_provisions(document, [5, 6])

    assert [p["reference"] for p in provision_list_of(part)] == ["BIG-000005", "BIG-000006"]
    assert len(provision_list_of(document)) == 60  # the order itself is unchanged


@pytest.mark.django_db
def test_the_order_page_shows_one_page_of_provisions_with_links_to_the_others(
    officer_client, tra, officer
):
    dtro = draft_dtro(tra, officer, big_order(tra, 120))
    url = reverse("dtro_app:dtro_detail", args=[dtro.pk])

    first = officer_client.get(url).content.decode()
    second = officer_client.get(url, {"page": 2}).content.decode()

    assert _numbers(first) == list(range(1, 51))
    assert "Provisions 1 to 50 of 120 are shown." in first
    assert 'class="govuk-pagination"' in first
    assert 'href="?page=2#provisions"' in first
    assert _numbers(second) == list(range(51, 101))
    # The map draws the provisions listed, not the whole order.
    assert "The map shows the places of the 50 provisions listed above" in first
    assert first.count('"reference": "BIG-') == 50
    # Asked to, it maps the whole order.
    assert 'href="?map=all#where-it-applies"' in first
    whole = officer_client.get(url, {"map": "all"}).content.decode()
    assert whole.count('"reference": "BIG-') == 120
    assert _numbers(whole) == list(range(1, 51))


@pytest.mark.django_db
def test_the_filter_narrows_the_order_page_and_its_pages_keep_it(officer_client, tra, officer):
    dtro = draft_dtro(tra, officer, big_order(tra, 200))
    url = reverse("dtro_app:dtro_detail", args=[dtro.pk])

    html = officer_client.get(url, {"q": "Mill Lane"}).content.decode()

    assert _numbers(html) == list(range(2, 150, 3))  # the first 50 on Mill Lane
    assert "67 of the 200 provisions match “Mill Lane”: 1 to 50 of them are shown." in html
    assert 'href="?q=Mill+Lane&amp;page=2#provisions"' in html
    assert 'name="q" type="search" value="Mill Lane"' in html
    nothing = officer_client.get(url, {"q": "no such street"}).content.decode()
    assert _numbers(nothing) == []
    assert "0 of the 200 provisions match" in nothing
    assert "Show every provision" in nothing


@pytest.mark.django_db
def test_a_small_order_has_no_filter_or_pages(officer_client, tra, officer):
    dtro = draft_dtro(tra, officer, big_order(tra, 3))

    html = officer_client.get(reverse("dtro_app:dtro_detail", args=[dtro.pk])).content.decode()

    assert _numbers(html) == [1, 2, 3]
    assert 'id="provision-filter"' not in html
    assert "govuk-pagination" not in html


@pytest.mark.django_db
def test_the_timeline_reads_no_document(tra, officer, supervisor, sandbox_credential):
    # A big order's versions are 10 MB each, and the timeline shows none of them.
    dtro = published_dtro(tra, officer, supervisor)

    with CaptureQueriesContext(connection) as queries:
        found = timeline(dtro)

    assert found.revisions and found.submissions
    assert not [q for q in queries.captured_queries if '"dtro_app_revision"."document"' in q["sql"]]
