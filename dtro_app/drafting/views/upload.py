"""Uploading a .json or .json.gz D-TRO."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dtro_app.drafting.services import (
    create_dtro,
)
from dtro_app.drafting.views.common import (
    authorities,
    chosen_authority,
    first_revision,
    saved_message,
)
from dtro_app.drafting.views.reading import _read_upload
from dtro_app.models import RevisionOrigin
from dtro_validation import MAX_RAW_BYTES, InputError

# --- upload ---------------------------------------------------------------------------


_UPLOAD_ERROR_KEY = "drafting:upload-error"


@login_required
@require_http_methods(["GET", "POST"])
def dtro_create_upload(request: HttpRequest) -> HttpResponse:
    wants_json = request.headers.get("X-Requested-With") == "XMLHttpRequest"
    error = request.session.pop(_UPLOAD_ERROR_KEY, None) if request.method == "GET" else None
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            authority = chosen_authority(request, request.POST.get("authority"))
            document = _read_upload(upload)
        except InputError as exc:
            error = exc.message
        else:
            assert upload is not None  # _read_upload refuses a missing file
            dtro = create_dtro(
                authority=authority,
                user=request.user,
                document=document,
                origin=RevisionOrigin.UPLOAD,
                note=f"Uploaded {upload.name}"[:500],
            )
            saved_message(request, dtro, first_revision(dtro))
            if wants_json:
                return JsonResponse({"redirect": dtro.get_absolute_url()})
            return redirect(dtro)
        if wants_json:
            # The script follows the redirect; the page shows the error from the session.
            request.session[_UPLOAD_ERROR_KEY] = error
            return JsonResponse({"redirect": request.get_full_path()})
    return render(
        request,
        "dtro_app/drafting/upload.html",
        {
            "page_title": "Upload a D-TRO",
            "error": error,
            "authorities": authorities(request),
            "chosen_authority": request.GET.get("authority") or request.POST.get("authority"),
            "max_mb": MAX_RAW_BYTES // (1024 * 1024),
        },
        status=400 if error and request.method == "POST" else 200,
    )
