"""M2: a TRA's client id and secret go only to DfT's D-TRO hosts (or a named sandbox).

Changing where (or as whom) a credential is used needs the secret again; a base URL off the
allow-list is refused by the model, the admin form and, before anything is sent, the client.
The CSV export follows only signed URLs on the file store.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
import requests
from django.core.exceptions import ValidationError
from django.urls import reverse
from factories import make_credential

from dtro_app.client import DtroClient
from dtro_app.client.errors import ApiError
from dtro_app.models import ApiCredential
from outbound.models import OutboundCall

pytestmark = pytest.mark.django_db

DFT_INTEGRATION = "https://dtro-integration.dft.gov.uk/v1"
SIGNED = "X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Expires=3600&X-Goog-Signature=abc123"


class RecordingSession:
    """Stands in for `requests.Session`: records what would have been sent, answers 200."""

    def __init__(self, body: bytes = b'{"access_token": "t", "expires_in": 1800}') -> None:
        self.sent: list[tuple[str, str, dict[str, Any]]] = []
        self.body = body

    def _answer(self, url: str) -> requests.Response:
        response = requests.Response()
        response.status_code = 200
        response._content = self.body
        response.raw = io.BytesIO(self.body)
        response.url = url
        return response

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        self.sent.append((method, url, kwargs))
        return self._answer(url)

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        self.sent.append(("GET", url, kwargs))
        return self._answer(url)


def _change(client: Any, credential: ApiCredential, **changes: str) -> Any:
    data = {
        "authority": credential.authority_id,
        "environment": credential.environment,
        "base_url": credential.base_url,
        "client_id": credential.client_id,
        "secret": "",
        "is_active": "on",
        **changes,
    }
    return client.post(reverse("admin:dtro_app_apicredential_change", args=[credential.pk]), data)


@pytest.fixture
def credential(tra: Any) -> ApiCredential:
    return make_credential(tra, DFT_INTEGRATION, "client-1", "the-real-secret")


def test_changing_the_base_url_or_client_id_needs_the_secret_again(supervisor_client, credential):
    for changes in (
        {"base_url": "https://dtro.dft.gov.uk/v1"},
        {"client_id": "client-2"},
    ):
        response = _change(supervisor_client, credential, **changes)
        assert response.status_code == 200, changes
        assert "enter the secret again" in response.content.decode().lower()
        credential.refresh_from_db()
        assert (credential.base_url, credential.client_id) == (DFT_INTEGRATION, "client-1")
    # With the secret typed again, the move is saved.
    response = _change(
        supervisor_client, credential, base_url="https://dtro.dft.gov.uk/v1", secret="typed-again"
    )
    assert response.status_code == 302
    credential.refresh_from_db()
    assert credential.base_url == "https://dtro.dft.gov.uk/v1"


@pytest.mark.parametrize(
    "url",
    [
        "https://attacker.example/v1",
        "http://dtro-integration.dft.gov.uk/v1",  # a DfT host, but not over HTTPS
        "https://dtro-integration.dft.gov.uk.attacker.example/v1",
        "https://user:pw@dtro.dft.gov.uk/v1",
    ],
)
def test_the_admin_refuses_a_base_url_off_the_allow_list(supervisor_client, credential, url):
    response = _change(supervisor_client, credential, base_url=url, secret="typed-again")
    assert response.status_code == 200
    credential.refresh_from_db()
    assert credential.base_url == DFT_INTEGRATION


def test_the_model_allows_dft_hosts_named_sandboxes_and_loopback_only_outside_production(
    tra, settings
):
    def check(url: str) -> None:
        ApiCredential(
            authority=tra, environment="integration", base_url=url, client_id="c"
        ).full_clean(exclude=["encrypted_secret"])

    check("https://dtro.dft.gov.uk/v1")
    check("https://dtro-integration.dft.gov.uk/v1")
    check("http://127.0.0.1:8000/sandbox/v1")  # the bundled sandbox in development
    with pytest.raises(ValidationError):
        check("https://elsewhere.example/v1")

    settings.DTRO_ALLOW_LOOPBACK = False  # as in production
    with pytest.raises(ValidationError):
        check("http://127.0.0.1:8000/sandbox/v1")
    settings.DTRO_SANDBOX_URLS = ["https://sandbox.council.example/dtro"]
    check("https://sandbox.council.example/dtro/v1")
    with pytest.raises(ValidationError):
        check("https://sandbox.council.example/other/v1")


def test_test_connection_sends_nothing_to_a_host_off_the_allow_list(
    supervisor_client, tra, monkeypatch
):
    # Saved behind the form's back (an old row, a shell): the client still refuses.
    credential = make_credential(tra, "http://internal.example/v1", "client-1", "the-real-secret")
    session = RecordingSession(b"internal admin page with secrets")
    monkeypatch.setattr("dtro_app.client.api.shared_session", lambda: session)
    response = supervisor_client.post(
        reverse("admin:dtro_app_apicredential_test_connection", args=[credential.pk]),
        follow=True,
    )
    assert session.sent == []
    [message] = [str(m) for m in response.context["messages"]]
    assert "connected" not in message
    # No body from the outside host is stored in the API-call records.
    assert not OutboundCall.objects.exclude(error_excerpt="").exists()


def test_the_csv_export_follows_only_signed_urls_on_the_file_store(credential):
    session = RecordingSession(b"a,b\n1,2\n")
    client = DtroClient(credential, session=session)  # type: ignore[arg-type]
    for url in (
        "http://10.0.0.5/internal",
        "https://attacker.example/export.csv?" + SIGNED,
        "http://storage.googleapis.com/dtro-records/all.csv?" + SIGNED,
        "https://storage.googleapis.com/dtro-records/all.csv",  # not signed
    ):
        with pytest.raises(ApiError):
            client.open_export(url)
    assert session.sent == []

    good = "https://storage.googleapis.com/dtro-records/all.csv?" + SIGNED
    client.open_export(good).close()
    [(_, url, kwargs)] = session.sent
    assert url == good
    assert kwargs.get("allow_redirects") is False
