"""A search that finds nothing reports the page that was asked for, not page 1."""

from __future__ import annotations

import pytest
from sandbox_helpers import Api

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", [1, 3])
def test_an_empty_search_reports_the_page_asked(publisher: Api, page: int) -> None:
    query = {"page": page, "pageSize": 10, "queries": [{"troName": "nothing like this"}]}
    response = publisher.post("search", query)
    assert response.status_code == 200
    assert response.json() == {"results": [], "page": page, "pageSize": 0, "totalCount": 0}


def test_a_page_past_the_last_match_is_empty_and_reports_its_number(
    publisher: Api, document: dict
) -> None:
    publisher.create(document)
    body = publisher.post("search", {"page": 4, "pageSize": 5, "queries": [{}]}).json()
    assert body == {"results": [], "page": 4, "pageSize": 0, "totalCount": 1}
