"""Every example of every version validates after shrinking exactly as before (same problems,
same advice), and a big generated order gets much smaller."""

from __future__ import annotations

from pathlib import Path

import pytest
from validation_helpers import NOW, SPEC_DIR, load_example

from dtro_validation import validate_document
from dtro_validation.shrink import ShrinkOptions, shrink_document

EXAMPLES = sorted((SPEC_DIR / "examples").glob("*/*.json"))


def _findings(document: dict) -> list[tuple[str, str, str]]:
    report = validate_document(document, now=NOW)
    return sorted((issue.path, issue.code, issue.severity) for issue in report.issues)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_an_example_validates_the_same_after_shrinking(path: Path) -> None:
    document = load_example(path.parent.name, path.name)
    shrunk, _ = shrink_document(document, ShrinkOptions(tolerance=5.0))
    assert _findings(shrunk) == _findings(document)


def test_a_big_order_of_kerb_lines_gets_much_smaller() -> None:
    from shrink_helpers import wiggly_line, with_places

    lines = [wiggly_line(444000 + 60 * k, 50, wiggle=0.3) for k in range(200)]
    document = with_places("4.0.0", lines)
    shrunk, report = shrink_document(document)
    assert report.after.json_bytes < report.before.json_bytes * 0.2
    assert report.after.gzip_bytes < report.before.gzip_bytes
    assert report.points_after == 2 * 200
    assert validate_document(shrunk, now=NOW).is_valid
