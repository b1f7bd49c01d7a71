"""Diff: any two versions side by side, each change labelled in words."""

from __future__ import annotations

import pytest
from django.urls import reverse
from service_helpers import publish_update, published_dtro

from dtro_app.catalogue.json_diff import diff_rows

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_revisions_show_the_renamed_order_as_a_labelled_change(
    officer_client, tra, officer, supervisor, sandbox_credential
):
    dtro = published_dtro(tra, officer, supervisor)
    original_name = dtro.name
    dtro = publish_update(dtro, officer, supervisor, new_name="Renamed for the diff")

    response = officer_client.get(
        reverse("dtro_app:dtro_history_diff", args=[dtro.pk]),
        {"a": "revision-1", "b": "service"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Renamed for the diff" in html
    assert original_name in html
    assert ">Changed<" in html
    assert "Unchanged lines not shown" in html


def test_comparing_a_version_with_itself_is_refused(
    officer_client, tra, officer, supervisor, sandbox_credential
):
    dtro = published_dtro(tra, officer, supervisor)

    response = officer_client.get(
        reverse("dtro_app:dtro_history_diff", args=[dtro.pk]), {"a": "service", "b": "service"}
    )

    assert "Choose two different versions to compare" in response.content.decode()


def test_diff_rows_pair_changes_and_mark_additions_and_removals():
    older = {"name": "Old", "keep": 1, "gone": True}
    newer = {"name": "New", "keep": 1, "added": [1]}

    rows = diff_rows(older, newer, context=1)

    kinds = [(row.kind, row.left.strip(), row.right.strip(), row.label) for row in rows]
    assert ("changed", '"gone": true,', '"added": [', "Changed") in kinds
    assert ("added", "", "1", "Added") in kinds
    assert ("changed", '"name": "Old"', '"name": "New"', "Changed") in kinds
    assert all(r.label for r in rows if r.kind in {"changed", "added", "removed"})
    assert not [r for r in rows if r.kind == "equal" and r.label]


def test_identical_versions_have_no_rows():
    assert diff_rows({"a": 1}, {"a": 1}) == []
