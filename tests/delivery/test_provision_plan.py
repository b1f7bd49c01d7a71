"""Planning an update as provision-level calls (pure: no database, no HTTP)."""

from __future__ import annotations

import copy
from typing import Any

from dtro_app.drafting.examples import example_document
from dtro_app.publishing.provision_plan import describe, holds, plan


def _order(count: int) -> dict[str, Any]:
    document = example_document()
    template = document["data"]["source"]["provision"][0]
    provisions = []
    for index in range(count):
        provision = copy.deepcopy(template)
        provision["reference"] = f"P-{index}"
        provision["provisionDescription"] = f"Section {index}"
        provisions.append(provision)
    document["data"]["source"]["provision"] = provisions
    return document


def _provisions(document: dict[str, Any]) -> list[dict[str, Any]]:
    return document["data"]["source"]["provision"]


def _ids(*references: str) -> dict[str, str]:
    return {reference: f"id-{reference}" for reference in references}


def test_added_changed_and_removed_provisions_become_one_create_an_update_and_a_delete():
    held = _order(10)
    new = copy.deepcopy(held)
    _provisions(new)[3]["provisionDescription"] = "Section 3, shortened"
    _provisions(new)[3]["actionType"] = "amendment"
    del _provisions(new)[7]
    added = copy.deepcopy(_provisions(new)[0]) | {"reference": "P-new", "actionType": "new"}
    _provisions(new).append(added)

    decision = plan(held, new, _ids("P-3", "P-7"))

    assert decision.plan is not None, decision.reason
    assert decision.plan.create == [added]
    assert [(u.reference, u.provision_id) for u in decision.plan.update] == [("P-3", "id-P-3")]
    assert [(d.reference, d.provision_id) for d in decision.plan.delete] == [("P-7", "id-P-7")]
    assert describe(decision.plan) == (
        "3 provision-level calls: 1 provision created, 1 updated, 1 deleted"
    )


def test_a_provision_only_tagged_no_change_is_not_sent():
    held = _order(4)
    new = copy.deepcopy(held)
    for provision in _provisions(new):
        provision["actionType"] = "noChange"
    _provisions(new)[1]["provisionDescription"] = "Section 1, moved"
    _provisions(new)[1]["actionType"] = "amendment"

    decision = plan(held, new, _ids("P-1"))

    assert decision.plan is not None
    assert [u.reference for u in decision.plan.update] == ["P-1"]
    assert decision.plan.create == [] and decision.plan.delete == []


def test_a_different_action_type_other_than_no_change_is_a_change():
    held = _order(4)
    new = copy.deepcopy(held)
    _provisions(new)[2]["actionType"] = "partialRevoke"
    decision = plan(held, new, _ids("P-2"))
    assert decision.plan is not None
    assert [u.reference for u in decision.plan.update] == ["P-2"]


def test_any_change_outside_the_provisions_sends_the_whole_record():
    held = _order(10)
    for change in (
        lambda source: source.__setitem__("actionType", "amendment"),
        lambda source: source.__setitem__("troName", "Another name"),
        lambda source: source.__setitem__("traAffected", [9999]),
    ):
        new = copy.deepcopy(held)
        change(new["data"]["source"])
        _provisions(new)[0]["provisionDescription"] = "changed"
        decision = plan(held, new, _ids("P-0"))
        assert decision.plan is None
        assert decision.reason == "it changes more than the provisions"
    new = copy.deepcopy(held)
    new["schemaVersion"] = "3.5.1"
    assert plan(held, new, {}).plan is None


def test_a_provision_without_a_known_id_sends_the_whole_record():
    held = _order(10)
    new = copy.deepcopy(held)
    _provisions(new)[5]["provisionDescription"] = "changed"
    decision = plan(held, new, _ids("P-4"))
    assert decision.plan is None
    assert "never told us the id" in decision.reason
    removed = copy.deepcopy(held)
    del _provisions(removed)[5]
    assert plan(held, removed, _ids("P-4")).plan is None
    assert plan(held, removed, _ids("P-5")).plan is not None


def test_provision_level_only_when_its_calls_are_fewer_than_half_the_provisions():
    held = _order(6)
    two = copy.deepcopy(held)
    for index in (0, 1):
        _provisions(two)[index]["provisionDescription"] = "changed"
    assert plan(held, two, _ids("P-0", "P-1", "P-2")).plan is not None  # 2 calls, 6 provisions
    three = copy.deepcopy(two)
    _provisions(three)[2]["provisionDescription"] = "changed"
    decision = plan(held, three, _ids("P-0", "P-1", "P-2"))  # 3 calls: not fewer than half
    assert decision.plan is None and "would save nothing" in decision.reason
    # However many provisions are added, they go in one call.
    many = copy.deepcopy(held)
    for index in range(17):
        _provisions(many).append(copy.deepcopy(_provisions(held)[0]) | {"reference": f"N-{index}"})
    added = plan(held, many, {}).plan
    assert added is not None and added.calls == 1 and len(added.create) == 17


def test_provisions_that_cannot_be_matched_by_reference_send_the_whole_record():
    held = _order(6)
    new = copy.deepcopy(held)
    _provisions(new)[1]["reference"] = "P-0"
    assert plan(held, new, _ids("P-0", "P-1")).plan is None
    blank = copy.deepcopy(held)
    _provisions(blank)[1]["reference"] = "  "
    assert plan(held, blank, _ids("P-1")).plan is None


def test_the_service_holds_a_provision_level_change_though_its_hash_differs():
    sent = _order(5)
    for provision in _provisions(sent):
        provision["actionType"] = "noChange"
    _provisions(sent)[0]["actionType"] = "amendment"
    _provisions(sent)[0]["provisionDescription"] = "changed"
    # The service keeps each untouched provision as first sent (tagged new), and lists the
    # provisions in its own order.
    service = _order(5)
    _provisions(service)[0] = copy.deepcopy(_provisions(sent)[0])
    _provisions(service).reverse()
    service |= {"id": "abc", "LastUpdated": "2026-12-01T00:00:00"}
    assert holds(service, sent)
    assert not holds(_order(5), sent)  # the changed provision is not there
    fewer = copy.deepcopy(service)
    del _provisions(fewer)[2]
    assert not holds(fewer, sent)
