"""Turning uploaded bytes into a JSON value, safely: size limits, gzip, BOM, encodings."""

from __future__ import annotations

import json
import zlib
from typing import Any

from dtro_validation.limits import InputError, parse_json, prescan

MAX_RAW_BYTES = 10 * 1024 * 1024
MAX_DECOMPRESSED_BYTES = 25 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 64 * 1024


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


def _gunzip(raw: bytes) -> bytes:
    """Inflate in chunks and stop as soon as the output passes the limit (gzip bombs)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = bytearray()
    data = raw
    try:
        while data:
            budget = MAX_DECOMPRESSED_BYTES - len(out) + 1
            piece = inflater.decompress(data, min(_CHUNK, budget))
            out += piece
            if len(out) > MAX_DECOMPRESSED_BYTES:
                raise InputError(
                    "gzip_too_large",
                    f"The compressed file expands to more than {_mb(MAX_DECOMPRESSED_BYTES)}, "
                    f"the largest the D-TRO service accepts. Split the order or simplify its "
                    f"geometry.",
                )
            data = inflater.unconsumed_tail
            if inflater.eof:
                # Concatenated gzip members are legal; continue with the next one.
                rest = inflater.unused_data
                if not rest.strip(b"\x00"):
                    break
                inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                data = rest
        if not inflater.eof:
            out += inflater.flush()
            if not inflater.eof:
                raise InputError("bad_gzip", "The compressed file is incomplete or damaged.")
    except zlib.error as exc:
        raise InputError("bad_gzip", f"The compressed file is damaged ({exc}).") from exc
    if len(out) > MAX_DECOMPRESSED_BYTES:
        raise InputError(
            "gzip_too_large",
            f"The compressed file expands to more than {_mb(MAX_DECOMPRESSED_BYTES)}, the largest "
            f"the D-TRO service accepts.",
        )
    return bytes(out)


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        len(raw) >= 2 and (raw[0] == 0 or raw[1] == 0)
    ):
        raise InputError(
            "bad_encoding",
            "The file is saved as UTF-16. The D-TRO service only accepts UTF-8: save it again "
            "as UTF-8 and upload it again.",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            "bad_encoding",
            f"The file is not UTF-8 text (unexpected byte at position {exc.start}). Save it as "
            f"UTF-8 and upload it again.",
        ) from exc


def load_document(raw: bytes, *, filename: str | None = None) -> Any:
    """Parse an upload (plain JSON or gzip, UTF-8 with or without BOM) into a JSON value."""
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise InputError("not_bytes", "The upload could not be read.")
    raw = bytes(raw)
    if len(raw) > MAX_RAW_BYTES:
        raise InputError(
            "too_large",
            f"The file is {len(raw) / (1024 * 1024):.1f} MB; the D-TRO service accepts at most "
            f"{_mb(MAX_RAW_BYTES)} per submission.",
        )
    is_gzip = raw.startswith(_GZIP_MAGIC)
    if not is_gzip and filename and filename.lower().endswith(".gz") and raw:
        raise InputError("bad_gzip", "The file is named .gz but is not gzip-compressed.")
    if is_gzip:
        raw = _gunzip(raw)
    if not raw.strip():
        raise InputError("empty", "The file is empty.")
    text = _decode(raw)
    # The bytes are scanned, not the text: one copy fewer of up to 25 MB.
    long_integers = prescan(raw)
    del raw
    try:
        return parse_json(text, scanned=True, long_integers=long_integers)
    except json.JSONDecodeError as exc:
        raise InputError(
            "not_json",
            f"The file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.",
        ) from exc
    except RecursionError as exc:
        raise InputError("not_json", "The file nests too deeply to be a D-TRO.") from exc
