"""Finding the objects that hold certain keys anywhere under a node, cheaply."""

from __future__ import annotations

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


def keys_present(data: Any, keys: frozenset[str]) -> frozenset[str]:
    """Which of `keys` are a key somewhere in `data` (all of them when that cannot be told):
    one compact dump at C speed, where a key always reads `"key":` and a string's own quotes
    are escaped."""
    try:
        compact = orjson.dumps(data)
    except TypeError:  # not plain JSON (a number too big for orjson, say)
        return keys
    return frozenset(key for key in keys if b'"%s":' % key.encode() in compact)
