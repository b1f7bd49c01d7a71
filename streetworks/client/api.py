"""`StreetManagerClient`: a thin requests client for the Street Manager V6 subset we use.

Street Manager is split into APIs under one host and version (`{base}/work`, `/party`,
`/reporting`, `/event`, `/geojson`, `/lookup`). Every resource call sends the id token in a
header literally named `token` (not `Authorization: Bearer`). Tokens are cached per account
in the shared Django cache, refreshed through the party API shortly before they expire, and
re-obtained by signing in again when the refresh token has run out. Every call is recorded
as an `OutboundCall` with secrets scrubbed. Responses are returned as plain dicts, so
unknown keys and enum values pass through untouched.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

import requests
from django.conf import settings
from django.core.cache import cache

from outbound import calls, tokens
from outbound.backoff import jittered_backoff
from outbound.errors import parse_retry_after
from outbound.models import Service
from outbound.network import NetworkFailure, classify_network_failure
from streetworks.client.errors import (
    AuthenticationFailed,
    PermanentError,
    StreetManagerError,
    TransientError,
    classify,
    message_of,
)
from streetworks.models import StreetManagerAccount

USER_AGENT = "dtro-portal"
# Used when a token's expiry cannot be read from it (Street Manager: 1 hour and 1 day).
FALLBACK_ID_SECONDS = 55 * 60
FALLBACK_REFRESH_SECONDS = 23 * 60 * 60
MAX_BACKOFF_SECONDS = 30.0
# Numbers Street Manager's swagger types as "number": they come back as floats in some clients.
_INTEGER_KEYS = {"usrn", "update_id", "next_update", "road_category", "total_rows"}


def _jwt_times(token: str) -> tuple[float, float] | None:
    """(issued at, expires at) from a JWT's payload, without checking its signature."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        expires = float(claims["exp"])
        return float(claims.get("iat", expires - FALLBACK_ID_SECONDS)), expires
    except (IndexError, KeyError, TypeError, ValueError):
        return None


def _normalise(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: int(item)
            if key in _INTEGER_KEYS and isinstance(item, float) and item.is_integer()
            else _normalise(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_normalise(item) for item in value]
    return value


class StreetManagerClient:
    def __init__(
        self,
        account: StreetManagerAccount,
        *,
        timeout: tuple[float, float] | None = None,
        session: requests.Session | None = None,
        max_retries: int | None = None,
        backoff_seconds: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.account = account
        self.base_url = account.base_url.rstrip("/")
        self.timeout = timeout or (
            settings.STREET_MANAGER_CONNECT_TIMEOUT,
            settings.STREET_MANAGER_READ_TIMEOUT,
        )
        self.session = session or requests.Session()
        self.max_retries = (
            settings.STREET_MANAGER_MAX_RETRIES if max_retries is None else max_retries
        )
        self.backoff_seconds = (
            settings.STREET_MANAGER_BACKOFF_SECONDS if backoff_seconds is None else backoff_seconds
        )
        self.sleep = sleep

    # --- Work API ---------------------------------------------------------------------------

    def get_work(self, work_reference: str) -> dict[str, Any]:
        return self._get("work", f"/works/{_segment(work_reference)}")

    def get_permit(self, work_reference: str, permit_reference: str) -> dict[str, Any]:
        path = f"/works/{_segment(work_reference)}/permits/{_segment(permit_reference)}"
        return self._get("work", path)

    # --- Reporting API ----------------------------------------------------------------------

    def permits(self, offset: int = 0, **filters: Any) -> dict[str, Any]:
        """One page of `GET /permits`; list values repeat the key (`status=a&status=b`)."""
        params = {key: value for key, value in filters.items() if value not in (None, "", [])}
        if offset:
            params["offset"] = offset
        return self._get("reporting", "/permits", params=params)

    def iter_permits(self, *, max_pages: int | None = None, **filters: Any) -> Iterator[dict]:
        """Every row across offset pages, stopping after `max_pages` (always filter)."""
        max_pages = max_pages or settings.STREET_MANAGER_REPORTING_MAX_PAGES
        offset = 0
        for _ in range(max_pages):
            page = self.permits(offset=offset, **filters)
            rows = page.get("rows") or []
            yield from rows
            if not (page.get("pagination") or {}).get("has_next_page") or not rows:
                return
            offset += len(rows)

    # --- Event, GeoJSON and Street Lookup APIs ----------------------------------------------

    def works_updates(
        self, update_id: int | None = None, page_size: int = 250, start_date: str | None = None
    ) -> dict[str, Any]:
        """Updates after `update_id` (the cursor) or, before there is one, since `start_date`."""
        params: dict[str, Any] = {"page_size": page_size}
        if update_id is not None:
            params["update_id"] = update_id
        elif start_date:
            params["start_date"] = start_date
        return self._get("event", "/works/updates", params=params)

    def works_in_bbox(
        self,
        min_easting: float,
        min_northing: float,
        max_easting: float,
        max_northing: float,
        *,
        start_date: str | None = None,
        end_date: str | None = None,
    ) -> dict[str, Any]:
        params: dict[str, Any] = {
            "minEasting": min_easting,
            "minNorthing": min_northing,
            "maxEasting": max_easting,
            "maxNorthing": max_northing,
        }
        if start_date:
            params["start_date"] = start_date
        if end_date:
            params["end_date"] = end_date
        return self._get("geojson", "/works", params=params)

    def street(self, usrn: int) -> dict[str, Any]:
        return self._get("lookup", f"/nsg/streets/{int(usrn)}")

    def search_streets(self, query: str) -> list[dict[str, Any]]:
        return self._get("lookup", "/nsg/search", params={"query": query})

    def streets_near(self, points: list[tuple[float, float]]) -> list[dict[str, Any]]:
        """Streets within 25 m of any of the points (British National Grid)."""
        body = {"coordinates": [{"easting": e, "northing": n} for e, n in points]}
        return self._read("POST", "lookup", "/nsg/streets/search", json=body)

    # --- authentication ---------------------------------------------------------------------

    def authenticate(self) -> dict[str, Any]:
        """Sign in with the account's email and password and cache the tokens."""
        entry = self._sign_in()
        expires_in = entry["id_expires"] - time.time()
        tokens.remember(self._id_token_key(), entry["id_token"], expires_in, margin_seconds=0)
        return entry

    def refresh(self, refresh_token: str) -> dict[str, Any]:
        """New id and access tokens from the party API (snake_case, per its swagger)."""
        status, body, _ = self._send(
            "POST", "party", "/refresh", json={"refresh_token": refresh_token}
        )
        if status != 200 or not isinstance(body, dict) or not body.get("id_token"):
            raise classify(status, body)
        return self._entry(body["id_token"], body.get("access_token", ""))

    def id_token(self, *, refused: str | None = None) -> str:
        """A usable id token: cached, refreshed shortly before expiry, or from a new sign-in.

        `refused` is a token Street Manager just refused: it is dropped and replaced.
        """
        key = self._id_token_key()
        if refused:
            tokens.forget(key, refused)
        # The shared token cache and lock; `_entry` has already taken off our margin.
        return tokens.cached_token(key, self._new_id_token, margin_seconds=0)

    # --- plumbing ---------------------------------------------------------------------------

    def _new_id_token(self) -> tuple[str, float]:
        """Refresh through the party API while the refresh token lasts; else sign in again."""
        held = cache.get(self._refresh_token_key())
        refresh_token = tokens.unseal(held.get("refresh_token")) if isinstance(held, dict) else None
        if refresh_token and held.get("refresh_expires", 0) > time.time():
            try:
                entry = self.refresh(refresh_token)
            except AuthenticationFailed:
                cache.delete(self._refresh_token_key())  # revoked: sign in again below
            else:
                return entry["id_token"], entry["id_expires"] - time.time()
        entry = self._sign_in()
        return entry["id_token"], entry["id_expires"] - time.time()

    def _sign_in(self) -> dict[str, Any]:
        password = self.account.get_password()
        status, body, _ = self._send(
            "POST",
            "work",
            "/authenticate",
            json={"emailAddress": self.account.email, "password": password},
            secrets=[password],
        )
        if status == 307:
            raise PermanentError(
                "The Street Manager account still has a temporary password: set a new one first",
                status=status,
            )
        if status != 200 or not isinstance(body, dict) or not body.get("idToken"):
            raise classify(status, body)
        entry = self._entry(body["idToken"], body.get("accessToken", ""))
        held = self._refresh_times(body.get("refreshToken", ""))
        entry.update(held)
        lifetime = max(1, int(held["refresh_expires"] - time.time()))
        # Encrypted in the shared cache, as the id tokens are.
        sealed = {**held, "refresh_token": tokens.seal(held.get("refresh_token") or "")}
        cache.set(self._refresh_token_key(), sealed, timeout=lifetime)
        return entry

    def _account_stamp(self) -> str:
        # `updated_at` moves when the password or base URL changes: old tokens are dropped.
        stamp = int(self.account.updated_at.timestamp() * 1000) if self.account.updated_at else 0
        return f"{self.account.pk}:{stamp}"

    def _id_token_key(self) -> str:
        return f"streetworks:id-token:{self._account_stamp()}"

    def _refresh_token_key(self) -> str:
        return f"streetworks:refresh-token:{self._account_stamp()}"

    def _margin(self, issued: float, expires: float) -> float:
        # Refresh ahead of expiry, but never sooner than a fifth of a (short, test) lifetime.
        return min(float(settings.STREET_MANAGER_TOKEN_MARGIN_SECONDS), (expires - issued) / 5)

    def _entry(self, id_token: str, access_token: str) -> dict[str, Any]:
        times = _jwt_times(id_token)
        now = time.time()
        issued, expires = times or (now, now + FALLBACK_ID_SECONDS)
        return {
            "id_token": id_token,
            "access_token": access_token,
            "id_expires": expires - self._margin(issued, expires),
        }

    def _refresh_times(self, refresh_token: str) -> dict[str, Any]:
        times = _jwt_times(refresh_token)
        now = time.time()
        issued, expires = times or (now, now + FALLBACK_REFRESH_SECONDS)
        return {
            "refresh_token": refresh_token,
            "refresh_expires": expires - self._margin(issued, expires),
        }

    def _get(self, api: str, path: str, *, params: dict[str, Any] | None = None) -> Any:
        return self._read("GET", api, path, params=params)

    def _read(
        self,
        method: str,
        api: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
    ) -> Any:
        """A read (a GET, or a POST that only queries) with the token, one re-sign-in on a
        stale token, and backoff on 429/5xx."""
        attempt = 0
        while True:
            try:
                return self._authorised_read(method, api, path, params, json)
            except StreetManagerError as exc:
                if not exc.transient or attempt >= self.max_retries:
                    raise
                attempt += 1
                delay = jittered_backoff(
                    attempt,
                    base=self.backoff_seconds,
                    cap=MAX_BACKOFF_SECONDS,
                    retry_after=exc.retry_after,
                )
                # Slept in this process, so even a longer Retry-After is cut to the cap.
                self.sleep(min(delay, MAX_BACKOFF_SECONDS))

    def _authorised_read(
        self, method: str, api: str, path: str, params: dict[str, Any] | None, json: Any
    ) -> Any:
        token = self.id_token()
        status, body, retry_after = self._send(
            method, api, path, params=params, json=json, token=token, secrets=[token]
        )
        if status == 401 and not message_of(body).lower().startswith("access restricted"):
            # Expired or revoked early: one new token and one more try, never a loop.
            token = self.id_token(refused=token)
            status, body, retry_after = self._send(
                method, api, path, params=params, json=json, token=token, secrets=[token]
            )
        if 200 <= status < 300:
            return _normalise(body)
        raise classify(status, body, retry_after)

    def _send(
        self,
        method: str,
        api: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        token: str | None = None,
        secrets: list[str] | None = None,
    ) -> tuple[int, Any, float | None]:
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        if token:
            headers["token"] = token
        url = f"{self.base_url}/{api}{path}"
        started = time.monotonic()
        try:
            response = self.session.request(
                method,
                url,
                params=params,
                json=json,
                headers=headers,
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            error = _network_error(exc)
            outcome = "timeout" if isinstance(exc, requests.Timeout) else error.outcome
            self._record(method, api, path, None, started, outcome, str(exc), secrets)
            raise error from exc
        try:
            body: Any = response.json()
        except ValueError:
            body = response.text
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        if 200 <= response.status_code < 300:
            outcome, detail = "success", ""
        else:
            outcome = classify(response.status_code, body).outcome
            detail = response.text
        self._record(method, api, path, response.status_code, started, outcome, detail, secrets)
        return response.status_code, body, retry_after

    def _record(
        self,
        method: str,
        api: str,
        path: str,
        status: int | None,
        started: float,
        outcome: str,
        detail: str,
        secrets: list[str] | None,
    ) -> None:
        calls.record(
            service=Service.STREET_MANAGER,
            authority_id=self.account.authority_id if self.account.pk else None,
            method=method,
            path=f"/{api}{path}",
            status=status,
            duration_ms=int((time.monotonic() - started) * 1000),
            outcome=outcome,
            error_excerpt=calls.excerpt(detail, secrets or []) if detail else "",
        )


def _network_error(exc: requests.RequestException) -> StreetManagerError:
    """The error for a request that got no HTTP answer (see outbound.network)."""
    failure = classify_network_failure(exc)
    if failure is NetworkFailure.UNUSABLE_URL:
        return PermanentError(f"The Street Manager account's base URL is not usable: {exc}")
    if failure is NetworkFailure.NOT_SENT:
        return TransientError("Could not reach Street Manager")
    if isinstance(exc, requests.Timeout):
        return TransientError("Street Manager did not answer in time")
    return TransientError(f"Street Manager did not answer ({type(exc).__name__})")


def _segment(value: str) -> str:
    return quote(str(value).strip(), safe="")
