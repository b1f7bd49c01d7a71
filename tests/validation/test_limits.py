"""The pre-scan refuses hostile JSON and never a real D-TRO's text."""

from __future__ import annotations

import json

import pytest

from dtro_app.validation import InputError, load_document
from dtro_app.validation.limits import parse_json, prescan


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
