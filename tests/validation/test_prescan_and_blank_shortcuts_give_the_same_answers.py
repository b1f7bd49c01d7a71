"""The command line's shortcuts (issue 19) give the answers of the full passes: the pre-scan's
cut-down pass for text with no escapes, and the searches over a compact dump (blank names,
date pairs, street references updated in the future)."""

from __future__ import annotations

import json
import random

import pytest
from validation_helpers import found

from dtro_validation import InputError
from dtro_validation.limits import _STRING, prescan

D40 = ("4.0.0", "example-derbyshire-2024-dj388-partial.json")


def _counted(bare: bytes) -> tuple[int, int, int, bytes]:
    brackets = bytes(b for b in bare if b in b"[]{}")
    return bare.count(b","), bare.count(b"["), bare.count(b"{"), brackets


def test_the_cut_down_pass_counts_what_the_full_pass_counts() -> None:
    from dtro_validation.limits import _bare_structure

    rng = random.Random(19)
    shortcut = 0
    for _ in range(5000):
        text = bytes(rng.choice(b'"[]{},:a1 ') for _ in range(rng.randint(0, 40)))
        bare, long_digits = _bare_structure(text)
        if long_digits is None:  # the full pass was taken: nothing to compare
            continue
        shortcut += 1
        assert _counted(bare) == _counted(_STRING.sub(b"s", text)), text
    assert shortcut > 1000


def test_commas_and_brackets_in_plain_strings_are_not_counted(settings) -> None:
    settings.DTRO_VALIDATION_MAX_VALUES = 10
    settings.DTRO_VALIDATION_MAX_DEPTH = 3
    text = json.dumps({"wkt": "LINESTRING(" + ", ".join(["1 2"] * 300) + ")", "b": "{[[[[["})
    assert "\\" not in text  # the shortcut's case

    assert prescan(text.encode()) is False


def test_nesting_is_measured_the_same_way_without_escapes(settings) -> None:
    settings.DTRO_VALIDATION_MAX_DEPTH = 64
    with pytest.raises(InputError) as deep:
        prescan(b'{"a":' + b"[" * 65 + b'"]]"' + b"]" * 65 + b"}")
    prescan(b'{"a":' + b"[" * 63 + b'"[[[["' + b"]" * 63 + b"}")

    assert "(66 levels;" in deep.value.message


def test_a_whole_number_of_19_digits_is_still_found(settings) -> None:
    assert prescan(b'{"a": [1, 1234567890123456789]}') is True
    assert prescan(b'{"a": ["1234567890123456789"]}') is False


@pytest.mark.parametrize("blank", ["   ", "\t", "\u00a0", "\u3000 ", "\x1c", "\u2028"], ids=repr)
def test_a_blank_reference_is_found_whatever_its_spaces(mutate, blank: str) -> None:
    report = mutate(
        *D40, lambda d: d["data"]["source"]["provision"][0].__setitem__("reference", blank)
    )
    assert ("blank", "/data/source/provision/0/reference") in found(report)


def test_a_blank_name_in_a_document_orjson_cannot_write_is_still_found(mutate) -> None:
    def change(d: dict) -> None:
        d["data"]["source"]["troName"] = "  "
        d["data"]["source"]["extra"] = 10**30  # too big for orjson: the walk answers

    assert ("blank", "/data/source/troName") in found(mutate(*D40, change))


def test_dates_out_of_order_are_found_when_only_one_pair_occurs(mutate) -> None:
    # The walk looks only for pairs whose two keys occur in the order; this one does.
    def change(d: dict) -> None:
        validity = d["data"]["source"]["provision"][0]["regulation"]["condition"]
        validity = validity.get("timeValidity", validity)
        validity["start"], validity["end"] = "2024-10-22T06:00:00", "2024-10-21T06:00:00"

    codes = [code for code, _path in found(mutate(*D40, change))]
    assert "end_before_start" in codes


def test_dates_out_of_order_are_found_in_a_document_orjson_cannot_write(mutate) -> None:
    def change(d: dict) -> None:
        validity = d["data"]["source"]["provision"][0]["regulation"]["condition"]
        validity = validity.get("timeValidity", validity)
        validity["start"], validity["end"] = "2024-10-22T06:00:00", "2024-10-21T06:00:00"
        d["data"]["source"]["extra"] = 10**30

    codes = [code for code, _path in found(mutate(*D40, change))]
    assert "end_before_start" in codes


def _last_updates(d: dict) -> list[dict]:
    place = d["data"]["source"]["provision"][0]["regulatedPlace"][0]
    return place["linearGeometry"]["externalReference"]


def test_a_future_street_update_among_past_ones_is_found(mutate) -> None:
    # The dump holds past dates too: the walk must still run and name the future one.
    def change(d: dict) -> None:
        references = _last_updates(d)
        references.append({**references[0], "lastUpdateDate": "2031-01-01T00:00:00"})

    report = mutate(*D40, change)
    path = "/data/source/provision/0/regulatedPlace/0/linearGeometry/externalReference/1"
    assert ("last_update_date_in_future", f"{path}/lastUpdateDate") in found(report)
    assert [code for code, _ in found(report)].count("last_update_date_in_future") == 1


def test_a_future_street_update_in_a_document_orjson_cannot_write_is_found(mutate) -> None:
    def change(d: dict) -> None:
        _last_updates(d)[0]["lastUpdateDate"] = "2031-01-01T00:00:00"
        d["data"]["source"]["extra"] = 10**30

    codes = [code for code, _path in found(mutate(*D40, change))]
    assert "last_update_date_in_future" in codes


def test_past_street_updates_give_no_problem(mutate) -> None:
    codes = [code for code, _path in found(mutate(*D40, lambda d: None))]
    assert "last_update_date_in_future" not in codes
