"""Refusing hostile JSON cheaply, before it becomes millions of Python objects.

Byte limits alone do not bound memory: 25 MB of `{}` is eight million dicts. `prescan` counts
the values and the nesting depth of the raw text with a few regular-expression passes (no
Python objects per value) and refuses absurd documents; `parse_json` then parses what passed,
refusing NaN/Infinity, numbers too long to be real, and lone surrogates, each as an
`InputError` with a plain message, never an exception that would become a 500.
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
import orjson

from dtro_validation import config
from dtro_validation.collector import collector_paused

MAX_NUMBER_CHARS = 100

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{},')
# A long number (below) or a 19-digit one needs a run of at least 19 of these.
_NUMBER_CHARS = bytes(48 if chr(b) in "-+0123456789.eE" else 32 for b in range(256))
_NUMBER_RUN = b"0" * 19
_DEPTH_STEP = bytes.maketrans(b"[]{}", b"\x01\xff\x01\xff")
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_LONG_NUMBER = re.compile(rb"[-+0-9.eE]{%d,}" % (MAX_NUMBER_CHARS + 1))
# orjson reads whole numbers of 20 digits or more as floats, where json keeps them whole.
_LONG_DIGITS = re.compile(r"[0-9]{19}")
_LONG_DIGITS_BYTES = re.compile(rb"[0-9]{19}")


class InputError(Exception):
    """The upload cannot be read as a D-TRO document. `code` is stable, `message` plain English."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def max_values() -> int:
    return config.current().max_values


def max_depth() -> int:
    return config.current().max_depth


def max_issues() -> int:
    return config.current().max_issues


def _as_bytes(text: str | bytes) -> bytes:
    if isinstance(text, str):
        # Lone surrogates cannot be encoded; they are refused by parse_json anyway.
        return text.encode("utf-8", "surrogatepass")
    return bytes(text)


def _bare_structure(raw: bytes) -> tuple[bytes, bool | None]:
    """`raw` with every string replaced by a stand-in, for counting commas and brackets, and
    the answer for 19-digit numbers when it is already known. Text with no backslash and no
    run of 19 number characters (almost every order) is cut down at C speed to its quotes,
    commas and brackets, and the strings dropped with numpy (a tenth of the time of the
    regular-expression pass); anything else takes that full pass, which handles escapes and
    long numbers."""
    if b"\\" in raw or _NUMBER_RUN in raw.translate(_NUMBER_CHARS):
        return _STRING.sub(b"s", raw), None
    structure = raw.translate(None, _NOT_STRUCTURE)
    if structure.count(b'"') % 2:  # an unfinished string: the full pass says what counts
        return _STRING.sub(b"s", raw), None
    if b'"' not in structure:
        return structure, False
    # No escapes: quotes pair up in order, so a byte lies inside a string when an odd number
    # of quotes precede it (parity survives the 8-bit running count wrapping). In place
    # where possible: a hostile 25 MB text makes each array 25 MB.
    codes = np.frombuffer(structure, dtype=np.uint8)
    quotes = codes == ord('"')
    outside = np.cumsum(quotes, dtype=np.uint8)
    np.bitwise_and(outside, 1, out=outside)
    np.logical_not(outside, out=outside)
    np.logical_not(quotes, out=quotes)
    np.logical_and(outside, quotes, out=quotes)
    del outside
    return codes[quotes].tobytes(), False


def _deepest(steps: bytes) -> int:
    return int(np.frombuffer(steps, dtype=np.int8).cumsum(dtype=np.int32).max())


def prescan(text: str | bytes) -> bool:
    """Refuse text with too many values or too deep nesting, before parsing it. Returns
    whether it holds a whole number of 19 digits or more (outside strings), which only json
    reads exactly."""
    raw = _as_bytes(text)
    # Strings are replaced by a one-byte stand-in so commas and brackets in them do not count.
    bare, long_digits = _bare_structure(raw)
    del raw
    if _LONG_NUMBER.search(bare):
        raise InputError(
            "number_too_long",
            f"The document holds a number longer than {MAX_NUMBER_CHARS} characters, which "
            f"no D-TRO field accepts.",
        )
    # Every value other than the first follows a comma, a colon or an opening bracket;
    # counting those counts values (and keys) without building anything.
    values = 1 + bare.count(b",") + bare.count(b"[") + bare.count(b"{")
    limit = max_values()
    if values > limit:
        raise InputError(
            "too_many_values",
            f"The document holds more than {limit:,} values, more than any D-TRO the service "
            f"accepts. Check it was exported correctly, or split the order.",
        )
    brackets = bare.translate(None, _NOT_BRACKETS)  # deleting at C speed, unlike a regex
    if len(brackets) > 2 * limit + 2:  # unbalanced closing brackets are not counted above
        raise InputError("not_json", "The document is not valid JSON: its brackets do not match.")
    if brackets:
        steps = brackets.translate(_DEPTH_STEP)
        deepest = _deepest(steps)
        if deepest > max_depth():
            raise InputError(
                "too_deep",
                f"The document nests too deeply to be a D-TRO ({deepest} levels; at most "
                f"{max_depth()} are accepted).",
            )
    if long_digits is not None:
        return long_digits
    return _LONG_DIGITS_BYTES.search(bare) is not None


def _refuse_constant(name: str) -> Any:
    raise InputError(
        "not_json",
        f"The document contains {name}, which is not valid JSON. Use a number or null.",
    )


_BOM = "\ufeff"
_BOM_BYTES = _BOM.encode("utf-8")
_BOM_ESCAPE = re.compile(rb"\\u[fF][eE][fF][fF]")


def strip_bom(value: Any) -> Any:
    """`value` with every U+FEFF (byte-order mark) removed from its strings and keys."""
    if isinstance(value, str):
        return value.replace(_BOM, "")
    if isinstance(value, list):
        return [strip_bom(v) for v in value]
    if isinstance(value, dict):
        return {strip_bom(k): strip_bom(v) for k, v in value.items()}
    return value


def without_bom(value: Any) -> Any:
    """`value` with no U+FEFF in any string or key; the same object when it has none (one
    serialisation to find out, at C speed, rather than a copy of every order sent)."""
    if _BOM in json.dumps(value, ensure_ascii=False):
        return strip_bom(value)
    return value


def bom_free_bytes(content: bytes) -> bytes:
    """UTF-8 JSON bytes with every byte-order mark removed (the leading one, and any inside
    strings). Removing the three bytes of U+FEFF leaves valid UTF-8 and the layout as it was."""
    return content.replace(_BOM_BYTES, b"") if _BOM_BYTES in content else content


def _parse_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise InputError("number_too_long", f"The number {text[:40]} is too large.")
    return value


def _fast_parse(text: str | bytes, long_integers: bool | None) -> Any | None:
    """orjson's answer when it is the answer json would give, else None. Anything orjson
    refuses (NaN, infinities, lone surrogates, bad syntax) goes to json, whose errors (line,
    column, our InputErrors) are the ones officers are shown. `long_integers` is the
    pre-scan's answer (None: not known, so the whole text is searched)."""
    if long_integers is None:
        long_integers = bool(
            _LONG_DIGITS.search(text) if isinstance(text, str) else _LONG_DIGITS_BYTES.search(text)
        )
    if long_integers:
        return None
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return None


def parse_json(
    text: str | bytes, *, scanned: bool = False, long_integers: bool | None = None
) -> Any:
    """Pre-scan (unless `scanned`: then `long_integers` is what the pre-scan returned), then
    parse; every problem is an InputError (JSONDecodeError is re-raised as-is so callers can
    show its line and column)."""
    # The service cannot read a byte-order mark: one before the document is dropped here, and
    # any left inside strings (files pasted together) is removed below, so none is ever sent.
    text = text.removeprefix(_BOM) if isinstance(text, str) else text.removeprefix(_BOM_BYTES)
    if not scanned:
        long_integers = prescan(text)
    try:
        with collector_paused():
            document = _fast_parse(text, long_integers)
            if document is None:
                document = json.loads(
                    text, parse_constant=_refuse_constant, parse_float=_parse_float
                )
    except RecursionError as exc:
        raise InputError("too_deep", "The document nests too deeply to be a D-TRO.") from exc
    except ValueError as exc:
        if isinstance(exc, json.JSONDecodeError):
            raise
        # int() refuses very long digit strings; the pre-scan should have caught them.
        raise InputError(
            "number_too_long", "The document holds a number that is too long."
        ) from exc
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    # Both escapes start with \u: one fast search usually rules both out.
    escapes = b"\\u" in raw
    if _BOM_BYTES in raw or (escapes and _BOM_ESCAPE.search(raw)):
        document = strip_bom(document)
    if escapes and _SURROGATE_ESCAPE.search(raw):
        # Escaped surrogate pairs (emoji) are fine; a lone one cannot be stored or shown.
        try:
            json.dumps(document, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InputError(
                "bad_character",
                "The document contains an invalid character escape (a lone \\uD800-\\uDFFF "
                "surrogate). Remove it or write the character itself.",
            ) from exc
    return document
