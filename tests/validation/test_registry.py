"""Where schema versions come from: our layout, DfT's layout, and the service's (DB cache)."""

from __future__ import annotations

import json
import shutil

import pytest
from validation_helpers import NOW, SPEC_DIR, load_example

from dtro_app.catalogue.schema_refresh import store_service_schemas
from dtro_app.models import SchemaVersionRecord
from dtro_validation import build_registry, validate_document
from dtro_validation.registry import InactiveSchemaVersion, UnknownSchemaVersion

ALL = ["3.4.0", "3.4.1", "3.5.0", "3.5.1", "4.0.0"]


def test_it_reads_our_layout() -> None:
    registry = build_registry(SPEC_DIR, use_cached=False)
    assert [v.version for v in registry.versions()] == ALL
    assert registry.get("3.4.0").rules and registry.get("4.0.0").rules is None
    assert registry.newest_active().version == "4.0.0"


def test_it_explains_unknown_and_inactive_versions(settings) -> None:
    settings.DTRO_INACTIVE_SCHEMA_VERSIONS = "3.4.0"
    registry = build_registry(SPEC_DIR, use_cached=False)
    with pytest.raises(UnknownSchemaVersion, match=r"9\.0\.0 is not known"):
        registry.get("9.0.0")
    with pytest.raises(InactiveSchemaVersion, match=r"3\.4\.0 is no longer accepted"):
        registry.get("3.4.0")


def test_it_reads_a_checkout_of_dfts_repository(tmp_path) -> None:
    folders = {
        "3.4.0": "Supported version (v3.4.0)",
        "3.5.1": "supported VERSION (v3.5.1)",
        "4.0.0": "Latest version (v4.0.0)",
    }
    for version, folder in folders.items():
        target = tmp_path / folder
        (target / "Examples").mkdir(parents=True)
        shutil.copy(
            SPEC_DIR / "schemas" / f"{version}.json", target / f"D-TRO-v{version}-schema.json"
        )
        for example in (SPEC_DIR / "examples" / version).glob("*.json"):
            shutil.copy(example, target / "Examples" / example.name)
    (tmp_path / "Supported version (v3.4.1)").mkdir()
    (tmp_path / "Supported version (v3.4.1)" / "D-TRO-V3.4.1-simplified-schema.json").write_text(
        "{}"
    )
    registry = build_registry(tmp_path, use_cached=False)
    assert [v.version for v in registry.versions()] == ["3.4.0", "3.5.1", "4.0.0"]
    latest = registry.get("4.0.0")
    assert len(latest.examples) == len(list((SPEC_DIR / "examples" / "4.0.0").glob("*.json")))
    for example in latest.examples:
        document = json.loads(example.read_text())
        assert validate_document(document, registry=registry, now=NOW).is_valid


def versions_body() -> list[dict]:
    return [
        {"schemaVersion": "3.4.0", "isActive": False, "rulesExist": True},
        {"schemaVersion": "4.0.0", "isActive": True, "rulesExist": False},
    ]


def schemas_body() -> list[dict]:
    return [
        {
            "schemaVersion": version,
            "template": json.loads((SPEC_DIR / "schemas" / f"{version}.json").read_text()),
            "isActive": True,
        }
        for version in ("3.4.0", "4.0.0")
    ]


@pytest.mark.django_db
def test_it_stores_the_services_schema_bodies() -> None:
    rules_text = (SPEC_DIR / "rules" / "3.4.0.json").read_text()
    stored = store_service_schemas(
        versions_body(),
        schemas_body(),
        {"3.4.0": {"schemaVersion": "3.4.0", "template": rules_text}},
    )
    assert stored == ["3.4.0", "4.0.0"]
    record = SchemaVersionRecord.objects.get(version="3.4.0")
    assert record.is_active is False
    assert len(record.rules) == 22
    assert SchemaVersionRecord.objects.get(version="4.0.0").rules is None
    # A second refresh updates in place.
    store_service_schemas([{"schemaVersion": "3.4.0", "isActive": True}], schemas_body()[:1])
    assert SchemaVersionRecord.objects.count() == 2
    assert SchemaVersionRecord.objects.get(version="3.4.0").is_active is True


@pytest.mark.django_db
def test_the_database_cache_wins_over_the_spec_dir() -> None:
    store_service_schemas(versions_body(), schemas_body())
    registry = build_registry(SPEC_DIR)
    assert registry.find("3.4.0").is_active is False
    assert registry.find("3.4.0").origin.startswith("database")
    assert registry.find("3.4.0").rules  # the spec dir's rules fill the gap
    assert registry.find("3.5.1").origin.endswith("3.5.1.json")
    report = validate_document(
        load_example("3.4.0", "snippet-example-snip-point.json"), registry=registry
    )
    assert [i.code for i in report.issues] == ["schema_version_inactive"]


@pytest.mark.django_db
def test_a_changed_schema_in_the_database_changes_validation() -> None:
    strict = json.loads((SPEC_DIR / "schemas" / "4.0.0.json").read_text())
    strict["$defs"]["source"]["required"].append("madeDate")
    store_service_schemas(versions_body()[1:], [{"schemaVersion": "4.0.0", "template": strict}])
    document = load_example("4.0.0", "example-road-closure-with-diversion-route.json")
    document["data"]["source"].pop("madeDate", None)
    report = validate_document(document, registry=build_registry(SPEC_DIR), now=NOW)
    assert ("required", "/data/source/madeDate") in [(i.code, i.path) for i in report.issues]


def test_it_works_with_no_database_at_all(settings) -> None:
    # No django_db mark: any query raises, and the registry falls back to the spec dir.
    registry = build_registry(SPEC_DIR)
    assert [v.version for v in registry.versions()] == ALL
