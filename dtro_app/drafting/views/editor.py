"""The JSON editor: drafts saved as typed (text that is not JSON kept in the session) and
the live check as the officer types."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

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
from dtro_app.drafting.views.reading import _NotJson, _parse_json
from dtro_app.models import Dtro, TrafficAuthority
from dtro_app.scoping import authority_for_user_or_404
from dtro_validation import MAX_RAW_BYTES, validate_document
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


def _json_editor(request: HtmxHttpRequest, dtro: Dtro | None) -> HttpResponse:
    if request.method == "POST":
        return _save_json(request, dtro)
    authority = dtro.authority if dtro else None
    if authority is None:
        code = request.GET.get("authority")
        authority = (
            authority_for_user_or_404(request, code) if code else authorities(request).first()
        )
    restored = request.session.get(session_key(dtro))
    if restored is not None:
        text = restored
    elif dtro is not None and dtro.current_revision is not None:
        text, too_big = _editor_text(dtro.current_revision.document)
        if too_big:
            error = {"message": _TOO_BIG_TO_EDIT, "href": "#id_document"}
            return _render_editor(request, dtro, authority, "", errors=[error])
    else:
        text = _starter_document(request.GET.get("version") or default_version(), authority)
    return _render_editor(request, dtro, authority, text, restored=restored is not None)


_TOO_BIG_TO_EDIT = (
    "This D-TRO is larger than the 10 MB the editor can save, so it is not shown here. "
    "Upload a corrected file instead."
)


def _editor_text(document: Any) -> tuple[str, bool]:
    """The document as editor text: indented, or compact when indenting passes the limit
    (the editor could not save it back); (text, too big to edit at all)."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if len(text) <= MAX_RAW_BYTES:
        return text, False
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    if len(text) <= MAX_RAW_BYTES:
        return text, False
    return "", True


def _render_editor(
    request: HttpRequest,
    dtro: Dtro | None,
    authority: TrafficAuthority | None,
    text: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    restored: bool = False,
    status: int = 200,
) -> HttpResponse:
    save_url = (
        reverse("dtro_app:dtro_edit_json", args=[dtro.pk])
        if dtro
        else reverse("dtro_app:dtro_create_json")
    )
    return render(
        request,
        "dtro_app/drafting/json_editor.html",
        {
            "page_title": f"Edit {dtro.reference} as JSON" if dtro else "Create a D-TRO in JSON",
            "dtro": dtro,
            "authority": authority,
            "authorities": authorities(request),
            "text": text,
            "errors": errors or [],
            "restored": restored,
            "save_url": save_url,
        },
        status=status,
    )


def _save_json(request: HtmxHttpRequest, dtro: Dtro | None) -> HttpResponse:
    post = post_or_too_big(request)
    if post is None:
        error = {"message": _TOO_BIG, "href": "#id_document"}
        if request.htmx:
            return render(request, "dtro_app/drafting/_autosave_status.html", {"error": _TOO_BIG})
        return _render_editor(request, dtro, None, "", errors=[error], status=413)
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
        context["issues"] = report.issues[:_MAX_ISSUES_SHOWN]
        context["issue_count"] = len(report.issues)
        context["valid"] = report.is_valid
    return render(request, "dtro_app/drafting/_live_validation.html", context)
