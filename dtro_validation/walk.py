"""Finding the objects that hold certain keys anywhere under a node, cheaply."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import orjson

Path = tuple[str | int, ...]
Trail = tuple[Any, str | int] | None  # (the parent's trail, this key), back to the start


def dicts_holding(
    keys: frozenset[str], node: Any, path: Path, owner: str | None
) -> Iterator[tuple[dict[str, Any], Path, str | None]]:
    """Each object under `node` (itself included) holding any of `keys`, with its path and
    its owner (the key of the nearest object above it, lists passed through). Iterative, and
    a path is built only for an object found: a 10 MB order has 100,000 nodes and few hold
    one of the keys."""
    stack: list[tuple[Any, Trail, str | None]] = [(node, None, owner)]
    while stack:
        node, trail, owner = stack.pop()
        if isinstance(node, dict):
            if not keys.isdisjoint(node):
                yield node, _path_of(path, trail), owner
            for key, value in node.items():
                if isinstance(value, (dict, list)):
                    stack.append((value, (trail, key), key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                if isinstance(value, (dict, list)):
                    stack.append((value, (trail, i), owner))


def _path_of(start: Path, trail: Trail) -> Path:
    keys: list[str | int] = []
    while trail is not None:
        trail, key = trail
        keys.append(key)
    return (*start, *reversed(keys))


def compact_dump(data: Any) -> bytes | None:
    """`data` as compact JSON at C speed, where a key always reads `"key":` and a string's
    own quotes are escaped; None when it cannot be dumped (a number too big for orjson)."""
    try:
        return orjson.dumps(data)
    except TypeError:
        return None


def keys_present(compact: bytes | None, keys: frozenset[str]) -> frozenset[str]:
    """Which of `keys` are a key somewhere in the dumped data (all of them when there is no
    dump to search)."""
    if compact is None:
        return keys
    return frozenset(key for key in keys if b'"%s":' % key.encode() in compact)


def string_values(compact: bytes | None, key: str) -> set[str] | None:
    """Every value of `key` anywhere in the dumped data, when each is a string without
    escapes; None when that cannot be told (no dump, or a value of another kind)."""
    if compact is None:
        return None
    name = re.escape(key.encode())
    found = re.findall(rb'"%s":"([^"\\]*)"' % name, compact)
    if len(found) != compact.count(b'"%s":' % key.encode()):
        return None
    return {value.decode() for value in set(found)}
