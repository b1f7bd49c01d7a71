"""Pages of a bulk import: the upload, its progress and report, its D-TROs, the problems CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dtro_app.drafting.bulk import send_batch_for_approval
from dtro_app.models import TrafficAuthority
from dtro_app.scoping import get_for_user_or_404, signed_in_user
from dtro_validation import MAX_RAW_BYTES, InputError
from frontend.htmx import HtmxHttpRequest
from frontend.pagination import govuk_pagination
from imports import reading, selectors, services
from imports.models import ImportBatch

PAGE_SIZE = 50
POLL_SECONDS = 2


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    authorities = list(TrafficAuthority.objects.for_user(request.user).order_by("name"))
    error = None
    chosen = request.POST.get("authority") or request.GET.get("authority")
    if request.method == "POST":
        authority = next((a for a in authorities if str(a.code) == chosen), None)
        upload = request.FILES.get("file")
        if authority is None:
            error = "Select the traffic regulation authority the orders belong to."
        elif upload is None:
            error = "Select a .zip file of D-TROs, or the D-TRO service's .csv export."
        else:
            try:
                with transaction.atomic():
                    batch = services.start_import(
                        authority=authority, user=signed_in_user(request), upload=upload
                    )
                    transaction.on_commit(lambda: services.enqueue(batch))
            except InputError as exc:
                error = exc.message
            else:
                return redirect(batch)
    return render(
        request,
        "imports/start.html",
        {
            "page_title": "Import a back catalogue",
            "error": error,
            "authorities": authorities,
            "chosen_authority": chosen,
            "batches": ImportBatch.objects.for_user(request.user).select_related("authority")[:20],
            "max_mb": MAX_RAW_BYTES // (1024 * 1024),
            "max_entries": reading.MAX_ENTRIES,
            "max_total_mb": reading.MAX_TOTAL_BYTES // (1024 * 1024),
        },
        status=400 if error else 200,
    )


@login_required
@require_GET
def report(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    batch = get_for_user_or_404(ImportBatch, request, pk=pk)
    context = {"batch": batch, "poll_seconds": POLL_SECONDS, "page_title": f"Import {batch.pk}"}
    if request.htmx and request.GET.get("polling"):
        if not batch.is_done:
            return render(request, "imports/_progress.html", context)
        # Finished: the whole page again, so the report replaces the progress bar.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    if batch.is_done:
        paginator = Paginator(batch.files.select_related("dtro").order_by("position"), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        context.update(
            counts=services.outcome_counts(batch),
            files=page,
            pagination=govuk_pagination(
                request, page.number, paginator.num_pages, fragment="files"
            ),
        )
    return render(request, "imports/report.html", context)


@login_required
@require_GET
def dtros(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_for_user_or_404(ImportBatch, request, pk=pk)
    paginator = Paginator(selectors.dtros_of(batch), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "imports/dtros.html",
        {
            "batch": batch,
            "page_title": f"D-TROs of import {batch.pk}",
            "dtros": page,
            "ready": selectors.drafts_of(batch).count(),
            "pagination": govuk_pagination(request, page.number, paginator.num_pages),
        },
    )


@login_required
@require_GET
def problems_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    batch = get_for_user_or_404(ImportBatch, request, pk=pk)
    response = StreamingHttpResponse(_problem_lines(batch), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-problems.csv"'
    return response


def _csv_safe(text: str) -> str:
    # File names come from the zip; spreadsheets run cells starting with these as formulas.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _problem_lines(batch: ImportBatch) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: list[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()

    yield line(["file", "path", "message"])
    files = selectors.problem_files(batch).values_list("name", "errors")
    for name, errors in files.iterator(chunk_size=200):
        for error in errors:
            cells = [name, error.get("path", ""), error.get("message", "")]
            yield line([_csv_safe(str(cell)) for cell in cells])


@login_required
@require_POST
def send_for_approval(request: HttpRequest, pk: int) -> HttpResponse:
    """Send every valid draft of this import for approval, as one batch."""
    batch = get_for_user_or_404(ImportBatch, request, pk=pk)
    sent = send_batch_for_approval(selectors.drafts_of(batch), signed_in_user(request))
    if not sent:
        return redirect("imports:report", pk=batch.pk)
    return redirect("dtro_app:batch_detail", batch_id=sent[0].pk)
