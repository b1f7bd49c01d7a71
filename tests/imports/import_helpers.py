"""Zips of D-TRO files, good and bad, for the bulk import's tests."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from typing import Any

from factories import valid_document

from dtro_validation import MAX_RAW_BYTES


def as_json(document: Any) -> bytes:
    return json.dumps(document).encode()


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def good_and_bad_files(tra: Any) -> dict[str, bytes]:
    wrong_version = valid_document(tra, name_suffix=" wrong version")
    wrong_version["schemaVersion"] = "9.9.9"
    return {
        "orders/one.json": as_json(valid_document(tra, name_suffix=" one")),
        "orders/two.json.gz": gzip.compress(as_json(valid_document(tra, name_suffix=" two"))),
        "=broken.json": b'{"schemaVersion": "3.5.1", "data": ',
        "wrong-version.json": as_json(wrong_version),
        # 30 MB of spaces inside gzip: a few KB in the zip, past the 25 MB inflated limit.
        "bomb.json.gz": gzip.compress(b"{" + b" " * (30 * 1024 * 1024) + b"}"),
        "../escape.json": as_json(valid_document(tra, name_suffix=" escape")),
        # 30 MB inflated, over the 10 MB a file may be: refused, never read whole.
        "huge.json": b'{"pad": "' + b"x" * (3 * MAX_RAW_BYTES) + b'"}',
        "inner.zip": zip_of({"x.json": b"{}"}),
    }
