from __future__ import annotations

import pytest
from sandbox_helpers import Api

from sandbox.specs import rule_id, schema_id

pytestmark = pytest.mark.django_db


def test_schema_versions_list_activity_and_rules(publisher: Api) -> None:
    response = publisher.get("schemas/versions")
    assert response.status_code == 200
    versions = response.json()
    assert {
        "schemaVersion": "3.4.0",
        "isActive": versions[0]["isActive"],
        "rulesExist": True,
    } in versions
    assert all(set(v) == {"schemaVersion", "isActive", "rulesExist"} for v in versions)


def test_all_schemas_carry_their_template(publisher: Api) -> None:
    schemas = publisher.get("schemas").json()
    assert {s["schemaVersion"] for s in schemas} >= {"3.4.0", "4.0.0"}
    assert all(isinstance(s["template"], dict) and "isActive" in s for s in schemas)


def test_a_schema_by_version_and_by_its_stable_id_are_the_same(publisher: Api) -> None:
    by_version = publisher.get("schemas/4.0.0")
    by_id = publisher.get(f"schemas/{schema_id('4.0.0')}")
    assert by_version.status_code == by_id.status_code == 200
    assert by_version.json() == by_id.json()


def test_an_unknown_schema_version_is_404_and_a_malformed_one_400(publisher: Api) -> None:
    missing = publisher.get("schemas/9.9.9")
    assert missing.status_code == 404
    assert missing.json() == {"message": "Schema version", "error": "Schema version not found"}
    assert publisher.get("schemas/latest").status_code == 400


def test_rules_are_served_as_text_by_version_and_by_id(publisher: Api) -> None:
    assert publisher.get("rules/versions").json() == [{"schemaVersion": "3.4.0"}]
    listed = publisher.get("rules").json()
    assert isinstance(listed[0]["template"], str)
    by_version = publisher.get("rules/3.4.0").json()
    assert by_version == publisher.get(f"rules/{rule_id('3.4.0')}").json()
    assert publisher.get("rules/9.9.9").status_code == 404
    unknown = publisher.get("rules/3fa85f64-5717-4562-b3fc-2c963f66afa6")
    assert unknown.json() == {"message": "Rules version", "error": "Rules version not found"}
