"""The JSON editor: drafts saved as typed (text that is not JSON kept in the session) and
the live check as the officer types.

An existing D-TRO's page does not carry its JSON: the code editor (static/js/drafting-editor.mjs)
fetches it from `dtro_json_document` once the page is up, so a big order's page stays small.
Without JavaScript, `?plain=1` puts it in the page's text box. Past DTRO_EDITOR_MAX_BYTES
the page offers the JSON as a download and an upload of the changed file instead.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dtro_app.drafting.guided.forms import (
    default_version,
)
from dtro_app.drafting.services import (
    DraftingError,
    create_dtro,
    save_draft,
)
from dtro_app.drafting.views.common import (
    authorities,
    chosen_authority,
    editable_dtro,
    first_revision,
    origin_for,
    post_or_too_big,
    saved_message,
    session_key,
    too_big_before_csrf,
)
from dtro_app.drafting.views.reading import _NotJson, _parse_json, _read_upload
from dtro_app.models import Dtro, Revision, RevisionOrigin, TrafficAuthority
from dtro_app.scoping import authority_for_user_or_404
from dtro_validation import MAX_RAW_BYTES, InputError, validate_document
from frontend.htmx import HtmxHttpRequest

_MAX_ISSUES_SHOWN = 100
_TOO_BIG = (
    "The JSON is larger than the 10 MB the D-TRO service accepts. Upload it as a .json.gz "
    "file instead, or split the order."
)


def _live_limit_bytes() -> int:
    return int(settings.DTRO_LIVE_VALIDATION_MAX_BYTES)


def _live_rate_exceeded(request: HttpRequest) -> bool:
    """At most DTRO_LIVE_VALIDATION_PER_MINUTE checks per officer per minute."""
    per_minute = int(settings.DTRO_LIVE_VALIDATION_PER_MINUTE)
    minute = int(timezone.now().timestamp() // 60)
    key = f"drafting:live-validation:{request.user.pk}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count > per_minute


def _starter_document(version: str, authority: TrafficAuthority | None) -> str:
    """A skeleton that shows the envelope's shape; validation lists what is missing."""
    code = authority.code if authority else 0
    skeleton = {
        "schemaVersion": version,
        "data": {
            "source": {
                "actionType": "new",
                "currentTraOwner": code,
                "traCreator": code,
                "traAffected": [code],
                "reference": "",
                "section": "All sections",
                "troName": "",
                "statementDescription": "",
                "provision": [],
            }
        },
    }
    return json.dumps(skeleton, indent=2)


# --- JSON editor ----------------------------------------------------------------------


def _editor_max_bytes() -> int:
    return int(settings.DTRO_EDITOR_MAX_BYTES)


def _revision_size(revision: Revision | None) -> int:
    """Bytes of the revision's document as sent, stored when it was made (not re-measured)."""
    return (revision.size_as_sent() or 0) if revision is not None else 0


def _json_editor(request: HtmxHttpRequest, dtro: Dtro | None) -> HttpResponse:
    if request.method == "POST":
        return _save_json(request, dtro)
    if dtro is None:
        code = request.GET.get("authority")
        authority = (
            authority_for_user_or_404(request, code) if code else authorities(request).first()
        )
        restored = request.session.get(session_key(None))
        text = restored
        if text is None:
            text = _starter_document(request.GET.get("version") or default_version(), authority)
        return _render_editor(request, None, authority, text, restored=restored is not None)
    restored = request.session.get(session_key(dtro))
    revision = dtro.current_revision
    size = _revision_size(revision)
    if size > _editor_max_bytes():
        return _render_editor(request, dtro, dtro.authority, "", mode="download", size=size)
    if request.GET.get("plain"):
        # The text box without JavaScript: the JSON is in the page.
        if restored is not None:
            text = restored
        else:
            text = _editor_text(revision.document) if revision is not None else ""
        return _render_editor(request, dtro, dtro.authority, text, restored=restored is not None)
    return _render_editor(
        request, dtro, dtro.authority, "", mode="on_demand", restored=restored is not None
    )


def _editor_text(document: Any) -> str:
    """The document as editor text: indented, or compact when indenting passes the 10 MB
    an upload or a save may hold."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if len(text) <= MAX_RAW_BYTES:
        return text
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _render_editor(
    request: HttpRequest,
    dtro: Dtro | None,
    authority: TrafficAuthority | None,
    text: str,
    *,
    mode: str = "inline",
    size: int = 0,
    errors: list[dict[str, Any]] | None = None,
    restored: bool = False,
    status: int = 200,
) -> HttpResponse:
    """`mode`: "inline" (the text is in the text box), "on_demand" (the code editor fetches
    it) or "download" (too big to edit here: download and upload)."""
    save_url = (
        reverse("dtro_app:dtro_edit_json", args=[dtro.pk])
        if dtro
        else reverse("dtro_app:dtro_create_json")
    )
    document_url = reverse("dtro_app:dtro_json_document", args=[dtro.pk]) if dtro else None
    nonce = secrets.token_urlsafe(16)
    response = render(
        request,
        "dtro_app/drafting/json_editor.html",
        {
            "page_title": f"Edit {dtro.reference} as JSON" if dtro else "Create a D-TRO in JSON",
            "dtro": dtro,
            "authority": authority,
            "authorities": authorities(request),
            "text": text,
            "mode": mode,
            "size": size,
            "max_size": _editor_max_bytes(),
            "max_upload_mb": MAX_RAW_BYTES // (1024 * 1024),
            "errors": errors or [],
            "restored": restored,
            "save_url": save_url,
            "document_url": document_url,
            "style_nonce": nonce,
        },
        status=status,
    )
    if settings.CONTENT_SECURITY_POLICY:
        policy = _with_style_nonce(str(settings.CONTENT_SECURITY_POLICY), nonce)
        response.content_security_policy = policy  # type: ignore[attr-defined]
    return response


def _with_style_nonce(policy: str, nonce: str) -> str:
    """The site's policy, letting in the one <style> element the code editor adds (with this
    response's nonce, as CodeMirror's EditorView.cspNonce does): no inline style otherwise."""
    directives = [part.strip() for part in policy.split(";") if part.strip()]
    if not any(d.split()[0] == "style-src" for d in directives):
        directives.append("style-src 'self'")
    return "; ".join(
        f"{d} 'nonce-{nonce}'" if d.split()[0] == "style-src" else d for d in directives
    )


@login_required
@require_GET
def dtro_json_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor's text for the code editor to fetch: the officer's unsaved text when there
    is some, else the current revision as indented JSON. `?download=1` always gives the
    saved revision, as a file."""
    dtro = editable_dtro(request, pk)
    download = bool(request.GET.get("download"))
    restored = None if download else request.session.get(session_key(dtro))
    if restored is not None:
        response = HttpResponse(restored, content_type="text/plain; charset=utf-8")
    elif dtro.current_revision is None:
        raise Http404("This D-TRO has no JSON yet")
    else:
        text = _editor_text(dtro.current_revision.document)
        response = HttpResponse(text, content_type="application/json")
    if download:
        response["Content-Disposition"] = f'attachment; filename="{dtro.reference}.json"'
    response["Cache-Control"] = "no-store"
    return response


def _save_upload(request: HttpRequest, dtro: Dtro) -> HttpResponse:
    """A changed file uploaded for a D-TRO too big for the editor: a new draft revision."""
    upload = request.FILES.get("file")
    try:
        document = _read_upload(upload)
        assert upload is not None  # _read_upload refuses a missing file
        revision = save_draft(
            dtro,
            user=request.user,
            document=document,
            origin=origin_for(dtro, RevisionOrigin.UPLOAD),
            note=f"Uploaded {upload.name}"[:500],
        )
    except (InputError, DraftingError) as exc:
        message = exc.message if isinstance(exc, InputError) else str(exc)
        size = _revision_size(dtro.current_revision)
        return _render_editor(
            request,
            dtro,
            dtro.authority,
            "",
            mode="download",
            size=size,
            errors=[{"message": message, "href": "#id_file"}],
            status=400,
        )
    saved_message(request, dtro, revision)
    return redirect(dtro)


def _save_json(request: HtmxHttpRequest, dtro: Dtro | None) -> HttpResponse:
    post = post_or_too_big(request)
    if post is None:
        error = {"message": _TOO_BIG, "href": "#id_document"}
        if request.htmx:
            return render(request, "dtro_app/drafting/_autosave_status.html", {"error": _TOO_BIG})
        return _render_editor(request, dtro, None, "", errors=[error], status=413)
    if dtro is not None and "file" in request.FILES:
        return _save_upload(request, dtro)
    if dtro is None and post.get("dtro"):
        # The editor autosaved once already: later saves go to that D-TRO, not a new one.
        dtro = editable_dtro(request, post.get("dtro", ""))
    authority = dtro.authority if dtro else chosen_authority(request, post.get("authority"))
    text = post.get("document", "")
    key = session_key(dtro)
    try:
        document = _parse_json(text)
    except _NotJson as not_json:
        request.session[key] = text
        problem = not_json.problem
        if request.htmx:
            return render(
                request, "dtro_app/drafting/_autosave_status.html", {"parse_error": problem}
            )
        error = {"message": problem["message"], "href": "#id_document", "line": problem["line"]}
        return _render_editor(request, dtro, authority, text, errors=[error])
    request.session.pop(key, None)
    request.session.pop(session_key(None), None)
    created = dtro is None
    try:
        if dtro is None:
            dtro = create_dtro(
                authority=authority, user=request.user, document=document, origin="json"
            )
            revision = first_revision(dtro)
        else:
            revision = save_draft(
                dtro, user=request.user, document=document, origin=origin_for(dtro, "json")
            )
    except DraftingError as exc:
        if request.htmx:
            return render(request, "dtro_app/drafting/_autosave_status.html", {"error": str(exc)})
        return _render_editor(
            request, dtro, authority, text, errors=[{"message": str(exc), "href": "#id_document"}]
        )
    if request.htmx:
        return render(
            request,
            "dtro_app/drafting/_autosave_status.html",
            {"dtro": dtro, "revision": revision, "created": created, "saved_at": timezone.now()},
        )
    saved_message(request, dtro, revision)
    return redirect(dtro)


@too_big_before_csrf
@login_required
@require_http_methods(["GET", "POST"])
def dtro_create_json(request: HtmxHttpRequest) -> HttpResponse:
    return _json_editor(request, None)


@too_big_before_csrf
@login_required
@require_http_methods(["GET", "POST"])
def dtro_edit_json(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _json_editor(request, editable_dtro(request, pk))


@too_big_before_csrf
@login_required
@require_POST
def validate_json(request: HtmxHttpRequest) -> HttpResponse:
    """htmx: the GOV.UK error summary for the editor's current text."""
    post = post_or_too_big(request)
    context: dict[str, Any] = {}
    if post is None:
        context["too_big"] = _TOO_BIG
        return render(request, "dtro_app/drafting/_live_validation.html", context)
    if _live_rate_exceeded(request):
        context["too_big"] = (
            "The JSON is being checked too often. Wait a minute; it is checked again as you type."
        )
        # htmx swaps only 2xx answers, so the editor gets the message with a 200.
        status = 200 if request.htmx else 429
        return render(request, "dtro_app/drafting/_live_validation.html", context, status=status)
    text = post.get("document", "")
    limit = _live_limit_bytes()
    if len(text) > limit or len(text.encode("utf-8", "replace")) > limit:
        size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit:,} bytes"
        context["too_big"] = (
            f"The JSON is larger than the {size} that can be checked as you type. "
            f"Save the draft to check it."
        )
        return render(request, "dtro_app/drafting/_live_validation.html", context)
    authority = chosen_authority(request, post.get("authority"))
    try:
        document = _parse_json(text)
    except _NotJson as not_json:
        context["parse_error"] = not_json.problem
    else:
        report = validate_document(document, tra_code=authority.code)
        errors = report.errors
        context["issues"] = errors[:_MAX_ISSUES_SHOWN]
        context["issue_count"] = len(errors)
        context["advice"] = report.advice[:_MAX_ISSUES_SHOWN]
        context["valid"] = report.is_valid
    return render(request, "dtro_app/drafting/_live_validation.html", context)
