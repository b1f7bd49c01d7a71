from __future__ import annotations

import copy

import pytest
from client_helpers import make_credential

from dtro_app.client import DtroClient, DuplicateError, PermanentError
from dtro_app.models import ApiCredential, TrafficAuthority
from dtro_validation import ValidationIssue
from outbound.models import OutboundCall

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_validation_400_is_permanent_with_translated_issues(
    api: DtroClient, document: dict
) -> None:
    broken = copy.deepcopy(document)
    del broken["data"]["source"]["provision"]
    with pytest.raises(PermanentError) as caught:
        api.create_from_body(broken)
    error = caught.value
    assert (error.kind, error.status) == ("permanent", 400)
    assert error.issues and all(isinstance(i, ValidationIssue) for i in error.issues)
    assert any("provision" in (i.path + i.message).lower() for i in error.issues)
    assert OutboundCall.objects.get(path="/dtros/createFromBody").outcome == "permanent"


def test_an_exact_duplicate_create_is_signalled_as_a_duplicate(
    api: DtroClient, document: dict
) -> None:
    api.create_from_body(document)
    with pytest.raises(DuplicateError) as caught:
        api.create_from_body(document)
    assert (caught.value.kind, caught.value.status) == ("duplicate", 400)
    assert not isinstance(caught.value, PermanentError)  # it needs reconciling, not showing
    outcomes = OutboundCall.objects.filter(path="/dtros/createFromBody").order_by("id")
    assert list(outcomes.values_list("outcome", flat=True)) == ["success", "duplicate"]


def test_an_unknown_dtro_is_a_permanent_404(api: DtroClient) -> None:
    with pytest.raises(PermanentError) as caught:
        api.get("6f4e1a52-2f8e-4a8c-9d1b-0c7a1f3e5b21")
    assert caught.value.status == 404
    assert caught.value.issues


def test_a_consumer_app_trying_to_publish_is_a_permanent_403(
    tra: TrafficAuthority, sandbox_url: str, document: dict
) -> None:
    from sandbox.services import save_app

    app, secret = save_app(name="Data consumer", tra_code=None, consumer=True)
    credential = make_credential(tra, sandbox_url, app.client_id, secret or "")
    with pytest.raises(PermanentError) as caught:
        DtroClient(credential).create_from_body(document)
    assert caught.value.status == 403


def test_another_tra_changing_our_record_is_a_permanent_403(
    api: DtroClient, other_credential: ApiCredential, document: dict
) -> None:
    dtro_id = api.create_from_body(document)["id"]
    with pytest.raises(PermanentError) as caught:
        DtroClient(other_credential).delete(dtro_id)
    assert caught.value.status == 403
    assert api.get(dtro_id)["id"] == dtro_id
