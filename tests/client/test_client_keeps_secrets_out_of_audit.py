from __future__ import annotations

import copy

import pytest
from client_helpers import Watched

from dtro_app.client import ApiError, DtroClient
from dtro_app.models import ApiCredential
from outbound.calls import excerpt, scrub
from outbound.models import OutboundCall

pytestmark = pytest.mark.django_db(transaction=True)


def test_no_token_or_secret_reaches_any_audit_row(
    api: DtroClient, session: Watched, credential: ApiCredential, document: dict
) -> None:
    from sandbox.models import SandboxToken

    dtro_id = api.create_from_body(document)["id"]
    broken = copy.deepcopy(document)
    broken["data"]["source"]["troName"] = 12
    for call in (lambda: api.update_from_body(dtro_id, broken), lambda: api.get("nope")):
        with pytest.raises(ApiError):
            call()
    SandboxToken.objects.all().delete()
    api.get(dtro_id)  # 401 then a fresh token
    credential.set_secret("a-wrong-secret-for-the-audit")
    credential.save()
    with pytest.raises(ApiError):
        DtroClient(credential, session=session).get(dtro_id)

    secrets = [credential.get_secret(), "a-wrong-secret-for-the-audit"]
    from sandbox.services import demo_credentials

    secrets.append(demo_credentials(credential.authority.code)[1])
    rows = list(OutboundCall.objects.values())
    assert len(rows) >= 8
    assert any(row["error_excerpt"] for row in rows)
    text = repr(rows)
    sent = {r.headers.get("Authorization", "").split(" ")[-1] for r, _ in session.exchanges}
    tokens = {
        r.headers["Authorization"].split(" ")[-1]
        for r, _ in session.exchanges
        if r.headers.get("Authorization", "").startswith("Bearer ")
    }
    assert len(tokens) == 2 and len(sent) == 4  # two tokens, two Basic headers
    for secret in [*secrets, *sent]:
        assert secret not in text
    assert "Bearer" not in text and "Basic" not in text


def test_scrub_hides_bearer_tokens_token_fields_and_the_secret() -> None:
    secret = "s3cr3t-value-of-the-app"
    body = (
        '{"access_token":"abcDEF123456789","note":"Authorization: Bearer abcDEF123456789",'
        f'"echo":"{secret}"}}'
    )
    cleaned = scrub(body, [secret])
    assert "abcDEF123456789" not in cleaned
    assert secret not in cleaned
    assert cleaned.count("[redacted]") == 3
    assert "Bearer [redacted]" in cleaned


def test_an_excerpt_is_at_most_500_characters() -> None:
    assert len(excerpt("x" * 5000)) == 500
