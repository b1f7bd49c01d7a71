"""Results come a page at a time with GOV.UK pagination."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse
from service_helpers import held_elsewhere

from dtro_app.catalogue.reads import ResultPage, pagination

pytestmark = pytest.mark.django_db(transaction=True)


def test_eleven_records_make_two_pages_of_ten(officer_client, tra, sandbox_credential):
    for number in range(11):
        held_elsewhere(sandbox_credential, tra, name_suffix=f"paged {number:02d}")

    first = officer_client.get(reverse("dtro_app:search"), {"troName": "paged", "pageSize": 10})
    second = officer_client.get(
        reverse("dtro_app:search"), {"troName": "paged", "pageSize": 10, "page": 2}
    )

    first_html, second_html = first.content.decode(), second.content.decode()
    assert "Showing 1 to 10 of 11 D-TROs." in first_html
    assert 'class="govuk-pagination"' in first_html
    assert 'rel="next"' in first_html
    assert "Showing 11 to 11 of 11 D-TROs." in second_html
    assert 'rel="prev"' in second_html
    assert 'aria-current="page">2<' in second_html


def test_pagination_keeps_the_filters_and_folds_distant_pages():
    request = RequestFactory().get("/search/", {"troName": "Bus lane", "page": "5"})

    links = pagination(request, ResultPage(items=[{}], page=5, page_size=10, total=200))

    assert links is not None
    numbers = [item.get("number") for item in links["items"]]
    assert numbers == [1, None, 4, 5, 6, None, 20]
    assert "troName=Bus+lane" in links["next"]
    assert "page=6" in links["next"]
    assert "page=4" in links["previous"]


def test_a_single_page_needs_no_pagination():
    request = RequestFactory().get("/search/")

    assert pagination(request, ResultPage(items=[{}], page=1, page_size=10, total=3)) is None
