"""`DtroClient`: one method per endpoint of the D-TRO service (ICD v2.3 and quickstart).

Every request carries a bearer token, a fresh `X-Correlation-ID` and a timeout, waits for its
turn in the environment's shared budget first (and is held back while the environment's
circuit is open), is recorded as an `OutboundCall`, reports its outcome to the circuit, and either
returns the parsed JSON body or raises a classified `ApiError` (see `errors.py`).
"""

from __future__ import annotations

import gzip as gzip_module
import http.cookiejar
import os
import threading
import time
import uuid
from typing import Any
from urllib.parse import quote

import requests

from dtro_app.client import circuit, ratelimit, tokens
from dtro_app.client.errors import (
    ApiError,
    BudgetExhausted,
    CircuitOpen,
    PermanentError,
    RateLimited,
    TransientError,
    UnknownOutcomeError,
    classify_response,
)
from dtro_app.models import ApiCredential
from dtro_app.models import service_hosts as hosts
from dtro_validation.limits import bom_free_bytes, without_bom
from outbound import calls
from outbound.models import CallOutcome, Service
from outbound.network import NetworkFailure, classify_network_failure

Timeout = tuple[float, float]
DEFAULT_TIMEOUT: Timeout = (5.0, 30.0)
USER_AGENT = "dtro-portal/0.1"
OAUTH_PATH = "/oauth-generator"
# After a 429 without Retry-After, everyone calling the environment pauses this long: the
# spike arrest counts in slots of a fraction of a second, so a second clears it. (The
# refused change itself waits DEFAULT_RETRY_AFTER before its next attempt.)
GATEWAY_PAUSE = 1.0
# Answers the gateway gives without asking the service behind it.
GATEWAY_ONLY_STATUSES = frozenset({401, 403, 429})


_local = threading.local()


def shared_session() -> requests.Session:
    """This thread's keep-alive session, so connections (and TLS handshakes) to the service
    are reused across calls and deliveries. Per process too: a session made before a fork
    would share its sockets with the children. It keeps no cookies, so nothing one
    credential's responses set can travel with another's requests."""
    owner, session = getattr(_local, "session", (None, None))
    if session is None or owner != os.getpid():
        session = requests.Session()
        session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
        _local.session = (os.getpid(), session)
    return session


class _StaleToken(Exception):
    """A first 401: the caller refreshes the token and tries once more."""


class DtroClient:
    """Talks to the D-TRO service (DfT integration, production or the sandbox) for one TRA."""

    def __init__(
        self,
        credential: ApiCredential,
        *,
        timeout: Timeout = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
        submission_id: int | None = None,
        probe: bool = False,
        max_budget_wait: float | None = None,
    ) -> None:
        if not timeout or any(part is None or part <= 0 for part in timeout):
            raise ValueError("Every call needs a connect and a read timeout")
        self.credential = credential
        self.timeout = timeout
        self.session = session or shared_session()
        # Stored on each OutboundCall so an outbox row's attempts can be listed.
        self.submission_id = submission_id
        self.base_url = credential.base_url.rstrip("/")
        # The circuit's probe may call while the circuit is open; nothing else may.
        self.probe = probe
        self.max_budget_wait = max_budget_wait
        # Set by the last turn taken: the environment has been failing, so an answer
        # should close its circuit.
        self._environment_failing = False

    # --- publisher endpoints -----------------------------------------------------------

    def create_from_body(self, envelope: dict[str, Any]) -> Any:
        return self._request("POST", "/dtros/createFromBody", write=True, json=envelope)

    def create_from_file(self, content: bytes, filename: str, gzip: bool = False) -> Any:
        files = _file_part(content, filename, gzip)
        return self._request("POST", "/dtros/createFromFile", write=True, files=files)

    def update_from_body(self, dtro_id: str | uuid.UUID, envelope: dict[str, Any]) -> Any:
        path = f"/dtros/updateFromBody/{_segment(dtro_id)}"
        return self._request("PUT", path, write=True, json=envelope)

    def update_from_file(
        self, dtro_id: str | uuid.UUID, content: bytes, filename: str, gzip: bool = False
    ) -> Any:
        path = f"/dtros/updateFromFile/{_segment(dtro_id)}"
        return self._request("PUT", path, write=True, files=_file_part(content, filename, gzip))

    def get(self, dtro_id: str | uuid.UUID) -> Any:
        return self._request("GET", f"/dtros/{_segment(dtro_id)}")

    def delete(self, dtro_id: str | uuid.UUID) -> Any:
        return self._request("DELETE", f"/dtros/{_segment(dtro_id)}", write=True)

    def source_history(self, dtro_id: str | uuid.UUID) -> Any:
        return self._request("GET", f"/dtros/sourceHistory/{_segment(dtro_id)}")

    def provision_history(self, dtro_id: str | uuid.UUID) -> Any:
        return self._request("GET", f"/dtros/provisionHistory/{_segment(dtro_id)}")

    # --- provision-level endpoints (OpenAPI of August 2026; they need the app's App-Id) -----

    def create_provisions(
        self, dtro_id: str | uuid.UUID, provisions: list[dict[str, Any]]
    ) -> list[uuid.UUID]:
        """Add provisions to a published record; the ids the service gave them, in order.

        The ids are the only handle on a provision and no read returns them, so an answer
        without one id per provision sent leaves the change unconfirmed (unknown outcome).
        """
        if not provisions:
            raise ValueError("Give at least one provision to add")
        headers = self._app_id_header()
        path = f"/provisions/createFromBody?dtroId={_segment(dtro_id)}"
        body = self._request("POST", path, write=True, json=provisions, headers=headers)
        ids = body.get("provisionIds") if isinstance(body, dict) else None
        parsed = [parse_service_id(i) for i in ids] if isinstance(ids, list) else []
        if len(parsed) != len(provisions) or not all(parsed):
            raise UnknownOutcomeError(
                "The D-TRO service answered the new provisions without one id for each; "
                "they may have been added",
                body=body,
            )
        return [i for i in parsed if i is not None]

    def update_provision(self, provision_id: str | uuid.UUID, provision: dict[str, Any]) -> None:
        path = f"/provisions/{_segment(provision_id)}"
        self._request("PUT", path, write=True, json=provision, headers=self._app_id_header())

    def delete_provision(self, provision_id: str | uuid.UUID) -> None:
        path = f"/provisions/{_segment(provision_id)}"
        self._request("DELETE", path, write=True, headers=self._app_id_header())

    def _app_id_header(self) -> dict[str, str]:
        if self.credential.app_id is None:
            raise ValueError(
                f"{self.credential} has no App-Id, which the service needs for changes to "
                "single provisions. Add it to the API credential, or send whole records."
            )
        return {"App-Id": str(self.credential.app_id)}

    # --- consumer endpoints (POSTs that change nothing, so 5xx is plainly transient) -----

    def events(self, query: dict[str, Any]) -> Any:
        return self._request("POST", "/events", json=query)

    def search(self, query: dict[str, Any]) -> Any:
        return self._request("POST", "/search", json=query)

    def all_export_url(self) -> str:
        """The signed URL of the CSV export of every D-TRO (valid for about an hour)."""
        return str(self._request("GET", "/dtros/all"))

    def open_export(self, signed_url: str) -> requests.Response:
        """Stream the CSV behind a signed export URL (the caller closes the response).

        The URL points at the service's file store, not its API: no token, no budget. It
        comes from the service's answer, so only a signed URL on the file store is followed.
        """
        problem = hosts.export_url_problem(signed_url)
        if problem:
            raise PermanentError(problem)
        try:
            # A redirect could lead anywhere: the checked URL is the only one fetched.
            response = self.session.get(
                signed_url, stream=True, timeout=self.timeout, allow_redirects=False
            )
        except requests.RequestException as exc:
            raise _network_error(exc, write=False, correlation_id="") from exc
        if response.status_code != 200:
            response.close()
            raise classify_response(
                status=response.status_code,
                body=None,
                is_write=False,
                retry_after_header=response.headers.get("Retry-After"),
                correlation_id=None,
            )
        return response

    # --- schemas and rules -------------------------------------------------------------

    def rule_versions(self) -> Any:
        return self._request("GET", "/rules/versions")

    def rules(self) -> Any:
        return self._request("GET", "/rules")

    def rules_for(self, version: str) -> Any:
        return self._request("GET", f"/rules/{_segment(version)}")

    def schema_versions(self) -> Any:
        return self._request("GET", "/schemas/versions")

    def schemas(self) -> Any:
        return self._request("GET", "/schemas")

    def schema(self, version_or_id: str | uuid.UUID) -> Any:
        return self._request("GET", f"/schemas/{_segment(version_or_id)}")

    # --- machinery ---------------------------------------------------------------------

    def _request(self, method: str, path: str, *, write: bool = False, **kwargs: Any) -> Any:
        if kwargs.get("json") is not None:
            # The service cannot read a byte-order mark; none is ever sent, even in a string.
            kwargs["json"] = without_bom(kwargs["json"])
        self._spend_budget()
        token = tokens.get_token(self.credential, self._fetch_token)
        try:
            return self._send(method, path, write=write, token=token, retry_401=True, **kwargs)
        except _StaleToken:
            tokens.invalidate(self.credential, token)
        self._spend_budget()
        token = tokens.get_token(self.credential, self._fetch_token)
        return self._send(method, path, write=write, token=token, retry_401=False, **kwargs)

    def probe_service(self) -> Any:
        """One cheap read that tells whether the service answers (the circuit's probe)."""
        return self._request("GET", "/schemas/versions")

    def _spend_budget(self) -> None:
        turn = ratelimit.take_turn(self.base_url, probe=self.probe, max_wait=self.max_budget_wait)
        if isinstance(turn, ratelimit.Refusal):
            if turn.circuit_open:
                raise CircuitOpen(
                    "The D-TRO service has not answered recently; waiting for it to come back",
                    retry_after=turn.retry_after,
                    failing_since=turn.failing_since,
                )
            raise BudgetExhausted(
                "The request budget of the D-TRO service is booked ahead",
                retry_after=turn.retry_after,
            )
        self._environment_failing = turn.had_failures
        if turn.wait > 0:
            time.sleep(turn.wait)  # our own slot, at most DTRO_RATE_MAX_WAIT_SECONDS ahead

    def _report(self, path: str, status: int | None, error: ApiError | None) -> None:
        """Tell the environment's circuit and budget how the call went. Only an answer from
        the service behind the gateway shows it is back: a 2xx, or its own 4xx refusals.
        The gateway's 401 (stale token), 403 and 429 say nothing about the service, nor
        does a token from the OAuth proxy (though that proxy failing stops deliveries too)."""
        if status is None or status >= 500:
            circuit.record_failure(self.base_url, str(error or status))
        elif status == 429:
            advised = error.advised_wait if isinstance(error, RateLimited) else None
            ratelimit.slow_down(self.base_url, GATEWAY_PAUSE if advised is None else advised)
        elif (
            self._environment_failing and status not in GATEWAY_ONLY_STATUSES and path != OAUTH_PATH
        ):
            circuit.record_success(self.base_url)
            self._environment_failing = False

    def _fetch_token(self) -> tuple[str, float]:
        # The token endpoint is its own gateway proxy, outside the D-TRO SpikeArrest budget.
        body = self._send(
            "POST",
            OAUTH_PATH,
            write=False,
            auth=(self.credential.client_id, self.credential.get_secret()),
            data={"grant_type": "client_credentials"},
        )
        token = body.get("access_token") if isinstance(body, dict) else None
        if not token:
            raise TransientError("The token endpoint answered without an access token")
        try:
            expires_in = float(body.get("expires_in") or 0)
        except (TypeError, ValueError):
            expires_in = 0.0
        return str(token), expires_in or 1799.0

    def _send(
        self,
        method: str,
        path: str,
        *,
        write: bool,
        token: str | None = None,
        retry_401: bool = False,
        **kwargs: Any,
    ) -> Any:
        """One HTTP exchange: send, record, and return the body or raise a classified error."""
        correlation_id = str(uuid.uuid4())
        headers = {
            "Accept": "application/json",
            # The process id lets an operator (and the chaos benchmark) tell workers apart.
            "User-Agent": f"{USER_AGENT} (pid {os.getpid()})",
            "X-Correlation-ID": correlation_id,
        }
        if token:
            headers["Authorization"] = f"Bearer {token}"
        headers.update(kwargs.pop("headers", None) or {})

        def save(status: int | None, outcome: str, text: str = "") -> None:
            # The secret is decrypted only when there is text to scrub (errors are rare).
            secrets = [s for s in (token, self._secret_for_scrub()) if s] if text else []
            calls.record(
                service=Service.DTRO,
                authority_id=self.credential.authority_id,
                credential_id=self.credential.pk,
                method=method,
                path=path,
                correlation_id=correlation_id,
                status=status,
                duration_ms=int((time.monotonic() - started) * 1000),
                outcome=outcome,
                error_excerpt=calls.excerpt(text, secrets) if text else "",
                submission_id=self.submission_id,
            )

        # Defence in depth: whatever saved the credential, never send it (or a token) to a
        # host that is not allowed. Nothing is sent, so no outside body can be stored.
        problem = hosts.base_url_problem(self.base_url)
        if problem:
            raise PermanentError(
                f"not sent, because {problem[:1].lower()}{problem[1:].rstrip('.')}"
            )

        started = time.monotonic()
        try:
            response = self.session.request(
                method,
                self.base_url + path,
                headers=headers,
                timeout=self.timeout,
                # A redirected POST would become a GET; a redirect means a wrong base URL.
                allow_redirects=False,
                **kwargs,
            )
        except requests.RequestException as exc:
            error = _network_error(exc, write=write, correlation_id=correlation_id)
            save(None, error.kind, f"{type(exc).__name__}: {exc}")
            if not isinstance(error, PermanentError):
                self._report(path, None, error)
            raise error from None

        status = response.status_code
        body = _parse(response)
        if 200 <= status < 300:
            save(status, CallOutcome.SUCCESS)
            self._report(path, status, None)
            return body
        if status == 401 and retry_401:
            save(status, CallOutcome.TRANSIENT, response.text)
            self._report(path, status, None)
            raise _StaleToken
        error = classify_response(
            status=status,
            body=body,
            is_write=write,
            retry_after_header=response.headers.get("Retry-After"),
            correlation_id=correlation_id,
        )
        save(status, error.kind, response.text)
        self._report(path, status, error)
        raise error

    def _secret_for_scrub(self) -> str | None:
        try:
            return self.credential.get_secret()
        except Exception:  # an undecryptable secret cannot leak anyway
            return None


def _segment(value: object) -> str:
    return quote(str(value), safe="")


def _file_part(content: bytes, filename: str, gzip: bool) -> dict[str, tuple[str, bytes, str]]:
    """The multipart part named `file`, gzip-compressed when asked (the service inflates it).
    Byte-order marks are removed first: the service cannot read a file that starts with one."""
    if content.startswith(b"\x1f\x8b"):  # already gzip: clean what is inside
        content = gzip_module.compress(bom_free_bytes(gzip_module.decompress(content)))
    else:
        content = bom_free_bytes(content)
    if gzip:
        content = gzip_module.compress(content)
        filename = filename if filename.endswith(".gz") else f"{filename}.gz"
        return {"file": (filename, content, "application/gzip")}
    return {"file": (filename, content, "application/json")}


def _parse(response: requests.Response) -> Any:
    if response.status_code == 204 or not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


def _network_error(exc: requests.RequestException, *, write: bool, correlation_id: str) -> ApiError:
    failure = classify_network_failure(exc)
    if failure is NetworkFailure.UNUSABLE_URL:
        return PermanentError(
            f"The credential's base URL is not usable: {exc}", correlation_id=correlation_id
        )
    if failure is NetworkFailure.NOT_SENT:
        return TransientError(
            f"Could not reach the D-TRO service: {exc}", correlation_id=correlation_id
        )
    if write:
        # Read timeouts and resets happen after the request left: it may have been applied.
        return UnknownOutcomeError(
            f"No answer from the D-TRO service ({type(exc).__name__}); the change may have "
            "been applied",
            correlation_id=correlation_id,
        )
    return TransientError(
        f"No answer from the D-TRO service ({type(exc).__name__})", correlation_id=correlation_id
    )


def parse_service_id(value: object) -> uuid.UUID | None:
    """A D-TRO id as the service returns it (string or UUID), or None if it is not one."""
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None
