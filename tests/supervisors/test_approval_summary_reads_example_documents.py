"""The approval page's summary reads DfT's example D-TROs (3.5.1 and 4.0.0) in plain English:
what each provision does, where, when and for whom."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from dtro_app.approvals.summary import ProvisionSummary, summarise, summarise_order

EXAMPLES = Path(settings.DTRO_SPEC_DIR) / "examples"


def example(version: str, name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / version / name).read_text(encoding="utf-8-sig"))


def first(version: str, name: str) -> ProvisionSummary:
    return summarise(example(version, name))[0]


def facts(summary: ProvisionSummary) -> dict[str, str]:
    return {fact.label: fact.value for fact in summary.facts()}


def test_a_weight_limit_says_what_where_when_and_for_whom_in_4_0_0() -> None:
    summary = first("4.0.0", "example-weight-restriction.json")

    assert summary.title == (
        "Provision 1: Temporary weight restriction Netherclay Bridge (2 tonnes)"
    )
    assert summary.what == ["Maximum weight (a structure, such as a weak bridge)"]
    assert [p.text for p in summary.places] == [
        "Netherclay Bridge, Bishops Hull, Taunton (line, USRN 39605836)"
    ]
    assert facts(summary)["Applies from"] == "1 August 2024 at 08:00"
    assert facts(summary)["Applies until"] == "29 November 2024 at 18:00"
    assert summary.for_whom == ["Gross weight over 2 tonnes (maximum permitted weight)"]
    assert summary.stage == "Temporary order: notice after making"
    assert "dimensionMaximumWeightStructural" not in json.dumps(summary.facts(), default=str)


def test_days_read_in_week_order_with_the_times_and_the_longest_stay_in_3_5_1() -> None:
    # The example lists the days Friday, Monday, Saturday, Thursday, Tuesday, Wednesday.
    summary = first("3.5.1", "example-maxstaynoreturn.json")

    assert summary.times == ["Monday to Saturday, 08:00 to 18:00", "Maximum stay 20 minutes"]
    assert summary.what == ["Limited waiting"]
    assert facts(summary)["Applies until"] == "No end date"


def test_exemptions_and_charges_are_told_apart_from_whom_it_applies_to() -> None:
    summary = first("3.5.1", "example-rates-example.json")

    assert summary.for_whom == ["Car"]
    assert summary.exemptions == ["Caravan or vehicle towing a trailer"]
    assert summary.conditions == ["Charges apply (per hour)"]
    assert summary.what == ["Pay-to-park parking place"]


def test_a_placeholder_start_and_one_way_places_are_said_so() -> None:
    summary = first("3.5.1", "example-timevalidity-part1.json")

    assert summary.starts == ["Not known yet (a placeholder date)"]
    assert [p.direction for p in summary.places] == [
        "From the start of the line to its end",
        "From the end of the line to its start",
    ]
    assert "Toneway, USRN 39612030" in summary.places[0].streets


def test_a_speed_limit_and_a_permit_condition_read_as_words() -> None:
    speed = first("4.0.0", "example-multipolygon.json")
    permit = first("4.0.0", "example-extension-permit-works.json")

    assert speed.what == ["Maximum speed: 20 mph (permanent speed limit)"]
    assert speed.places[0].shape == "area"
    # The TRA's own permit type (an extension) is read by its definition.
    assert permit.for_whom == ["Permit holders: Some special definition"]


def test_the_order_itself_is_summarised() -> None:
    order = summarise_order(example("4.0.0", "example-derbyshire-2024-dj388-partial.json"))

    by_label = {fact.label: fact.value for fact in order.facts()}
    assert by_label["Section"] == "Schedule 1"
    assert by_label["Made"] == "1 January 2025"
    assert by_label["Change"] == "New"
    assert order.provision_count == 1


@pytest.mark.parametrize("version", ["3.5.1", "4.0.0"])
def test_every_example_of_the_version_is_summarised_in_words(version: str) -> None:
    for path in sorted((EXAMPLES / version).glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8-sig"))
        for summary in summarise(document):
            assert summary.what and summary.places, (path.name, summary)
            for fact in summary.facts():
                # No camelCase codes left for the supervisor to decode.
                assert not any(
                    word[:1].islower() and any(c.isupper() for c in word)
                    for word in fact.value.replace("(", " ").split()
                    if word.isalpha()
                ), (path.name, fact)


def test_a_page_of_provisions_keeps_their_numbers() -> None:
    document = example("4.0.0", "example-weight-restriction.json")
    provision = document["data"]["source"]["provision"][0]
    document["data"]["source"]["provision"] = [provision] * 5

    page = summarise(document, start=2, limit=2)

    assert [s.number for s in page] == [3, 4]


def test_a_broken_draft_is_summarised_without_an_error() -> None:
    assert summarise({"data": {"source": {"provision": [None, {"regulation": 3}]}}})[1].what == []
    assert summarise("not a document") == []
