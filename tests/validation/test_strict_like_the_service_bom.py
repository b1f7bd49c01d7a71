"""A UTF-8 byte-order mark never reaches the service: stripped on reading, wherever it sits."""

from __future__ import annotations

import json

from dtro_validation import load_document
from dtro_validation.limits import parse_json


def test_editor_text_with_a_leading_byte_order_mark_is_read() -> None:
    assert parse_json('\ufeff{"data": {"a": 1}}') == {"data": {"a": 1}}


def test_byte_order_marks_inside_strings_and_keys_are_removed() -> None:
    text = '{"\ufeffdata": {"troName": "\ufeffOrder", "ref": "\\uFEFFR1"}}'
    document = parse_json(text)
    assert document == {"data": {"troName": "Order", "ref": "R1"}}
    assert "\ufeff" not in json.dumps(document, ensure_ascii=False)


def test_an_upload_of_two_files_pasted_together_loses_the_inner_mark() -> None:
    raw = b'\xef\xbb\xbf{"data": {"troName": "\xef\xbb\xbfOrder"}}'
    assert load_document(raw, filename="order.json") == {"data": {"troName": "Order"}}
