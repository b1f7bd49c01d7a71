from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta

import pytest
import requests

from dtro_app.client import DtroClient, PermanentError
from outbound.models import OutboundCall

pytestmark = pytest.mark.django_db(transaction=True)


def test_create_get_update_history_delete_then_404(api: DtroClient, document: dict) -> None:
    start = datetime.now(UTC) - timedelta(seconds=2)
    dtro_id = api.create_from_body(document)["id"]
    assert api.get(dtro_id)["data"] == document["data"]

    changed = copy.deepcopy(document)
    changed["data"]["source"]["actionType"] = "amendment"
    changed["data"]["source"]["troName"] += " (amended)"
    assert api.update_from_body(dtro_id, changed) == {"id": dtro_id}
    sources = api.source_history(dtro_id)
    assert [s["actionType"] for s in sources] == ["amendment", "new"]
    assert api.provision_history(dtro_id)

    window = {"since": start.strftime("%Y-%m-%dT%H:%M:%S"), "page": 1, "pageSize": 50}
    window["to"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    assert any(e["id"] == dtro_id for e in api.events(window)["events"])
    query = {"page": 1, "pageSize": 50, "queries": [{"traCreator": 99999}]}
    assert any(r["id"] == dtro_id for r in api.search(query)["results"])

    assert api.delete(dtro_id) is None  # 204
    with pytest.raises(PermanentError) as caught:
        api.get(dtro_id)
    assert caught.value.status == 404
    assert OutboundCall.objects.filter(outcome="success").count() == 9  # token + 8 calls


def test_files_plain_and_gzip_create_and_update(api: DtroClient, document: dict) -> None:
    raw = json.dumps(document).encode()
    dtro_id = api.create_from_file(raw, "order.json", gzip=True)["id"]
    changed = copy.deepcopy(document)
    changed["data"]["source"]["troName"] += " (from a file)"
    api.update_from_file(dtro_id, json.dumps(changed).encode(), "order.json")
    assert api.get(dtro_id)["data"] == changed["data"]
    other = copy.deepcopy(document)
    other["data"]["source"]["troName"] += " (plain file)"
    assert api.create_from_file(json.dumps(other).encode(), "other.json")["id"]


def test_schemas_rules_and_the_export_are_reachable(api: DtroClient) -> None:
    versions = [v["schemaVersion"] for v in api.schema_versions()]
    assert versions
    assert [s["schemaVersion"] for s in api.schemas()] == versions
    assert api.schema(versions[-1])["schemaVersion"] == versions[-1]
    with_rules = [v["schemaVersion"] for v in api.rule_versions()]
    assert len(api.rules()) == len(with_rules)
    if with_rules:
        assert api.rules_for(with_rules[0])
    url = api.all_export_url()
    assert "all.csv" in url
    assert requests.get(url, timeout=10).status_code == 200
