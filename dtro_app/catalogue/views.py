"""Read-only pages over the live D-TRO service: search, events, history and diff, schemas,
rules and the CSV export. They read through the API client as the user's TRA; failures are
shown as a GOV.UK error summary, never as a server error."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dtro_app.catalogue import reads as service_reads
from dtro_app.catalogue.forms import DiffForm, EventsForm, SearchForm
from dtro_app.catalogue.json_diff import DiffPage, diff_page, diff_rows
from dtro_app.catalogue.reads import ResultPage, ServiceAccess, ServiceReadError
from dtro_app.maps.context import map_options
from dtro_app.maps.features import MapFeatures, map_features
from dtro_app.models import ApiCredential, Dtro
from dtro_app.models.dtros import tro_name_of
from dtro_app.orders.provisions import (
    PROVISIONS_PER_PAGE,
    matching_provisions,
    provision_count,
    with_provisions,
)
from dtro_app.scoping import get_for_user_or_404
from frontend.pagination import govuk_pagination

T = TypeVar("T")


def _read_one(
    access: ServiceAccess, read: Callable[[Any], T], *, not_found: str | None = None
) -> tuple[T | None, list[str], int]:
    """One read of the service for a page: (what it answered, errors to show, HTTP status).
    Nothing is read without a credential; a missing record is a 404 page."""
    if not access.credential:
        return None, [], 200
    try:
        return read(access.credential), [], 200
    except ServiceReadError as error:
        if not error.not_found:
            return None, error.messages, 200
        return None, [not_found] if not_found else error.messages, 404


def _page(
    request: HttpRequest,
    template: str,
    title: str,
    access: ServiceAccess | None = None,
    errors: list[str] | None = None,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    messages = list(errors or [])
    if access is not None and access.problem:
        messages.insert(0, access.problem)
    return render(
        request,
        f"dtro_app/service/{template}",
        {
            "page_title": title,
            "heading": title,
            "access": access,
            "errors": [{"message": m} for m in messages],
            **context,
        },
        status=status,
    )


def _is_submitted(request: HttpRequest) -> bool:
    # The TRA switcher alone is not a query; anything else means the form was sent.
    return any(key not in ("tra", "page") for key in request.GET)


def _query_page(
    request: HttpRequest,
    form_class: type[SearchForm] | type[EventsForm],
    run_query: Callable[..., ResultPage],
    template: str,
    title: str,
) -> HttpResponse:
    """A form over one of the service's query endpoints, with its paged results."""
    access = service_reads.service_access(request)
    form = form_class(request.GET if _is_submitted(request) else None)
    result, errors = None, []
    if access.credential and form.is_bound and form.is_valid():
        try:
            body = form.body(service_reads.requested_page(request))
            result = run_query(access.credential, request.user, body)
        except ServiceReadError as error:
            errors = error.messages
    return _page(
        request,
        template,
        title,
        access,
        errors,
        form=form,
        result=result,
        pagination=result and service_reads.pagination(request, result),
        # The search's area map (the same basemap as an order's map).
        map_options=map_options(access.authority),
    )


@require_GET
@login_required
def search(request: HttpRequest) -> HttpResponse:
    return _query_page(
        request, SearchForm, service_reads.search, "search.html", "Search the D-TRO service"
    )


@require_GET
@login_required
def events(request: HttpRequest) -> HttpResponse:
    return _query_page(
        request, EventsForm, service_reads.events, "events.html", "Events on the D-TRO service"
    )


@require_GET
@login_required
def service_dtro(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    access = service_reads.service_access(request)
    ours = service_reads.ours_by_service_id(request.user, [service_id]).get(service_id)
    record, errors, status = _read_one(
        access, lambda credential: service_reads.service_record(credential, service_id)
    )
    return _page(
        request,
        "service_dtro.html",
        tro_name_of(record) or "D-TRO held by the service",
        access,
        errors,
        status=status,
        service_id=service_id,
        record=record,
        ours=ours,
        ours_url=ours and ours.get_absolute_url(),
    )


@require_GET
@login_required
def dtro_held_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The service's own dates for one of our D-TROs: a panel the order page loads after it."""
    dtro = get_for_user_or_404(Dtro, request, pk=pk)
    held, errors = None, []
    credential = ApiCredential.objects.publishing_for(dtro.authority_id)
    if dtro.service_id is None:
        errors = ["This D-TRO has not been published to the D-TRO service yet."]
    elif credential is None:
        errors = [service_reads.NO_CREDENTIAL.format(authority=dtro.authority.name)]
    else:
        try:
            held = service_reads.held_record(credential, dtro)
        except ServiceReadError as error:
            errors = error.messages
    return render(
        request,
        "dtro_app/service/_held_record.html",
        {"dtro": dtro, "held": held, "errors": errors},
    )


def _history_for(request: HttpRequest, pk: int) -> tuple[Dtro, Any, list[str]]:
    """Our D-TRO (404 for other TRAs) and its history, read with its own TRA's credential."""
    dtro = get_for_user_or_404(Dtro, request, pk=pk)
    credential = ApiCredential.objects.publishing_for(dtro.authority_id)
    errors: list[str] = []
    if credential is None:
        errors.append(service_reads.NO_CREDENTIAL.format(authority=dtro.authority.name))
        return (
            dtro,
            service_reads.History(revisions=list(dtro.revisions.order_by("-number"))),
            errors,
        )
    try:
        found = service_reads.history(credential, dtro)
    except ServiceReadError as error:
        errors = error.messages
        found = service_reads.History(revisions=list(dtro.revisions.order_by("-number")))
    return dtro, found, errors


@require_GET
@login_required
def dtro_history(request: HttpRequest, pk: int) -> HttpResponse:
    dtro, found, errors = _history_for(request, pk)
    versions = found.versions()
    initial = {}
    if len(versions) >= 2:
        initial = {"a": versions[1].key, "b": versions[0].key}
    return _page(
        request,
        "history.html",
        f"History of {dtro}",
        errors=errors,
        dtro=dtro,
        dtro_url=dtro.get_absolute_url(),
        history=found,
        diff_form=DiffForm(initial=initial, versions=[(v.key, v.label) for v in versions]),
        can_compare=len(versions) >= 2,
    )


@require_GET
@login_required
def dtro_history_diff(request: HttpRequest, pk: int) -> HttpResponse:
    dtro, found, errors = _history_for(request, pk)
    versions = {v.key: v for v in found.versions()}
    form = DiffForm(request.GET, versions=[(v.key, v.label) for v in versions.values()])
    rows, older, newer, page = None, None, None, None
    after: MapFeatures | None = None
    before: MapFeatures | None = None
    if form.is_valid():
        older, newer = versions[form.cleaned_data["a"]], versions[form.cleaned_data["b"]]
        rows = diff_rows(older.document, newer.document)
        query = request.GET.get("q", "")
        page = diff_page(
            rows,
            page=request.GET.get("page"),
            query=query,
            left_matches=set(matching_provisions(older.document, query)) if query else None,
            right_matches=set(matching_provisions(newer.document, query)) if query else None,
        )
        # The map overlays the older version's places (muted, dashed) under the newer's;
        # when neither version has a place there is no map.
        after, before = _compared_maps(older.document, newer.document, page)
        if after.is_empty and before.is_empty:
            after = None
        if before.is_empty:
            before = None
    return _page(
        request,
        "diff.html",
        f"Compare versions of {dtro}",
        errors=errors,
        dtro=dtro,
        form=form,
        rows=rows,
        page=page,
        diff_pagination=page
        and govuk_pagination(request, page.number, page.pages, fragment="differences"),
        older=older,
        newer=newer,
        map=after,
        map_before=before,
        map_options=after and map_options(dtro.authority, exclude=dtro.pk),
        map_shows_changes=older is not None
        and newer is not None
        and _big(older.document, newer.document),
    )


def _big(older: Any, newer: Any) -> bool:
    """Whether either document has more provisions than one page lists."""
    return max(provision_count(older), provision_count(newer)) > PROVISIONS_PER_PAGE


def _compared_maps(older: Any, newer: Any, page: DiffPage) -> tuple[MapFeatures, MapFeatures]:
    """Both versions' places; for big orders, only the provisions changed on this page of
    the comparison (all of a big order's places made the page megabytes)."""
    if not _big(older, newer):
        return map_features(newer), map_features(older)
    left = {row.left_provision for row in page.rows if row.label}
    right = {row.right_provision for row in page.rows if row.label}
    return (
        map_features(with_provisions(newer, sorted(p for p in right if p is not None))),
        map_features(with_provisions(older, sorted(p for p in left if p is not None))),
    )


@require_GET
@login_required
def schemas(request: HttpRequest) -> HttpResponse:
    access = service_reads.service_access(request)
    versions, errors = [], []
    if access.credential:
        try:
            versions = service_reads.schema_versions(access.credential)
        except ServiceReadError as error:
            errors = error.messages
    return _page(
        request, "schemas.html", "Data specification versions", access, errors, versions=versions
    )


@require_GET
@login_required
def schema_detail(request: HttpRequest, version: str) -> HttpResponse:
    access = service_reads.service_access(request)
    found, errors, status = _read_one(
        access, lambda credential: service_reads.schema(credential, version)
    )
    return _page(
        request,
        "schema_detail.html",
        f"Schema {version}",
        access,
        errors,
        status=status,
        version=version,
        schema=found,
    )


@require_GET
@login_required
def rules(request: HttpRequest, version: str) -> HttpResponse:
    access = service_reads.service_access(request)
    found, errors, status = _read_one(
        access,
        lambda credential: service_reads.rules(credential, version),
        not_found=f"The D-TRO service publishes no rules for version {version}",
    )
    return _page(
        request,
        "rules.html",
        f"Rules for {version}",
        access,
        errors,
        status=status,
        version=version,
        rules=found,
    )


@require_GET
@login_required
def export(request: HttpRequest) -> HttpResponse:
    access = service_reads.service_access(request)
    return _page(request, "export.html", "Download every D-TRO as CSV", access)


@require_GET
@login_required
def export_download(request: HttpRequest) -> HttpResponseBase:
    access = service_reads.service_access(request)
    if access.credential is None:
        return _page(request, "export.html", "Download every D-TRO as CSV", access)
    try:
        download = service_reads.open_export(access.credential)
    except ServiceReadError as error:
        return _page(request, "export.html", "Download every D-TRO as CSV", access, error.messages)
    response = StreamingHttpResponse(download.chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    response["Cache-Control"] = "no-store"
    return response
