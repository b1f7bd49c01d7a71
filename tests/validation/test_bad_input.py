"""Uploads that are not D-TROs: clear, stable errors and never an exception."""

from __future__ import annotations

import gzip
import io
import json
import tracemalloc
import zlib

import pytest
from validation_helpers import NOW

from dtro_validation import (
    MAX_DECOMPRESSED_BYTES,
    MAX_RAW_BYTES,
    InputError,
    load_document,
    validate_document,
)

VALID = {"schemaVersion": "4.0.0", "data": {"source": {}}}


def code_of(raw: bytes, filename: str | None = None) -> str:
    with pytest.raises(InputError) as caught:
        load_document(raw, filename=filename)
    assert caught.value.message
    return caught.value.code


def test_the_limits_are_those_of_the_service() -> None:
    assert MAX_RAW_BYTES == 10 * 1024 * 1024
    assert MAX_DECOMPRESSED_BYTES == 25 * 1024 * 1024


def test_it_rejects_text_that_is_not_json() -> None:
    assert code_of(b"schemaVersion: 4.0.0") == "not_json"


def test_it_rejects_an_empty_file() -> None:
    assert code_of(b"  \n") == "empty"


def test_it_accepts_utf8_with_a_byte_order_mark() -> None:
    assert load_document(b"\xef\xbb\xbf" + json.dumps(VALID).encode()) == VALID


def test_it_rejects_utf16_clearly() -> None:
    with pytest.raises(InputError) as caught:
        load_document(json.dumps(VALID).encode("utf-16"))
    assert caught.value.code == "bad_encoding"
    assert "UTF-8" in caught.value.message


def test_it_rejects_latin1_clearly() -> None:
    assert code_of('{"a": "café"}'.encode("latin-1")) == "bad_encoding"


def test_it_rejects_more_than_10_mb_naming_the_limit() -> None:
    with pytest.raises(InputError) as caught:
        load_document(b" " * (MAX_RAW_BYTES + 1))
    assert caught.value.code == "too_large"
    assert "10 MB" in caught.value.message


def test_it_reads_gzip_by_its_magic_bytes_whatever_the_name() -> None:
    raw = gzip.compress(json.dumps(VALID).encode())
    assert load_document(raw, filename="order.json") == VALID
    assert load_document(raw) == VALID


def test_it_rejects_a_file_named_gz_that_is_not_gzip() -> None:
    assert code_of(b"{}", filename="order.json.gz") == "bad_gzip"


def test_it_rejects_a_truncated_gzip() -> None:
    raw = gzip.compress(json.dumps(VALID).encode() * 100)
    assert code_of(raw[: len(raw) // 2]) == "bad_gzip"


def _bomb(size: int) -> bytes:
    """`size` zero bytes gzip-compressed, built streaming (never held uncompressed)."""
    out = io.BytesIO()
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"\x00" * (1024 * 1024)
    for _ in range(size // len(chunk)):
        out.write(compressor.compress(chunk))
    out.write(compressor.flush())
    return out.getvalue()


def test_it_stops_a_gzip_bomb_at_25_mb_with_bounded_memory() -> None:
    bomb = _bomb(1024 * 1024 * 1024)  # 1 GB of zeros, about 1 MB compressed
    assert len(bomb) < MAX_RAW_BYTES
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as caught:
            load_document(bomb, filename="bomb.json.gz")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.code == "gzip_too_large"
    assert "25 MB" in caught.value.message
    assert peak < 3 * MAX_DECOMPRESSED_BYTES


@pytest.mark.parametrize(
    ("document", "code", "path"),
    [
        ({"data": {"source": {}}}, "schema_version_missing", "/schemaVersion"),
        ({"schemaVersion": "4.0", "data": {}}, "schema_version_malformed", "/schemaVersion"),
        ({"schemaVersion": 4, "data": {}}, "schema_version_malformed", "/schemaVersion"),
        ({"schemaVersion": "4.0.0", "data": {}, "id": "x"}, "envelope_extra_key", "/id"),
        ({"schemaVersion": "4.0.0", "data": []}, "data_not_object", "/data"),
        ({"schemaVersion": "4.0.0", "data": "x"}, "data_not_object", "/data"),
        ({"schemaVersion": "4.0.0"}, "data_missing", "/data"),
        ([1, 2], "envelope_not_object", ""),
        ("text", "envelope_not_object", ""),
        ({"schemaVersion": "9.9.9", "data": {}}, "schema_version_unknown", "/schemaVersion"),
    ],
)
def test_it_reports_a_broken_envelope_without_raising(document, code, path, registry) -> None:
    report = validate_document(document, registry=registry, now=NOW)
    assert not report.is_valid
    assert (code, path) in [(i.code, i.path) for i in report.issues]
    assert report.first_failing_stage()[0].stage in ("envelope", "version")


def test_it_reports_an_inactive_version(settings) -> None:
    from validation_helpers import SPEC_DIR

    from dtro_validation import build_registry

    settings.DTRO_INACTIVE_SCHEMA_VERSIONS = "3.4.0, 3.4.1"
    registry = build_registry(SPEC_DIR, use_cached=False)
    report = validate_document({"schemaVersion": "3.4.0", "data": {}}, registry=registry)
    assert [(i.code, i.stage) for i in report.issues] == [("schema_version_inactive", "version")]
    assert "3.4.0" in report.issues[0].message
    assert registry.newest_active().version == "4.0.0"


def test_semantic_checks_never_crash_on_malformed_data(registry) -> None:
    weird = [
        {"source": []},
        {"source": {"provision": "x"}},
        {"source": {"provision": [None, 1, {"regulatedPlace": {"a": 1}}]}},
        {"source": {"provision": [{"regulatedPlace": [{"linearGeometry": []}]}]}},
        {"source": {"provision": [{"regulatedPlace": [{"pointGeometry": {"point": 5}}]}]}},
        {"source": {"provision": [{"regulation": {"condition": {"timeValidity": 3}}}]}},
        {"consultation": {"source": [None, {"provision": [{}]}]}},
    ]
    for version in ("3.4.0", "4.0.0"):
        for data in weird:
            report = validate_document(
                {"schemaVersion": version, "data": data}, registry=registry, tra_code=5, now=NOW
            )
            assert not report.is_valid
