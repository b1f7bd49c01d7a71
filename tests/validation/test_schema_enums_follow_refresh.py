"""Choices taken from schema enums follow the registry: a reload with a changed enum shows."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils.choices import flatten_choices
from validation_helpers import SPEC_DIR

from dtro_app.catalogue.forms import SearchForm
from dtro_app.catalogue.schema_refresh import store_service_schemas
from dtro_app.drafting.guided.forms import ProvisionForm
from dtro_app.drafting.revocation import source_allows_full_revoke
from dtro_validation import build_registry, reset_registry

NEW_TYPE = "testOnlyRegulationType"


@pytest.fixture(autouse=True)
def _fresh_registry() -> Iterator[None]:
    # The process-wide registry must not carry this file's schemas into other tests.
    reset_registry()
    yield
    reset_registry()


@pytest.fixture
def spec_dir(tmp_path: Path, settings) -> Path:
    shutil.copytree(SPEC_DIR / "schemas", tmp_path / "schemas")
    settings.DTRO_SPEC_DIR = str(tmp_path)
    return tmp_path


def change_schema(spec_dir: Path, version: str, def_name: str, value: str) -> None:
    path = spec_dir / "schemas" / f"{version}.json"
    schema = json.loads(path.read_text())
    schema["$defs"][def_name]["enum"].append(value)
    path.write_text(json.dumps(schema))


def search_types() -> list[str]:
    # Flattened: regulation types come in groups.
    return [value for value, _ in flatten_choices(SearchForm().fields["regulationType"].choices)]


def guided_types() -> list[str]:
    return [value for value, _ in flatten_choices(ProvisionForm().fields["regulationType"].choices)]


def test_a_reloaded_registry_shows_a_new_enum_value_everywhere(spec_dir: Path) -> None:
    assert NEW_TYPE not in search_types()
    assert NEW_TYPE not in guided_types()
    assert source_allows_full_revoke("3.5.1") is False

    change_schema(spec_dir, "4.0.0", "regulationType", NEW_TYPE)
    change_schema(spec_dir, "3.5.1", "sourceActionType", "fullRevoke")
    reset_registry()

    assert NEW_TYPE in search_types()
    assert NEW_TYPE in guided_types()
    assert source_allows_full_revoke("3.5.1") is True


def test_the_lookup_is_cached_on_the_registry_it_was_built_from(spec_dir: Path) -> None:
    registry = build_registry(spec_dir, use_cached=False)
    before = registry.enum_values("regulationType")

    change_schema(spec_dir, "4.0.0", "regulationType", NEW_TYPE)

    assert registry.enum_values("regulationType") == before
    assert NEW_TYPE in build_registry(spec_dir, use_cached=False).enum_values("regulationType")


@pytest.mark.django_db
def test_schemas_refreshed_from_the_service_change_the_search_choices() -> None:
    assert NEW_TYPE not in search_types()
    schema = json.loads((SPEC_DIR / "schemas" / "4.0.0.json").read_text())
    schema["$defs"]["regulationType"]["enum"].append(NEW_TYPE)

    # What the refresh_schemas task does with the service's answer.
    store_service_schemas(
        [{"schemaVersion": "4.0.0", "isActive": True}],
        [{"schemaVersion": "4.0.0", "template": schema}],
    )

    assert NEW_TYPE in search_types()
    assert NEW_TYPE in guided_types()
