"""The pre-scan refuses hostile JSON and never a real D-TRO's text."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dtro_validation import InputError, load_document
from dtro_validation.limits import parse_json, prescan


def test_commas_and_brackets_inside_strings_are_not_counted(settings) -> None:
    settings.DTRO_VALIDATION_MAX_VALUES = 10
    settings.DTRO_VALIDATION_MAX_DEPTH = 3
    text = json.dumps({"wkt": "LINESTRING(" + ", ".join(["1 2"] * 1000) + ")", "b": "[[[[[["})

    prescan(text)
    assert parse_json(text)["b"] == "[[[[[["


def test_escaped_quotes_do_not_end_a_string(settings) -> None:
    settings.DTRO_VALIDATION_MAX_VALUES = 5
    prescan(json.dumps({"a": 'say "hi", [then] {go}, ' * 50}))


def test_too_many_values_and_too_deep_are_refused(settings) -> None:
    settings.DTRO_VALIDATION_MAX_VALUES = 10
    settings.DTRO_VALIDATION_MAX_DEPTH = 3
    with pytest.raises(InputError) as many:
        prescan("[" + "0," * 20 + "0]")
    with pytest.raises(InputError) as deep:
        prescan("[[[[0]]]]")

    assert many.value.code == "too_many_values"
    assert deep.value.code == "too_deep"


def test_an_escaped_surrogate_pair_is_a_character_not_an_error() -> None:
    assert parse_json('{"name": "\\ud83d\\ude00 \\\\ud800"}') == {"name": "\U0001f600 \\ud800"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('{"a": NaN}', "not_json"),
        ('{"a": Infinity}', "not_json"),
        ('{"a": 1e999}', "number_too_long"),
        ('{"a": ' + "9" * 5000 + "}", "number_too_long"),
        ('{"a": "\\udc00"}', "bad_character"),
    ],
)
def test_values_that_cannot_be_stored_are_refused(text: str, code: str) -> None:
    with pytest.raises(InputError) as refused:
        load_document(text.encode())

    assert refused.value.code == code


def test_a_long_provision_list_reports_the_same_problems_as_a_short_one(mutate) -> None:
    """Long lists are schema-checked a slice at a time; paths must still name the provision."""
    import copy

    def one_bad_among(count: int, bad: int) -> Any:
        def change(document: dict[str, Any]) -> None:
            provisions = document["data"]["source"]["provision"]
            first = provisions[0]
            provisions[:] = []
            for i in range(count):
                item = copy.deepcopy(first)
                item["reference"] = f"{first['reference']}-{i}"
                provisions.append(item)
            del provisions[bad]["provisionDescription"]

        return change

    name = "example-derbyshire-2024-dj388-partial.json"
    short = mutate("4.0.0", name, one_bad_among(3, 1))
    long = mutate("4.0.0", name, one_bad_among(450, 401))

    def schema_issues(report: Any, index: int) -> set[tuple[str, str]]:
        return {
            (i.code, i.path.replace(f"/provision/{index}/", "/provision/N/"))
            for i in report.issues
            if i.stage == "schema"
        }

    assert schema_issues(short, 1)
    assert schema_issues(long, 401) == schema_issues(short, 1)
