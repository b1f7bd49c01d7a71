"""Comparing two versions of a big order: quick (provisions compared whole first), the same
rows and line numbers as a line diff of the pretty-printed JSON, 200 lines to a page, and a
filter that finds the changes to a street, a provision or a word."""

from __future__ import annotations

import copy
import re

import pytest
from big_orders import big_order
from django.urls import reverse
from factories import draft_dtro

from dtro_app.catalogue.json_diff import diff_page, diff_rows, pretty_json
from dtro_app.drafting.services import save_draft


def _provisions(document: dict) -> list:
    return document["data"]["source"]["provision"]


def _lines_agree(rows, older, newer) -> None:
    left, right = pretty_json(older).splitlines(), pretty_json(newer).splitlines()
    for row in rows:
        if row.left_number is not None:
            assert left[row.left_number - 1] == row.left, row
        if row.right_number is not None:
            assert right[row.right_number - 1] == row.right, row


def test_one_changed_description_is_one_changed_line_with_its_context(tra):
    older = big_order(tra, 40)
    newer = copy.deepcopy(older)
    _provisions(newer)[17]["provisionDescription"] = "Changed"

    rows = diff_rows(older, newer)

    changed = [row for row in rows if row.label]
    assert [(row.kind, row.right.strip()) for row in changed] == [
        ("changed", '"provisionDescription": "Changed",')
    ]
    assert changed[0].left.strip() == '"provisionDescription": "No waiting, section 000017",'
    assert changed[0].left_provision == changed[0].right_provision == 17
    assert [row.kind for row in rows].count("equal") == 6  # three lines each side
    assert rows[0].kind == rows[-1].kind == "skipped"
    _lines_agree(rows, older, newer)


def test_added_and_removed_provisions_show_whole_with_true_line_numbers(tra):
    older = big_order(tra, 30)
    newer = copy.deepcopy(older)
    del _provisions(newer)[4]
    _provisions(newer).append(copy.deepcopy(_provisions(older)[0]) | {"reference": "NEW-1"})

    rows = diff_rows(older, newer)

    removed = [row for row in rows if row.kind == "removed"]
    added = [row for row in rows if row.kind == "added"]
    assert any('"reference": "BIG-000004"' in row.left for row in removed)
    assert {row.left_provision for row in removed} == {4}
    assert any('"reference": "NEW-1"' in row.right for row in added)
    _lines_agree(rows, older, newer)


def test_two_big_versions_line_diff_only_the_provision_that_changed(tra, monkeypatch):
    from dtro_app.catalogue import json_diff

    older = big_order(tra, 2000)
    newer = copy.deepcopy(older)
    _provisions(newer)[1000]["provisionDescription"] = "Changed"
    line_diffed: list[int] = []
    line_diff = json_diff._Builder.lines

    def counting(self, left, right, *args):
        line_diffed.append(len(left) + len(right))
        return line_diff(self, left, right, *args)

    monkeypatch.setattr(json_diff._Builder, "lines", counting)
    rows = diff_rows(older, newer)

    changed = [row.right.strip() for row in rows if row.label]
    assert changed == ['"provisionDescription": "Changed",']
    # A line diff of the two whole pretty-printed texts took 48 s here: only the changed
    # provision's lines (tens, not the document's tens of thousands) may be line-diffed.
    whole = len(json_diff.pretty_json(older).splitlines())
    assert sum(line_diffed) < 200 < whole


def test_rows_come_200_to_a_page_and_the_filter_keeps_the_stretches_it_finds(tra):
    older = big_order(tra, 60)
    newer = copy.deepcopy(older)
    for index in range(60):
        _provisions(newer)[index]["provisionDescription"] += " (amended)"
    rows = diff_rows(older, newer)

    first, second = diff_page(rows), diff_page(rows, page=2)
    found = diff_page(rows, query="section 000042")
    # A provision the filter finds (by its regulation type's label, in no line of the JSON).
    by_provision = diff_page(rows, query="limited waiting", right_matches={13})

    # Each change takes 8 rows: itself, 3 lines each side, and the fold before the next.
    assert len(rows) == 481
    assert len(first.rows) == 200 and first.pages == 3
    assert second.rows == rows[200:400]
    (change,) = [row for row in found.rows if row.label]
    assert "section 000042" in change.right
    assert len(found.rows) == 8 and found.pages == 1
    (change,) = [row for row in by_provision.rows if row.label]
    assert change.right_provision == 13


@pytest.mark.django_db
def test_the_comparison_page_is_paged_and_filtered(officer_client, tra, officer):
    document = big_order(tra, 120)
    dtro = draft_dtro(tra, officer, document)
    changed = copy.deepcopy(document)
    for index in range(120):
        _provisions(changed)[index]["provisionDescription"] += " (amended)"
    save_draft(dtro, user=officer, document=changed)
    url = reverse("dtro_app:dtro_history_diff", args=[dtro.pk])
    versions = {"a": "revision-1", "b": "revision-2"}

    first = officer_client.get(url, versions).content.decode()
    filtered = officer_client.get(url, {**versions, "q": "Mill Lane"}).content.decode()

    assert "120 changed lines, over 5 pages of 200 lines" in first
    assert first.count("service-diff__row--changed") == 25  # 8 rows each, 200 to a page
    assert 'href="?a=revision-1&amp;b=revision-2&amp;page=2#differences"' in first
    assert 'name="q" type="search"' in first
    # Mill Lane is every third provision: 40 of them changed.
    assert "40 changed lines where the changes match “Mill Lane”" in filtered
    descriptions = re.findall(r"section (\d{6}) \(amended\)", filtered)
    assert descriptions and all(int(n) % 3 == 1 for n in descriptions)
    assert "The map shows the provisions changed on this page of the differences." in first
