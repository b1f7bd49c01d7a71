"""Finding objects in a D-TRO by key, without recursion (documents may be large)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dtro_validation.upgrade.report import Path


def objects_under(root: Any, key: str, *, start: Path = ()) -> Iterator[tuple[Path, Any]]:
    """(path, value) of every member named `key` anywhere under `root`, in document order.

    The matches are collected before any is yielded, so callers may change them."""
    found: list[tuple[Path, Any]] = []
    stack: list[tuple[Path, Any]] = [(start, root)]
    while stack:
        path, value = stack.pop()
        if path and path[-1] == key and path != start:
            found.append((path, value))
        if isinstance(value, dict):
            children: list[tuple[str | int, Any]] = list(value.items())
        elif isinstance(value, list):
            children = list(enumerate(value))
        else:
            continue
        for child_key, child in reversed(children):
            stack.append(((*path, child_key), child))
    yield from found


def provisions(data: Any) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every provision of a source, or of each source a consultation lists."""
    sources: list[tuple[Path, Any]] = []
    if isinstance(data, dict):
        sources.append((("source",), data.get("source")))
        consultation = data.get("consultation")
        listed = consultation.get("source") if isinstance(consultation, dict) else None
        if isinstance(listed, list):
            sources.extend((("consultation", "source", i), s) for i, s in enumerate(listed))
    for source_path, source in sources:
        items = source.get("provision") if isinstance(source, dict) else None
        if isinstance(items, list):
            for index, provision in enumerate(items):
                if isinstance(provision, dict):
                    yield (*source_path, "provision", index), provision


def places(provision: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    items = provision.get("regulatedPlace")
    if isinstance(items, list):
        for index, place in enumerate(items):
            if isinstance(place, dict):
                yield index, place
