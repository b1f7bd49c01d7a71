from __future__ import annotations

import copy

import pytest
from sandbox_helpers import TRA, Api, with_tra

pytestmark = pytest.mark.django_db


def with_start(document: dict, start: str) -> dict:
    """The example with every time validity starting at `start` (local time)."""
    document = copy.deepcopy(document)

    def visit(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("timeValidity"), dict):
                node["timeValidity"]["start"] = start
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(document["data"])
    return document


def test_search_returns_results_in_the_icd_shape(publisher: Api, document: dict) -> None:
    dtro_id = publisher.create(document)
    response = publisher.post(
        "search", {"page": 1, "pageSize": 50, "queries": [{"traCreator": TRA}]}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["page"] == 1 and body["pageSize"] == 1 and body["totalCount"] == 1
    result = body["results"][0]
    assert result["id"] == dtro_id
    assert {
        "troName", "publicationTime", "trafficAuthorityCreatorId", "trafficAuthorityOwnerId",
        "regulationType", "vehicleType", "orderReportingPoint", "regulationStart", "regulationEnd",
    } <= set(result)  # fmt: skip


def test_search_with_no_match_returns_the_empty_shape(publisher: Api) -> None:
    response = publisher.post(
        "search", {"page": 1, "pageSize": 50, "queries": [{"troName": "nothing like this"}]}
    )
    assert response.status_code == 200
    assert response.json() == {"results": [], "page": 1, "pageSize": 0, "totalCount": 0}


def test_queries_are_ored_and_fields_anded(publisher: Api, document: dict) -> None:
    first = with_tra(document, TRA, name_suffix="alpha")
    second = with_tra(document, TRA, name_suffix="bravo")
    publisher.create(first)
    publisher.create(second)
    both = publisher.post(
        "search",
        {"page": 1, "pageSize": 50, "queries": [{"troName": "alpha"}, {"troName": "bravo"}]},
    ).json()
    assert both["totalCount"] == 2
    none = publisher.post(
        "search",
        {"page": 1, "pageSize": 50, "queries": [{"troName": "alpha", "traCreator": 1}]},
    ).json()
    assert none["totalCount"] == 0


def test_page_size_over_fifty_is_refused(publisher: Api) -> None:
    response = publisher.post("search", {"page": 1, "pageSize": 51, "queries": [{}]})
    assert response.status_code == 400
    assert response.json()["errors"]["pageSize"] == ["The field PageSize must be between 1 and 50."]


def test_paging_splits_the_results(publisher: Api, document: dict) -> None:
    for suffix in ("one", "two", "three"):
        publisher.create(with_tra(document, TRA, name_suffix=suffix))
    second_page = publisher.post("search", {"page": 2, "pageSize": 2, "queries": [{}]}).json()
    assert second_page["pageSize"] == 1 and second_page["totalCount"] == 3


@pytest.mark.parametrize(
    ("operator", "value", "matches"),
    [
        ("=", "2024-08-01T08:00:00", True),
        (">", "2024-08-01T08:00:00", False),
        (">=", "2024-08-01T08:00:00", True),
        ("<", "2024-08-01T09:00:00", True),
        ("<=", "2024-08-01T07:59:59", False),
    ],
)
def test_regulation_start_operators_compare_the_stored_time_validity(
    publisher: Api, document: dict, operator: str, value: str, matches: bool
) -> None:
    publisher.create(with_start(document, "2024-08-01T08:00:00"))
    response = publisher.post(
        "search",
        {
            "page": 1,
            "pageSize": 50,
            "queries": [{"regulationStart": {"operator": operator, "value": value}}],
        },
    )
    assert response.status_code == 200
    assert (response.json()["totalCount"] == 1) is matches


def test_an_unknown_operator_is_refused(publisher: Api) -> None:
    response = publisher.post(
        "search",
        {
            "page": 1,
            "pageSize": 5,
            "queries": [{"regulationEnd": {"operator": "!=", "value": "2024-01-01T00:00:00"}}],
        },
    )
    assert response.status_code == 400


def test_deleted_records_are_found_only_with_deletion_time(publisher: Api, document: dict) -> None:
    dtro_id = publisher.create(document)
    publisher.delete(f"dtros/{dtro_id}")
    live = publisher.post("search", {"page": 1, "pageSize": 5, "queries": [{}]}).json()
    assert live["totalCount"] == 0
    deleted = publisher.post(
        "search", {"page": 1, "pageSize": 5, "queries": [{"deletionTime": "2000-01-01T00:00:00"}]}
    ).json()
    assert [r["id"] for r in deleted["results"]] == [dtro_id]
