"""Selectors over the D-TRO API client for the read-only service pages.

Views call these to pick the credential, run a search or events query, page the results,
link each result to our own D-TRO where we hold it, read history and build diffs, read
schemas and rules, and stream the CSV export. Every failure reaches the view as a
`ServiceReadError` carrying plain-English messages; nothing here raises a 500.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import requests
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from dtro_app.catalogue.history_times import as_served, local_label, stamp_recorded, with_time
from dtro_app.catalogue.json_diff import pretty_json
from dtro_app.client import (
    PERMANENT,
    ApiError,
    BudgetExhausted,
    CircuitOpen,
    DtroClient,
    TransientError,
    parse_service_id,
)
from dtro_app.client.errors import too_large_to_read
from dtro_app.models import ApiCredential, Dtro, TrafficAuthority
from dtro_validation.document_parts import provisions_of, source_of
from dtro_validation.placeholders import find_placeholders
from dtro_validation.registry import version_key
from frontend.pagination import govuk_pagination

T = TypeVar("T")

NOT_RESPONDING = "The D-TRO service is not responding; try again in a minute"
NOT_ANSWERING = (
    "The D-TRO service has not been answering; the portal is checking every minute and will "
    "send waiting changes when it is back. Try this page again later"
)
TOO_LARGE_TO_READ = (
    "The D-TRO service holds this record but cannot send back a record over 10 MB (a limit of "
    "its gateway), so it cannot be shown here"
)
BUSY = "The portal is sending many changes to the D-TRO service just now; try again in a minute"
NO_CREDENTIAL = (
    "{authority} has no active API credential for the D-TRO service, so the portal cannot "
    "read from it. Ask a supervisor to add one in the admin (API credentials)."
)
NO_AUTHORITY = (
    "You are not a member of any traffic regulation authority yet. Ask your supervisor to add you."
)
EXPORT_CHUNK_BYTES = 64 * 1024
# The service's signed export URL lives about an hour; reuse it for a little less.
EXPORT_URL_CACHE_SECONDS = 50 * 60


class ServiceReadError(Exception):
    """A read that could not be done, with what to tell the officer."""

    def __init__(self, messages: list[str], *, status: int | None = None) -> None:
        super().__init__(messages[0] if messages else NOT_RESPONDING)
        self.messages = messages or [NOT_RESPONDING]
        self.status = status

    @property
    def not_found(self) -> bool:
        return self.status == 404


# --- which TRA and credential ------------------------------------------------------------


@dataclass
class ServiceAccess:
    """The TRA a page reads as, the TRAs the user may switch to, and its credential."""

    authorities: list[TrafficAuthority]
    authority: TrafficAuthority | None = None
    credential: ApiCredential | None = None
    problem: str | None = None


def service_access(request: HttpRequest) -> ServiceAccess:
    """Read as the TRA chosen with `?tra=<code>` (only the user's own), else their first."""
    authorities = list(TrafficAuthority.objects.for_user(request.user))
    if not authorities:
        return ServiceAccess(authorities, problem=NO_AUTHORITY)
    chosen = str(request.GET.get("tra") or "")
    authority = next((a for a in authorities if str(a.code) == chosen), authorities[0])
    credential = ApiCredential.objects.publishing_for(authority.pk)
    if credential is None:
        return ServiceAccess(
            authorities, authority, problem=NO_CREDENTIAL.format(authority=authority.name)
        )
    return ServiceAccess(authorities, authority, credential)


# A page waits at most this long for its turn in the environment's shared budget; past that
# the officer is told the service is busy rather than kept waiting behind deliveries.
PAGE_BUDGET_WAIT_SECONDS = 3.0


def client_for(credential: ApiCredential) -> DtroClient:
    # Pages wait less than the delivery worker would: an officer is looking at the screen.
    connect, read = settings.DTRO_PAGE_TIMEOUT
    return DtroClient(credential, timeout=(connect, read), max_budget_wait=PAGE_BUDGET_WAIT_SECONDS)


def messages_for(error: ApiError) -> list[str]:
    """Plain-English messages for a failed call: the service's own issues where it gave any."""
    if isinstance(error, CircuitOpen):
        return [NOT_ANSWERING]
    if isinstance(error, BudgetExhausted):
        return [BUSY]
    if too_large_to_read(error):
        return [TOO_LARGE_TO_READ]
    if isinstance(error, TransientError) or (error.status or 0) >= 500 or error.status == 429:
        return [NOT_RESPONDING]
    found = [issue.message for issue in error.issues if getattr(issue, "message", "")]
    return found or [error.message]


def call(method: Callable[..., T], *args: Any) -> T:
    try:
        return method(*args)
    except ApiError as error:
        raise ServiceReadError(messages_for(error), status=error.status) from error


# --- paging and links --------------------------------------------------------------------


@dataclass
class ResultPage:
    items: list[dict[str, Any]]
    page: int
    page_size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size)) if self.page_size else 1

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.items else 0

    @property
    def last_number(self) -> int:
        return self.first_number + len(self.items) - 1 if self.items else 0


def pagination(request: HttpRequest, result: ResultPage) -> dict[str, Any] | None:
    return govuk_pagination(request, result.page, result.pages)


def requested_page(request: HttpRequest) -> int:
    try:
        return min(max(1, int(request.GET.get("page", "1"))), 2**31 - 1)
    except ValueError:
        return 1


def ours_by_service_id(user: Any, ids: list[uuid.UUID]) -> dict[uuid.UUID, Dtro]:
    """Our D-TROs (in the user's TRAs only) among the service ids on a page."""
    rows = Dtro.objects.for_user(user).filter(service_id__in=ids)
    return {row.service_id: row for row in rows}


def link_results(user: Any, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each result gains `href` (our D-TRO page, else the service's read-only view) and `ours`."""
    ids = [i for i in (parse_service_id(item.get("id") or _self_id(item)) for item in items) if i]
    ours = ours_by_service_id(user, ids)
    linked = []
    for item in items:
        service_id = parse_service_id(item.get("id") or _self_id(item))
        dtro = ours.get(service_id) if service_id else None
        href = None
        if dtro is not None:
            href = dtro.get_absolute_url()
        if href is None and service_id is not None:
            href = reverse("dtro_app:service_dtro", args=[service_id])
        linked.append(
            {
                **item,
                "service_id": service_id,
                "ours": dtro,
                "href": href,
                "published": parse_datetime(str(item.get("publicationTime") or "")),
                "event_time": parse_datetime(str(item.get("eventTime") or "")),
            }
        )
    return linked


def _self_id(item: dict[str, Any]) -> str | None:
    # Events carry the id in `_links.self` ("/dtros/<id>") as well as in `id`.
    link = (item.get("_links") or {}).get("self") or ""
    return link.rstrip("/").rsplit("/", 1)[-1] or None


def search(credential: ApiCredential, user: Any, body: dict[str, Any]) -> ResultPage:
    answer = call(client_for(credential).search, body) or {}
    return ResultPage(
        items=link_results(user, list(answer.get("results") or [])),
        page=int(body["page"]),
        page_size=int(body["pageSize"]),
        total=int(answer.get("totalCount") or 0),
    )


def events(credential: ApiCredential, user: Any, body: dict[str, Any]) -> ResultPage:
    try:
        answer = call(client_for(credential).events, body) or {}
    except ServiceReadError as error:
        # The service answers "no events" with a 404 rather than an empty list.
        if not error.not_found:
            raise
        answer = {}
    return ResultPage(
        items=link_results(user, list(answer.get("events") or [])),
        page=int(body["page"]),
        page_size=int(body["pageSize"]),
        total=int(answer.get("totalCount") or 0),
    )


def service_record(credential: ApiCredential, service_id: uuid.UUID) -> dict[str, Any]:
    record = call(client_for(credential).get, service_id) or {}
    data = record.get("data") or {}
    return {
        **record,
        **_record_metadata(record),
        "source": source_of(record) or {},
        "provisions": provisions_of(record),
        "pretty": pretty_json({"schemaVersion": record.get("schemaVersion"), "data": data}),
    }


def _record_metadata(record: dict[str, Any]) -> dict[str, Any]:
    """The dates the service keeps of a record (since April 2026) and DfT's upgrade marks."""
    upversioned = _moment(record.get("lastUpversioned"))
    return {
        "created_at": _moment(record.get("created")),
        "last_updated_at": _moment(record.get("lastUpdated")),
        "last_upversioned_at": upversioned,
        # A date of 1 January 2025 is as likely genuine: a mark only on an upgraded record.
        "placeholders": [
            found for found in find_placeholders(record) if found.certain or upversioned
        ],
    }


def _moment(value: Any) -> Any:
    try:
        return parse_datetime(str(value or ""))
    except ValueError:  # well formed but impossible, e.g. 30 February: show nothing
        return None


@dataclass
class HeldRecord:
    """What the service says of its copy of one of our D-TROs."""

    schema_version: str
    created_at: Any
    last_updated_at: Any
    last_upversioned_at: Any
    placeholders: list[Any]
    published_version: str

    @property
    def upgraded_by_dft(self) -> bool:
        """DfT moved the record to another schema version than the one the portal sent."""
        return bool(self.published_version) and self.schema_version != self.published_version


def held_record(credential: ApiCredential, dtro: Dtro) -> HeldRecord:
    """The service's own dates for one of our published D-TROs (cached like its history)."""
    key = "held-record:" + _history_cache_key(credential, dtro)
    cached = cache.get(key)
    if cached is None:
        cached = call(client_for(credential).get, dtro.service_id) or {}
        cache.set(key, cached, HISTORY_CACHE_SECONDS)
    published = dtro.published_revision
    return HeldRecord(
        schema_version=str(cached.get("schemaVersion") or ""),
        published_version=published.schema_version if published else "",
        **_record_metadata(cached),
    )


# --- history and diff --------------------------------------------------------------------


@dataclass
class Version:
    key: str
    label: str
    document: Any = None


@dataclass
class History:
    source: list[dict[str, Any]] = field(default_factory=list)
    provisions: list[dict[str, Any]] = field(default_factory=list)
    revisions: list[Any] = field(default_factory=list)
    current: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)

    def versions(self) -> list[Version]:
        """Every version that can be compared: the service's current record, the
        service's source history snapshots, and our own revisions (newest first)."""
        found: list[Version] = []
        if self.current is not None:
            found.append(
                Version(
                    "service",
                    "The service's current record",
                    {
                        "schemaVersion": self.current.get("schemaVersion"),
                        "data": self.current.get("data"),
                    },
                )
            )
        for index, entry in enumerate(self.source):
            recorded = entry.get("recorded_at")
            when = f" (recorded {local_label(recorded)})" if recorded else ""
            label = f"Service source history {index + 1}: {entry.get('actionType') or ''}{when}"
            found.append(Version(f"source-{index}", label, as_served(entry)))
        for revision in self.revisions:
            label = f"Our revision {revision.number}: {revision.get_state_display().lower()}"
            found.append(Version(f"revision-{revision.number}", label, revision.document))
        return found


# The history page and its compare page read the same three records: the second view reuses
# the first's instead of spending three more calls of the shared rate budget.
HISTORY_CACHE_SECONDS = 120


def _history_cache_key(credential: ApiCredential, dtro: Dtro) -> str:
    # `updated_at` moves whenever we publish a change, so a new version is never hidden.
    stamp = int(dtro.updated_at.timestamp() * 1000) if dtro.updated_at else 0
    return f"service-history:{credential.pk}:{dtro.service_id}:{stamp}"


def history(credential: ApiCredential, dtro: Dtro) -> History:
    """The service's source and provision history for a published D-TRO, and ours."""
    result = History(revisions=list(dtro.revisions.order_by("-number")))
    if dtro.service_id is None:
        return result
    key = _history_cache_key(credential, dtro)
    cached = cache.get(key)
    if cached is not None:
        result.source, result.provisions, result.current = cached
        return result
    client = client_for(credential)
    read_at = timezone.now()
    try:
        result.source = with_time(call(client.source_history, dtro.service_id) or [])
    except ServiceReadError as error:
        # A never-updated D-TRO has no source history: the service answers 404.
        if not error.not_found:
            raise
    result.provisions = with_time(call(client.provision_history, dtro.service_id) or [])
    for entry in result.provisions:
        entry["pretty"] = pretty_json(entry.get("data"))
    result.current = call(client.get, dtro.service_id)
    stamp_recorded(result.source + result.provisions, result.current, read_at=read_at)
    cache.set(key, (result.source, result.provisions, result.current), HISTORY_CACHE_SECONDS)
    return result


# --- schemas and rules -------------------------------------------------------------------


def schema_versions(credential: ApiCredential) -> list[dict[str, Any]]:
    versions = call(client_for(credential).schema_versions) or []
    rows = [v for v in versions if isinstance(v, dict) and v.get("schemaVersion")]
    return sorted(rows, key=lambda v: version_key(str(v["schemaVersion"])), reverse=True)


def schema(credential: ApiCredential, version: str) -> dict[str, Any]:
    body = call(client_for(credential).schema, version) or {}
    return {**body, "pretty": pretty_json(body.get("template"))}


def rules(credential: ApiCredential, version: str) -> dict[str, Any]:
    body = call(client_for(credential).rules_for, version) or {}
    template = body.get("template")
    # The service stores the uploaded rules file as text and returns it as a string.
    if isinstance(template, str):
        try:
            template = json.loads(template)
        except ValueError:
            return {**body, "pretty": body.get("template"), "count": None}
    count = len(template) if isinstance(template, list) else None
    return {**body, "pretty": pretty_json(template), "count": count}


# --- export ------------------------------------------------------------------------------


def _export_cache_key(credential: ApiCredential) -> str:
    return f"service-reads:export-url:{credential.pk}"


def export_url(credential: ApiCredential, *, fresh: bool = False) -> str:
    """The signed CSV URL, reused while it is young so repeated downloads spend no budget."""
    key = _export_cache_key(credential)
    if not fresh:
        cached = cache.get(key)
        if cached:
            return str(cached)
    url = call(client_for(credential).all_export_url)
    cache.set(key, url, EXPORT_URL_CACHE_SECONDS)
    return url


@dataclass
class ExportDownload:
    chunks: Iterator[bytes]
    filename: str


def open_export(credential: ApiCredential) -> ExportDownload:
    """Start streaming the full CSV export; a refused (expired) signed URL is replaced once.

    The signed URL points at the service's file store, not its API, so it takes no bearer
    token; it is fetched here so officers never handle it.
    """
    client = client_for(credential)
    for fresh in (False, True):
        try:
            response = client.open_export(export_url(credential, fresh=fresh))
        except ApiError as error:
            if error.status in (401, 403) and not fresh:
                continue  # the signed URL expired: ask for a new one, once
            if error.kind == PERMANENT and error.status:
                message = f"The D-TRO service refused the export download ({error.status})"
                raise ServiceReadError([message], status=error.status) from error
            raise ServiceReadError(messages_for(error), status=error.status) from error
        return ExportDownload(_chunks(response), _filename(response))
    raise ServiceReadError([NOT_RESPONDING])  # pragma: no cover - the loop always returns


def _chunks(response: requests.Response) -> Iterator[bytes]:
    try:
        yield from response.iter_content(EXPORT_CHUNK_BYTES)
    finally:
        response.close()


def _filename(response: requests.Response) -> str:
    disposition = response.headers.get("Content-Disposition", "")
    if "filename=" in disposition:
        name = disposition.split("filename=", 1)[1].strip().strip('"')
        if name and "/" not in name and "\\" not in name:
            return name
    return "dtros.csv"
