"""The upgrade offer on an order's page, and the upgrade report (changes, what needs a person,
remaining problems, placeholders), pass axe-core in Chromium; confirming in the browser saves
the upgraded draft."""

from __future__ import annotations

import copy
import json

import pytest
from django.conf import settings
from django.urls import reverse
from factories import draft_dtro

from dtro_app.drafting.examples import with_tra
from tests.browser.browser_helpers import serious_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def example(version: str, name: str) -> dict:
    path = f"{settings.DTRO_SPEC_DIR}/examples/{version}/{name}"
    with open(path, encoding="utf-8-sig") as file:
        return json.load(file)


def test_the_upgrade_pages_pass_axe_and_confirming_saves(live_server, page, tra, officer) -> None:
    # An order with something for a person (a set with no operator) and a placeholder.
    document = copy.deepcopy(example("3.5.1", "example-weight-restriction.json"))
    source = document["data"]["source"]
    del source["provision"][0]["regulation"][0]["conditionSet"][0]["operator"]
    source["statementDescription"] = "**NOT PROVIDED**"
    draft = draft_dtro(tra, officer, with_tra(document, tra.code))
    base = live_server.url
    sign_in(page, base, "officer@demo.example")

    found = []
    for path in (draft.get_absolute_url(), reverse("dtro_app:dtro_upgrade", args=[draft.pk])):
        assert page.goto(f"{base}{path}").status == 200
        found += [f"{path}: {problem}" for problem in serious_axe_violations(page, base)]
    assert found == []
    assert page.get_by_text("4.0.0 needs the operator of this condition set").is_visible()

    page.get_by_role("button", name="Upgrade and save as a new draft").click()
    page.wait_for_url(f"{base}{draft.get_absolute_url()}")
    draft.refresh_from_db()
    assert draft.current_revision.schema_version == "4.0.0"
