"""The orjson fast path of parse_json must answer exactly as json does: whole numbers stay
whole however long, and a file json cannot read gets json's own error (line and column)."""

from __future__ import annotations

import json

import pytest

from dtro_validation import InputError, load_document
from dtro_validation.limits import parse_json


@pytest.mark.parametrize("as_bytes", [True, False])
def test_a_whole_number_of_twenty_digits_stays_whole(as_bytes: bool) -> None:
    text = '{"usrn": 12345678901234567890123, "short": 7, "ratio": 0.5}'
    document = parse_json(text.encode() if as_bytes else text)
    # orjson alone would read the long number as 1.2345678901234568e+22.
    assert document == {"usrn": 12345678901234567890123, "short": 7, "ratio": 0.5}
    assert isinstance(document["usrn"], int)


def test_a_document_json_cannot_read_gets_its_line_and_column() -> None:
    with pytest.raises(json.JSONDecodeError) as caught:
        parse_json(b'{\n  "data": {,}\n}')
    assert (caught.value.lineno, caught.value.colno) == (2, 12)


@pytest.mark.parametrize("text", [b'{"a": NaN}', b'{"a": 1e400}'])
def test_numbers_the_service_cannot_hold_are_still_refused(text: bytes) -> None:
    with pytest.raises((InputError, ValueError)):
        parse_json(text)


def test_the_same_document_either_way() -> None:
    text = json.dumps(
        {
            "schemaVersion": "4.0.0",
            "data": {
                "source": {
                    "troName": "Café \u2019s order 😀",
                    "provision": [{"reference": "a", "n": -0.0, "big": 2**62}],
                }
            },
        }
    ).encode()
    assert parse_json(text) == json.loads(text)


def test_an_upload_with_a_long_whole_number_keeps_it_whole() -> None:
    # An upload is pre-scanned once; the scan's answer decides which parser reads it.
    raw = b'{"schemaVersion": "4.0.0", "data": {"n": [-123456789012345678901, "12"]}}'
    document = load_document(raw, filename="order.json")
    assert document["data"]["n"] == [-123456789012345678901, "12"]


def test_long_digits_inside_a_string_do_not_matter() -> None:
    raw = b'{"schemaVersion": "4.0.0", "data": {"usrn": "12345678901234567890123", "n": 5}}'
    assert load_document(raw) == json.loads(raw)
