"""Small views for page furniture: a TRA's logo."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from frontend.authorities import authority_model
from frontend.logos import logo_type


@require_GET
@login_required
def tra_logo(request: HttpRequest, code: int) -> FileResponse:
    """The logo of one of the user's TRAs, as the image its bytes show and nothing else."""
    authority = authority_model().objects.for_user(request.user).filter(code=code).first()
    if authority is None or not authority.logo:
        raise Http404("No logo")
    try:
        file = authority.logo.open("rb")
    except FileNotFoundError as missing:
        raise Http404("No logo") from missing
    kind = logo_type(file.read(8))
    file.seek(0)
    if kind is None:
        file.close()
        raise Http404("No logo")
    response = FileResponse(file, content_type=kind[0])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="tra-{authority.code}-logo.{kind[1]}"'
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
