"""Revocations carry the right action types and reporting points, and still validate."""

from __future__ import annotations

import copy

import pytest
from factories import valid_document

from dtro_app.drafting.revocation import RevocationError, build_revocation, revocation_point
from dtro_validation import validate_document

pytestmark = pytest.mark.django_db


def _two_provisions(tra) -> dict:
    document = valid_document(tra)
    provisions = document["data"]["source"]["provision"]
    second = copy.deepcopy(provisions[0])
    second["reference"] = "second-provision"
    provisions[1:] = [second]
    return document


def test_a_full_revocation_revokes_every_provision(tra):
    document = _two_provisions(tra)

    revoked = build_revocation(document, full=True)

    source = revoked["data"]["source"]
    version = revoked["schemaVersion"]
    assert source["actionType"] == ("fullRevoke" if version >= "4" else "amendment")
    assert {p["actionType"] for p in source["provision"]} == {"fullRevoke"}
    assert validate_document(revoked, tra_code=tra.code).issues == []
    assert document["data"]["source"]["actionType"] == "new"  # the original is untouched


def test_a_partial_revocation_revokes_only_the_chosen_provisions(tra):
    document = _two_provisions(tra)

    revoked = build_revocation(document, full=False, provision_references=["second-provision"])

    source = revoked["data"]["source"]
    assert source["actionType"] == "amendment"
    assert [p["actionType"] for p in source["provision"]] == ["noChange", "fullRevoke"]
    kept, gone = source["provision"]
    assert gone["orderReportingPoint"].endswith("Revocation")
    assert (
        kept["orderReportingPoint"]
        == document["data"]["source"]["provision"][0]["orderReportingPoint"]
    )
    assert validate_document(revoked, tra_code=tra.code).issues == []


def test_choosing_every_provision_is_a_full_revocation(tra):
    document = _two_provisions(tra)
    references = [p["reference"] for p in document["data"]["source"]["provision"]]

    revoked = build_revocation(document, full=False, provision_references=references)

    assert {p["actionType"] for p in revoked["data"]["source"]["provision"]} == {"fullRevoke"}


def test_a_partial_revocation_needs_provisions_of_this_dtro(tra):
    with pytest.raises(RevocationError, match="Select the provisions"):
        build_revocation(valid_document(tra), full=False, provision_references=[])
    with pytest.raises(RevocationError, match="this D-TRO only"):
        build_revocation(valid_document(tra), full=False, provision_references=["nope"])


@pytest.mark.parametrize(
    ("point", "expected"),
    [
        ("permanentNoticeOfMaking", "permanentRevocation"),
        ("ttroTtmoNoticeOfIntention", "ttroTtmoRevocation"),
        ("ttroTtmoNoticeAfterMaking", "ttroTtmoRevocation"),
        ("experimentalNoticeOfMaking", "experimentalRevocation"),
    ],
)
def test_revoked_provisions_move_to_their_order_types_revocation_point(point, expected):
    assert revocation_point(point) == expected
