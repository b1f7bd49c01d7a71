"""A side-by-side diff of two versions' JSON (pretty-printed, keys sorted) that stays quick for
a 10 MB order, and the page of it that the comparison page shows.

Diffing 400,000 lines of two big orders line by line took minutes (their provisions repeat
the same lines), and printing them both takes seconds. So when both are D-TROs with
provisions, the provisions are compared whole first (their compact JSON, which C encodes
quickly): only those that differ are printed and diffed line by line; an unchanged run is
counted, not printed, except for the few lines of context shown around a change. The rows
are the ones a line diff of the whole pretty-printed text gives, with the same numbers.
"""

from __future__ import annotations

import bisect
import difflib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator

from dtro_app.orders.provisions import with_provision_list
from dtro_validation.document_parts import provision_member, source_of

# Lines of the diff on one page of the comparison page.
ROWS_PER_PAGE = 200
_SENTINEL = "\x00provisions\x00"
_SENTINEL_LINE = json.dumps(_SENTINEL)


@dataclass
class DiffRow:
    kind: str  # equal, changed, removed, added, skipped
    left_number: int | None = None
    left: str = ""
    right_number: int | None = None
    right: str = ""
    # Positions (from 0) of the provision each side's line belongs to, when known.
    left_provision: int | None = None
    right_provision: int | None = None

    @property
    def label(self) -> str:
        return {"changed": "Changed", "removed": "Removed", "added": "Added"}.get(self.kind, "")


def pretty_json(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


@dataclass
class _Same:
    """A run of equal lines, printed only where a change needs them as context."""

    left_start: int  # line numbers from 1
    right_start: int
    count: int
    left_line: Callable[[int], str]
    right_line: Callable[[int], str]

    def row(self, k: int) -> DiffRow:
        return DiffRow(
            "equal",
            self.left_start + k,
            self.left_line(k),
            self.right_start + k,
            self.right_line(k),
        )


def _line_count(value: Any) -> int:
    """Lines `value` takes pretty-printed (indent 2), without printing it."""
    if isinstance(value, dict) and value:
        return 2 + sum(_line_count(v) for v in value.values())
    if isinstance(value, list) and value:
        return 2 + sum(_line_count(v) for v in value)
    return 1


class _Provisions:
    """One side's provisions as pretty-printed lines, printed only when asked for."""

    def __init__(self, provisions: list[Any], indent: str) -> None:
        self.provisions = provisions
        self.indent = indent
        self.keys = [
            json.dumps(p, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            for p in provisions
        ]
        self._printed: dict[int, list[str]] = {}

    def lines(self, index: int) -> list[str]:
        if index not in self._printed:
            text = pretty_json(self.provisions[index]).splitlines()
            lines = [self.indent + line for line in text]
            if index < len(self.provisions) - 1:
                lines[-1] += ","
            self._printed[index] = lines
        return self._printed[index]

    def count(self, index: int) -> int:
        return _line_count(self.provisions[index])

    def run_reader(self, indexes: range) -> tuple[int, Callable[[int], str]]:
        """The lines of consecutive provisions: (how many, line k of them)."""
        starts, total = [], 0
        for index in indexes:
            starts.append(total)
            total += self.count(index)

        def line(k: int) -> str:
            at = bisect.bisect_right(starts, k) - 1
            return self.lines(indexes[at])[k - starts[at]]

        return total, line


def _split(document: Any) -> tuple[list[str], list[Any], list[str], str] | None:
    """(lines before the provisions, the provisions, lines after, their indent), or None when
    the document has no provision list to compare by."""
    provisions = provision_member(source_of(document))
    if not isinstance(provisions, list) or not provisions:
        return None
    lines = pretty_json(with_provision_list(document, [_SENTINEL])).splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == _SENTINEL_LINE)
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    return lines[:at], provisions, lines[at + 1 :], indent


class _Builder:
    """Collects the diff as explicit rows and counted runs, numbering lines as it goes."""

    def __init__(self) -> None:
        self.parts: list[DiffRow | _Same] = []
        self.left = 1
        self.right = 1

    def same(self, count: int, left: Callable[[int], str], right: Callable[[int], str]) -> None:
        if count:
            self.parts.append(_Same(self.left, self.right, count, left, right))
            self.left += count
            self.right += count

    def lines(
        self,
        left: list[str],
        right: list[str],
        left_provision: int | None = None,
        right_provision: int | None = None,
    ) -> None:
        """A line diff of two lists of lines (the tags as the provisions' are paired)."""
        matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                self.same(i2 - i1, _reader(left, i1), _reader(right, j1))
                continue
            for offset in range(max(i2 - i1, j2 - j1)):
                i, j = i1 + offset, j1 + offset
                row = DiffRow("changed")
                if i < i2:
                    row.left_number, row.left, row.left_provision = (
                        self.left,
                        left[i],
                        left_provision,
                    )
                    self.left += 1
                else:
                    row.kind = "added"
                if j < j2:
                    row.right_number, row.right = self.right, right[j]
                    row.right_provision = right_provision
                    self.right += 1
                else:
                    row.kind = "removed"
                self.parts.append(row)


def _reader(lines: list[str], start: int) -> Callable[[int], str]:
    return lambda k: lines[start + k]


def _provision_diff(builder: _Builder, old: _Provisions, new: _Provisions) -> None:
    matcher = difflib.SequenceMatcher(a=old.keys, b=new.keys)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _equal_provisions(builder, old, new, range(i1, i2), range(j1, j2))
            continue
        # Changed in place, pair by pair; what is left over was added or removed.
        for offset in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + offset, j1 + offset
            if i < i2 and j < j2 and old.keys[i] == new.keys[j]:
                _equal_provisions(builder, old, new, range(i, i + 1), range(j, j + 1))
            else:
                builder.lines(
                    old.lines(i) if i < i2 else [],
                    new.lines(j) if j < j2 else [],
                    i if i < i2 else None,
                    j if j < j2 else None,
                )


def _equal_provisions(
    builder: _Builder, old: _Provisions, new: _Provisions, left: range, right: range
) -> None:
    count, left_line = old.run_reader(left)
    _, right_line = new.run_reader(right)
    # The last one may have lost or gained its comma (a provision added or removed after it).
    last_differs = (left[-1] == len(old.provisions) - 1) != (right[-1] == len(new.provisions) - 1)
    builder.same(count - 1 if last_differs else count, left_line, right_line)
    if last_differs:
        builder.lines([old.lines(left[-1])[-1]], [new.lines(right[-1])[-1]], left[-1], right[-1])


def _fold(parts: list[DiffRow | _Same], context: int) -> list[DiffRow]:
    """Unchanged runs folded away except `context` lines each side of a change (as
    difflib's grouped opcodes do)."""
    if not any(isinstance(part, DiffRow) for part in parts):
        return []
    rows: list[DiffRow] = []
    for index, part in enumerate(parts):
        if isinstance(part, DiffRow):
            rows.append(part)
            continue
        first, last = index == 0, index == len(parts) - 1
        head = 0 if first else min(context, part.count)
        tail = 0 if last else min(context, part.count - head)
        rows += [part.row(k) for k in range(head)]
        if head + tail < part.count:
            rows.append(DiffRow("skipped"))
        rows += [part.row(k) for k in range(part.count - tail, part.count)]
    return rows


def diff_rows(older: Any, newer: Any, *, context: int = 3) -> list[DiffRow]:
    """A side-by-side diff of two JSON values, pretty-printed, with unchanged runs folded."""
    builder = _Builder()
    old, new = _split(older), _split(newer)
    if old is None or new is None:
        builder.lines(pretty_json(older).splitlines(), pretty_json(newer).splitlines())
    else:
        builder.lines(old[0], new[0])
        _provision_diff(builder, _Provisions(old[1], old[3]), _Provisions(new[1], new[3]))
        builder.lines(old[2], new[2])
    return _fold(_merged(builder.parts), context)


def _merged(parts: list[DiffRow | _Same]) -> list[DiffRow | _Same]:
    """Consecutive runs of equal lines as one run, so folding sees them whole."""
    merged: list[DiffRow | _Same] = []
    for part in parts:
        previous = merged[-1] if merged else None
        if isinstance(part, _Same) and isinstance(previous, _Same):
            merged[-1] = _joined(previous, part)
        else:
            merged.append(part)
    return merged


def _joined(first: _Same, second: _Same) -> _Same:
    def left(k: int) -> str:
        return first.left_line(k) if k < first.count else second.left_line(k - first.count)

    def right(k: int) -> str:
        return first.right_line(k) if k < first.count else second.right_line(k - first.count)

    return _Same(first.left_start, first.right_start, first.count + second.count, left, right)


@dataclass
class DiffPage:
    """The rows of one page of a comparison, as the filter `query` finds its changes."""

    rows: list[DiffRow]
    number: int
    pages: int
    changes: int  # changed lines found (all pages)
    query: str
    per_page: int


def diff_page(
    rows: list[DiffRow],
    *,
    page: Any = 1,
    query: str = "",
    left_matches: set[int] | None = None,
    right_matches: set[int] | None = None,
    per_page: int = ROWS_PER_PAGE,
) -> DiffPage:
    """Page `page` of `rows`. With a `query`, only the stretches of change (between folded
    runs) that mention it, or that change a provision the filter finds on either side
    (`left_matches`, `right_matches`: their positions)."""
    wanted = query.strip().casefold()
    if wanted:
        rows = [
            row
            for hunk in _hunks(rows)
            if _mentions(hunk, wanted, left_matches, right_matches)
            for row in hunk
        ]
    shown = Paginator(rows, per_page).get_page(page)
    return DiffPage(
        rows=list(shown.object_list),
        number=shown.number,
        pages=shown.paginator.num_pages,
        changes=sum(1 for row in rows if row.label),
        query=query.strip(),
        per_page=per_page,
    )


def _hunks(rows: list[DiffRow]) -> list[list[DiffRow]]:
    """The stretches between folded runs, each with the "skipped" row before it."""
    hunks: list[list[DiffRow]] = []
    for row in rows:
        if row.kind == "skipped" or not hunks:
            hunks.append([row])
        else:
            hunks[-1].append(row)
    return hunks


def _mentions(
    hunk: list[DiffRow], wanted: str, left: set[int] | None, right: set[int] | None
) -> bool:
    for row in hunk:
        if not row.label:
            continue
        if row.left_provision is not None and left and row.left_provision in left:
            return True
        if row.right_provision is not None and right and row.right_provision in right:
            return True
    return any(wanted in row.left.casefold() or wanted in row.right.casefold() for row in hunk)
