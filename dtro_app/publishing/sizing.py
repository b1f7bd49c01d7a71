"""How an order is sent, by its size: the gateway refuses bodies over 10 MB and gzip files
that inflate past 25 MB (research/anchors.md, "Size limits").

- JSON body up to 10 MB: `createFromBody`/`updateFromBody`, as always;
- larger, but compact JSON up to 25 MB that gzips to under 10 MB: `createFromFile`/
  `updateFromFile`, gzipped;
- larger still: created in parts (the record with as many provisions as fit, then
  provision-level calls each under the limit), or refused before sending.

Pure functions of the document: the runner decides what the credential allows.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache

from dtro_app.models.dtros import Revision

# Defined beside `Revision`, which stores it for each document (`Revision.document_bytes`).
from dtro_app.models.dtros import body_bytes as body_bytes

MAX_BODY_BYTES = 10 * 1024 * 1024
MAX_INFLATED_BYTES = 25 * 1024 * 1024
# The multipart framing around a file (boundary, part headers) counts towards the 10 MB.
MULTIPART_ALLOWANCE = 4 * 1024
BODY = "body"
GZIP = "gzip"
PARTS = "parts"
TOO_LARGE = "too_large"
TOO_LARGE_MESSAGE = (
    "This order is too large for the D-TRO service: {size} of JSON, and the service takes at "
    "most 10 MB per request (25 MB once unzipped). Shrink it (merge places into MULTI "
    "geometries, simplify lines) or split it into smaller orders, then send it again."
)


def compact_json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


@dataclass(frozen=True)
class Split:
    """A create in parts: `first` is the envelope created first (the source with the
    provisions that fit), `batches` the provisions each later call adds."""

    first: dict[str, Any]
    batches: list[list[dict[str, Any]]]

    @property
    def parts(self) -> int:
        return 1 + len(self.batches)


@dataclass(frozen=True)
class Way:
    kind: str
    json_bytes: int
    gzip_bytes: int | None = None
    parts: int = 1
    # The compact JSON the client gzips and uploads (GZIP only); kept out of repr.
    content: bytes = field(default=b"", compare=False, repr=False)

    def describe(self, *, update: bool = False) -> str:
        """One plain sentence for the order and approval pages."""
        size = megabytes(self.json_bytes)
        if self.kind == PARTS and update:
            return (
                f"Too large for one request ({size} of JSON): its changes will go as "
                "provision-level calls, each under 10 MB, if the service offers them; "
                "otherwise it cannot be sent."
            )
        if self.kind == GZIP:
            return (
                f"Too large to send as it is ({size} of JSON): it will be sent gzipped "
                f"as {megabytes(self.gzip_bytes or 0)}."
            )
        if self.kind == PARTS:
            return (
                f"Too large for one request ({size} of JSON): it will be created in "
                f"{self.parts} parts, each under 10 MB, if the service offers changes to "
                "single provisions."
            )
        if self.kind == TOO_LARGE:
            return TOO_LARGE_MESSAGE.format(size=size)
        return ""

    def sent_message(self) -> str:
        if self.kind == GZIP:
            return (
                f"Sent gzipped: {megabytes(self.json_bytes)} of JSON as "
                f"{megabytes(self.gzip_bytes or 0)}"
            )
        return ""


def choose(envelope: dict[str, Any], *, limit: int | None = None) -> Way:
    """The way to send `envelope` in requests no larger than `limit` bytes."""
    limit = limit or MAX_BODY_BYTES
    size = body_bytes(envelope)
    if size <= limit:
        return Way(BODY, size)
    compact = compact_json(envelope)
    if len(compact) <= MAX_INFLATED_BYTES:
        # Compressed as the client compresses it, so the size measured is the size sent.
        gzipped = len(gzip.compress(compact))
        if gzipped + MULTIPART_ALLOWANCE <= limit:
            return Way(GZIP, len(compact), gzipped, content=compact)
    del compact
    split = split_for_create(envelope, limit=limit)
    if split is None:
        return Way(TOO_LARGE, size)
    return Way(PARTS, size, parts=split.parts)


def _source(envelope: dict[str, Any]) -> dict[str, Any] | None:
    data = envelope.get("data")
    source = data.get("source") if isinstance(data, dict) else None
    if isinstance(source, dict) and isinstance(source.get("provision"), list):
        return source
    return None


def split_for_create(envelope: dict[str, Any], *, limit: int | None = None) -> Split | None:
    """The envelope cut into a first create and provision batches, each body within
    `limit`; None when it cannot be (no provision list, or one part alone is too large)."""
    limit = limit or MAX_BODY_BYTES
    source = _source(envelope)
    if source is None or not source["provision"]:
        return None
    provisions: list[dict[str, Any]] = source["provision"]
    first = {**envelope, "data": {**envelope["data"], "source": {**source, "provision": []}}}
    # An empty list serialises as "[]"; each provision adds its size, and ", " between two.
    room = limit - body_bytes(first)
    sizes = [body_bytes(provision) for provision in provisions]
    taken = _fit(sizes, 0, room)
    if taken == 0:
        return None
    first["data"]["source"]["provision"] = provisions[:taken]
    batches = batches_within(provisions[taken:], limit=limit)
    if batches is None:
        return None
    return Split(first, batches)


def batches_within(
    provisions: list[dict[str, Any]], *, limit: int | None = None
) -> list[list[dict[str, Any]]] | None:
    """`provisions` in consecutive lists, each sent as one JSON array within `limit`."""
    limit = limit or MAX_BODY_BYTES
    sizes = [body_bytes(provision) for provision in provisions]
    batches, start = [], 0
    while start < len(provisions):
        count = _fit(sizes, start, limit - len("[]"))
        if count == 0:
            return None
        batches.append(provisions[start : start + count])
        start += count
    return batches


def _fit(sizes: list[int], start: int, room: int) -> int:
    """How many provisions from `start` fit in `room` bytes, with ", " between them."""
    used = count = 0
    for size in sizes[start:]:
        extra = size + (2 if count else 0)
        if used + extra > room:
            break
        used += extra
        count += 1
    return count


def requests_to_create(way: Way, *, in_parts_offered: bool) -> int:
    """The requests a create sent `way` takes: its parts when it goes in parts, else one
    (a create refused before sending is counted as one: it still takes its turn)."""
    return way.parts if way.kind == PARTS and in_parts_offered else 1


def fits_one_body(revision: Revision) -> bool:
    """Whether the revision's document goes as one plain JSON body, from its stored size
    (nothing serialised, unless the revision predates the stored size)."""
    size = revision.size_as_sent()
    return size is not None and size <= MAX_BODY_BYTES


def page_note(revision: Revision, *, update: bool = False) -> str:
    """What the approval page says about how a large order will be sent ('' for most).
    Answered from the stored size for orders within 10 MB; larger ones are cached by content:
    measuring the gzip of a 20 MB order takes about a second."""
    if fits_one_body(revision):
        return ""
    document = revision.document
    key = f"sending-way:{'update' if update else 'create'}:{revision.document_hash}"
    note = cache.get(key)
    if note is None:
        note = choose(document).describe(update=update) if isinstance(document, dict) else ""
        cache.set(key, note, 7 * 24 * 3600)
    return str(note)
