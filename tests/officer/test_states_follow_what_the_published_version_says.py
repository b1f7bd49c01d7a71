"""What a published version says of itself (revoked in whole or part, when it ends), and the
state decided from it. Pure functions: no database, no clock."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from dtro_app.models import DtroStatus
from dtro_app.models.lifespan import FULL, LONDON, PARTIAL, add_duration, ends_at, revocation_of
from dtro_app.models.status import StatusFacts

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def provision(reference: str, *, action: str = "new", **fields: Any) -> dict[str, Any]:
    return {
        "actionType": action,
        "reference": reference,
        "orderReportingPoint": fields.pop("point", "permanentNoticeOfMaking"),
        "regulation": fields.pop("regulation", {"condition": {"timeValidity": {"start": "x"}}}),
        **fields,
    }


def envelope(*provisions: dict[str, Any], source_action: str = "new", **source: Any) -> dict:
    return {
        "schemaVersion": "4.0.0",
        "data": {"source": {"actionType": source_action, "provision": list(provisions), **source}},
    }


def validity(start: str, end: str | None = None, *, negate: bool = False) -> dict[str, Any]:
    times = {"start": start, "isPlaceholderTro": False}
    if end is not None:
        times["end"] = end
    return {"negate": negate, "timeValidity": times}


def test_a_source_full_revoke_or_every_provision_revoked_is_a_full_revocation():
    revoked = provision("a", action="fullRevoke")
    assert revocation_of(envelope(revoked, source_action="fullRevoke")) == FULL
    # Before 4.0.0 the source can only say `amendment`: every provision revoked says it.
    both = envelope(revoked, provision("b", action="fullRevoke"), source_action="amendment")
    assert revocation_of(both) == FULL


def test_some_provisions_revoked_is_a_partial_revocation():
    document = envelope(
        provision("a", action="fullRevoke"), provision("b", action="noChange"), source_action="x"
    )
    assert revocation_of(document) == PARTIAL
    assert revocation_of(envelope(provision("a", action="partialRevoke"))) == PARTIAL
    assert revocation_of(envelope(provision("a"), provision("b", action="amendment"))) == ""
    assert revocation_of({"data": "nonsense"}) == ""


def test_an_order_ends_when_its_last_provision_in_force_ends():
    early = provision("a", regulation={"condition": validity("2025-01-01T00:00:00", "2025-03-01")})
    late = provision(
        "b",
        regulation={
            "conditionSet": {
                "conditions": [
                    validity("2025-01-01T00:00:00", "2025-05-01T10:00:00"),
                    validity("2025-01-01T00:00:00", "2025-04-01T00:00:00Z"),
                ]
            }
        },
    )
    assert ends_at(envelope(early, late)) == datetime(2025, 5, 1, 10, 0, tzinfo=LONDON)


def test_an_order_with_one_open_ended_provision_never_ends():
    ending = provision("a", regulation={"condition": validity("2025-01-01T00:00", "2025-03-01")})
    open_ended = provision("b", regulation={"condition": validity("2025-01-01T00:00")})
    assert ends_at(envelope(ending, open_ended)) is None
    assert ends_at(envelope(provision("c", regulation={}))) is None


def test_revoked_provisions_and_exception_periods_do_not_keep_an_order_open():
    ending = provision(
        "a",
        regulation={
            "conditionSet": {
                "conditions": [
                    validity("2025-01-01T00:00", "2025-03-01T00:00"),
                    validity("2025-02-01T00:00", negate=True),  # except: not when it applies
                ]
            }
        },
    )
    revoked = provision("b", action="fullRevoke", regulation={"condition": validity("2025-01")})
    assert ends_at(envelope(ending, revoked)) == datetime(2025, 3, 1, tzinfo=LONDON)
    assert ends_at(envelope(revoked)) is None


def test_a_temporary_order_ends_after_its_expected_duration():
    temporary = provision(
        "a",
        point="ttroTtmoNoticeAfterMaking",
        comingIntoForceDate="2026-01-31",
        expectedOccupancyDuration="P1M2D",
        regulation={"condition": validity("2026-01-31T00:00")},
    )
    assert ends_at(envelope(temporary)) == datetime(2026, 3, 2, tzinfo=LONDON)
    from_source = copy.deepcopy(temporary)
    del from_source["comingIntoForceDate"]
    assert ends_at(envelope(from_source, comingIntoForceDate="2026-01-01")) == datetime(
        2026, 2, 3, tzinfo=LONDON
    )


def test_a_stop_event_or_an_experimental_cessation_ends_a_provision():
    stopped = provision(
        "a",
        actualStartOrStop=[
            {"eventType": "start", "eventAt": "2025-01-01T08:00:00Z"},
            {"eventType": "stop", "eventAt": "2025-02-01T08:00:00Z"},
        ],
    )
    restarted = provision(
        "b",
        actualStartOrStop=[
            {"eventType": "stop", "eventAt": "2025-02-01T08:00:00Z"},
            {"eventType": "start", "eventAt": "2025-03-01T08:00:00Z"},
        ],
    )
    ceased = provision(
        "c",
        point="experimentalNoticeOfMaking",
        experimentalCessation={"actualDateOfCessation": "2025-04-30", "natureOfCessation": "x"},
    )
    assert ends_at(envelope(stopped)) == datetime(2025, 2, 1, 8, tzinfo=UTC)
    assert ends_at(envelope(restarted)) is None
    assert ends_at(envelope(ceased)) == datetime(2025, 5, 1, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P14D", datetime(2026, 2, 14, tzinfo=UTC)),
        ("P1Y", datetime(2027, 1, 31, tzinfo=UTC)),
        ("P1M", datetime(2026, 2, 28, tzinfo=UTC)),
        ("P2W", datetime(2026, 2, 14, tzinfo=UTC)),
        ("PT36H", datetime(2026, 2, 1, 12, tzinfo=UTC)),
        ("nonsense", None),
        ("P", None),
    ],
)
def test_durations_are_added_by_the_calendar(text, expected):
    assert add_duration(datetime(2026, 1, 31, tzinfo=UTC), text) == expected


def facts(**overrides: Any) -> StatusFacts:
    values: dict[str, Any] = {
        "has_service_id": True,
        "latest_revision_state": "approved",
        "in_delivery": False,
        "last_submission_state": "succeeded",
        "last_submission_action": "update",
        "now": NOW,
    }
    return StatusFacts(**{**values, **overrides})


def test_the_state_of_a_published_order_follows_its_revocation_and_end():
    ended = datetime(2026, 5, 1, tzinfo=UTC)
    assert facts().status == DtroStatus.PUBLISHED
    assert facts(ends_at=datetime(2026, 7, 1, tzinfo=UTC)).status == DtroStatus.PUBLISHED
    assert facts(ends_at=ended).status == DtroStatus.EXPIRED
    assert facts(ends_at=NOW).status == DtroStatus.EXPIRED
    assert facts(revocation=PARTIAL).status == DtroStatus.PARTLY_REVOKED
    assert facts(revocation=FULL).status == DtroStatus.REVOKED
    # A revoked order stays revoked after its end; a partly revoked one whose rest ended expires.
    assert facts(revocation=FULL, ends_at=ended).status == DtroStatus.REVOKED
    assert facts(revocation=PARTIAL, ends_at=ended).status == DtroStatus.EXPIRED


def test_work_on_a_revoked_order_shows_before_its_revocation():
    assert facts(revocation=FULL, latest_revision_state="draft").status == DtroStatus.DRAFT
    assert facts(revocation=FULL, in_delivery=True).status == DtroStatus.IN_DELIVERY
    deleted = facts(revocation=FULL, last_submission_action="delete")
    assert deleted.status == DtroStatus.DELETED
    assert facts(revocation=FULL, has_service_id=False).status == DtroStatus.DRAFT
