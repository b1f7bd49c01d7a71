from __future__ import annotations

import pytest
from validation_helpers import NOW, SPEC_DIR

from dtro_validation import build_registry, load_document, validate_document

EXAMPLES = [
    pytest.param(version.version, path, id=f"{version.version}/{path.name}")
    for version in build_registry(SPEC_DIR, use_cached=False).versions()
    for path in version.examples
]


def test_the_spec_dir_has_examples_for_every_version() -> None:
    assert {version for version, _ in (p.values for p in EXAMPLES)} == {
        "3.4.0",
        "3.4.1",
        "3.5.0",
        "3.5.1",
        "4.0.0",
    }


@pytest.mark.parametrize(("version", "path"), EXAMPLES)
def test_every_shared_example_is_valid_for_its_own_version(version, path, registry) -> None:
    document = load_document(path.read_bytes(), filename=path.name)
    assert document["schemaVersion"] == version
    report = validate_document(document, registry=registry, now=NOW)
    assert report.issues == []
    assert report.is_valid
    assert report.schema_version == version
