"""Creating and editing D-TROs: guided form, JSON editor with live validation, upload, revoke.

Views parse input and call the drafting services; every save is a revision (valid or not).
Text that is not JSON at all cannot become a revision, so it is kept in the session instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from dtro_app.drafting.guided.builder import build_document, prefill_from_document
from dtro_app.drafting.guided.forms import (
    OrderForm,
    ProvisionFormSet,
    StartForm,
    default_version,
    initial_from_prefill,
    to_order,
)
from dtro_app.drafting.revocation import RevocationError, build_revocation
from dtro_app.drafting.services import (
    DraftingError,
    create_dtro,
    may_exist_at_service,
    save_draft,
)
from dtro_app.models import Dtro, DtroStatus, Revision, RevisionOrigin, TrafficAuthority
from dtro_app.orders.document_parts import provisions_of
from dtro_app.scoping import authority_for_user_or_404, get_for_user_or_404
from dtro_validation import MAX_RAW_BYTES, InputError, load_document, validate_document
from dtro_validation.limits import parse_json

_MAX_ISSUES_SHOWN = 100
_TOO_BIG = (
    "The JSON is larger than the 10 MB the D-TRO service accepts. Upload it as a .json.gz "
    "file instead, or split the order."
)


# --- helpers ------------------------------------------------------------------------


def _authorities(request: HttpRequest) -> Any:
    return TrafficAuthority.objects.for_user(request.user).order_by("name")


def _chosen_authority(request: HttpRequest, code: Any) -> TrafficAuthority:
    """The TRA the officer picked (404 if not theirs), or their only one."""
    if code not in (None, ""):
        return authority_for_user_or_404(request, code)
    authorities = list(_authorities(request)[:2])
    if len(authorities) != 1:
        return authority_for_user_or_404(request, "")
    return authorities[0]


def _origin(dtro: Dtro | None, default: str) -> str:
    # Changes to an order the service may hold are amendments (sent as updates).
    return RevisionOrigin.AMEND if dtro is not None and may_exist_at_service(dtro) else default


def _editable_dtro(request: HttpRequest, pk: int) -> Dtro:
    return get_for_user_or_404(Dtro, request, pk=pk)


def _session_key(dtro: Dtro | None) -> str:
    return f"drafting:json:{dtro.pk if dtro else 'new'}"


def _post_or_too_big(request: HttpRequest) -> QueryDict | None:
    if getattr(request, "_drafting_too_big", False):
        return None
    try:
        return request.POST
    except RequestDataTooBig:
        return None


def _too_big_before_csrf(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let the view answer an oversized post with its own message.

    The CSRF middleware reads the body first, so a post over DATA_UPLOAD_MAX_MEMORY_SIZE
    would end as Django's bare 400. Here the size is checked first (nothing is saved for
    such a post), then the usual CSRF check runs before the view.
    """
    protected = csrf_protect(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 - reading it is the check
            except RequestDataTooBig:
                # Django leaves an empty POST behind; the view must know it was too big.
                request._drafting_too_big = True  # type: ignore[attr-defined]
                return view(request, *args, **kwargs)
        return protected(request, *args, **kwargs)

    return csrf_exempt(wrapper)


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


class _NotJson(Exception):
    def __init__(self, problem: dict[str, Any]) -> None:
        super().__init__(problem["message"])
        self.problem = problem


def _parse_json(text: str) -> Any:
    """The editor's text as JSON, or _NotJson with a message (and line/column if known)."""
    try:
        return parse_json(text)
    except InputError as exc:
        raise _NotJson({"message": exc.message, "line": None}) from exc
    except json.JSONDecodeError as exc:
        raise _NotJson(
            {
                "message": (
                    f"This is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
                ),
                "line": exc.lineno,
                "column": exc.colno,
            }
        ) from exc
    except RecursionError as exc:
        problem = {"message": "This JSON nests too deeply to be a D-TRO.", "line": None}
        raise _NotJson(problem) from exc


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


# --- choosing how to create -----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def dtro_create(request: HttpRequest) -> HttpResponse:
    authorities = _authorities(request)
    form = StartForm(request.POST or None, authorities=authorities)
    if request.method == "POST" and form.is_valid():
        target = {
            "form": "dtro_app:dtro_create_form",
            "json": "dtro_app:dtro_create_json",
            "upload": "dtro_app:dtro_create_upload",
        }[form.cleaned_data["method"]]
        query = QueryDict(mutable=True)
        query.update(
            {
                "version": form.cleaned_data["schema_version"],
                "authority": form.cleaned_data["authority"],
            }
        )
        return redirect(f"{reverse(target)}?{query.urlencode()}")
    return render(
        request,
        "dtro_app/drafting/start.html",
        {"page_title": "Create a D-TRO", "form": form},
    )


# --- JSON editor ----------------------------------------------------------------------


def _json_editor(request: HttpRequest, dtro: Dtro | None) -> HttpResponse:
    if request.method == "POST":
        return _save_json(request, dtro)
    authority = dtro.authority if dtro else None
    if authority is None:
        code = request.GET.get("authority")
        authority = (
            authority_for_user_or_404(request, code) if code else _authorities(request).first()
        )
    restored = request.session.get(_session_key(dtro))
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
            "authorities": _authorities(request),
            "text": text,
            "errors": errors or [],
            "restored": restored,
            "save_url": save_url,
        },
        status=status,
    )


def _save_json(request: HttpRequest, dtro: Dtro | None) -> HttpResponse:
    post = _post_or_too_big(request)
    if post is None:
        error = {"message": _TOO_BIG, "href": "#id_document"}
        if request.htmx:
            return render(request, "dtro_app/drafting/_autosave_status.html", {"error": _TOO_BIG})
        return _render_editor(request, dtro, None, "", errors=[error], status=413)
    if dtro is None and post.get("dtro"):
        # The editor autosaved once already: later saves go to that D-TRO, not a new one.
        dtro = _editable_dtro(request, post["dtro"])
    authority = dtro.authority if dtro else _chosen_authority(request, post.get("authority"))
    text = post.get("document", "")
    key = _session_key(dtro)
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
    request.session.pop(_session_key(None), None)
    created = dtro is None
    try:
        if dtro is None:
            dtro = create_dtro(
                authority=authority, user=request.user, document=document, origin="json"
            )
            revision = dtro.current_revision
        else:
            revision = save_draft(
                dtro, user=request.user, document=document, origin=_origin(dtro, "json")
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
    _saved_message(request, dtro, revision)
    return redirect(dtro)


def _saved_message(request: HttpRequest, dtro: Dtro, revision: Revision) -> None:
    if revision.is_valid:
        messages.success(request, f"{dtro.reference} saved as revision {revision.number}.")
    else:
        count = len(revision.validation_issues)
        messages.warning(
            request,
            f"{dtro.reference} saved as revision {revision.number}, with {count} "
            f"problem{'s' if count != 1 else ''} to fix before it can be sent for approval.",
        )


@_too_big_before_csrf
@login_required
@require_http_methods(["GET", "POST"])
def dtro_create_json(request: HttpRequest) -> HttpResponse:
    return _json_editor(request, None)


@_too_big_before_csrf
@login_required
@require_http_methods(["GET", "POST"])
def dtro_edit_json(request: HttpRequest, pk: int) -> HttpResponse:
    return _json_editor(request, _editable_dtro(request, pk))


@_too_big_before_csrf
@login_required
@require_POST
def validate_json(request: HttpRequest) -> HttpResponse:
    """htmx: the GOV.UK error summary for the editor's current text."""
    post = _post_or_too_big(request)
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
    authority = _chosen_authority(request, post.get("authority"))
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
            authority = _chosen_authority(request, request.POST.get("authority"))
            document = _read_upload(upload)
        except InputError as exc:
            error = exc.message
        else:
            dtro = create_dtro(
                authority=authority,
                user=request.user,
                document=document,
                origin=RevisionOrigin.UPLOAD,
                note=f"Uploaded {upload.name}"[:500],
            )
            _saved_message(request, dtro, dtro.current_revision)
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
            "authorities": _authorities(request),
            "chosen_authority": request.GET.get("authority") or request.POST.get("authority"),
            "max_mb": MAX_RAW_BYTES // (1024 * 1024),
        },
        status=400 if error and request.method == "POST" else 200,
    )


def _read_upload(upload: Any) -> Any:
    if upload is None:
        raise InputError("missing", "Select a .json or .json.gz file to upload.")
    name = upload.name or ""
    if not name.lower().endswith((".json", ".json.gz", ".gz")):
        raise InputError("bad_type", "The selected file must be a .json or .json.gz file.")
    if upload.size > MAX_RAW_BYTES:
        # Checked before reading: the file is already on disk, not in memory.
        raise InputError(
            "too_large",
            f"The file is {upload.size / (1024 * 1024):.1f} MB; the D-TRO service accepts at "
            f"most {MAX_RAW_BYTES // (1024 * 1024)} MB per submission. Compress it as "
            f".json.gz or split the order.",
        )
    return load_document(upload.read(), filename=name)


# --- guided form ----------------------------------------------------------------------


def _form_field_for(issue_field: str) -> tuple[int | None, str] | None:
    """`provision-0-regulation-start` -> (0, 'start'); `troName` -> (None, 'troName')."""
    if not issue_field.startswith("provision-"):
        return None, issue_field
    parts = issue_field.split("-")
    if len(parts) < 3 or not parts[1].isdigit():
        return None
    index, rest = int(parts[1]), parts[2:]
    if rest[0] == "place" and len(rest) >= 3:
        name = rest[2]
        if name not in {"description", "bywayType", "busRoute"}:
            name = "geometry"
        return index, name
    if rest[0] == "regulation":
        name = rest[1] if len(rest) > 1 else "regulationType"
        if name not in {"regulationType", "start", "end", "vehicleType", "grossVehicleWeight"}:
            name = "regulationType"
        return index, name
    return index, rest[0]


def _attach_issues(order_form: OrderForm, formset: Any, issues: list[dict[str, Any]]) -> list:
    """Put each validation issue on its field; return those that have no field here."""
    unplaced = []
    for issue in issues:
        target = _form_field_for(issue.get("field") or "")
        placed = False
        if target is not None:
            index, name = target
            if index is None and name in order_form.fields:
                order_form.add_error(name, issue["message"])
                placed = True
            elif index is not None and index < len(formset.forms):
                form = formset.forms[index]
                if name in form.fields:
                    form.add_error(name, issue["message"])
                    placed = True
        if not placed:
            unplaced.append({"message": issue["message"], "href": None})
    return unplaced


def _as_post_data(order: dict[str, Any], provisions: list[dict[str, Any]]) -> QueryDict:
    """Bound-form data from prefilled answers, so saved problems show on their fields."""
    data = QueryDict(mutable=True)
    for key, value in order.items():
        if value not in (None, ""):
            data[key] = str(value)
    data["provision-TOTAL_FORMS"] = str(len(provisions))
    data["provision-INITIAL_FORMS"] = str(len(provisions))
    for i, provision in enumerate(provisions):
        for key, value in provision.items():
            if value is None or value is False or value == "":
                continue
            data[f"provision-{i}-{key}"] = "on" if value is True else str(value)
    return data


def _guided(request: HttpRequest, dtro: Dtro | None) -> HttpResponse:
    authorities = _authorities(request)
    extra_errors: list[dict[str, Any]] = []
    if request.method == "POST":
        data = request.POST.copy()
        if "add_provision" in data:
            # Without JavaScript, "Add another provision" posts and comes back one longer.
            total = int(data.get("provision-TOTAL_FORMS", "1") or 1)
            data["provision-TOTAL_FORMS"] = str(total + 1)
            order_form = OrderForm(data, authorities=authorities)
            formset = ProvisionFormSet(data, prefix="provision")
            return _render_guided(request, dtro, order_form, formset, [], validate=False)
        order_form = OrderForm(data, authorities=authorities)
        formset = ProvisionFormSet(data, prefix="provision")
        if order_form.is_valid() and formset.is_valid():
            authority = (
                dtro.authority
                if dtro
                else _chosen_authority(request, order_form.cleaned_data["authority"])
            )
            document = build_document(
                to_order(order_form, formset),
                version=order_form.cleaned_data["schema_version"],
                tra_code=authority.code,
            )
            try:
                if dtro is None:
                    dtro = create_dtro(
                        authority=authority,
                        user=request.user,
                        document=document,
                        origin=RevisionOrigin.FORM,
                    )
                    revision = dtro.current_revision
                else:
                    revision = save_draft(
                        dtro,
                        user=request.user,
                        document=document,
                        origin=_origin(dtro, RevisionOrigin.FORM),
                    )
            except DraftingError as exc:
                extra_errors.append({"message": str(exc)})
            else:
                _saved_message(request, dtro, revision)
                if revision.is_valid:
                    return redirect(dtro)
                # Saved, with problems: show them on the fields they belong to.
                return redirect("dtro_app:dtro_edit_form", pk=dtro.pk)
        return _render_guided(request, dtro, order_form, formset, extra_errors)

    if dtro is None:
        initial = {"schema_version": request.GET.get("version") or default_version()}
        if request.GET.get("authority"):
            # Only when chosen: an empty value would hide the single-TRA default.
            initial["authority"] = request.GET["authority"]
        order_form = OrderForm(initial=initial, authorities=authorities)
        formset = ProvisionFormSet(prefix="provision")
        return _render_guided(request, None, order_form, formset, [], validate=False)

    revision = dtro.current_revision
    prefill = prefill_from_document(revision.document) if revision else None
    if prefill is None:
        return render(
            request,
            "dtro_app/drafting/not_guided.html",
            {"page_title": f"Edit {dtro.reference}", "dtro": dtro},
        )
    order_initial, provision_initial = initial_from_prefill(*prefill)
    order_initial["authority"] = dtro.authority.code
    data = _as_post_data(order_initial, provision_initial)
    order_form = OrderForm(data, authorities=authorities)
    formset = ProvisionFormSet(data, prefix="provision")
    order_form.is_valid()
    formset.is_valid()
    extra_errors = _attach_issues(order_form, formset, revision.validation_issues)
    return _render_guided(request, dtro, order_form, formset, extra_errors)


def _render_guided(
    request: HttpRequest,
    dtro: Dtro | None,
    order_form: OrderForm,
    formset: Any,
    extra_errors: list[dict[str, Any]],
    *,
    validate: bool = True,
) -> HttpResponse:
    if not validate:
        # Re-shown after "add another provision": keep answers, no error messages yet.
        order_form._errors = {} if order_form.is_bound else None
        for form in formset.forms:
            form._errors = {} if form.is_bound else None
        formset._non_form_errors = formset.error_class()
    has_errors = bool(
        extra_errors
        or (order_form.is_bound and order_form.errors)
        or any(form.is_bound and form.errors for form in formset.forms)
        or (formset.is_bound and formset.non_form_errors())
    )
    return render(
        request,
        "dtro_app/drafting/guided_form.html",
        {
            "page_title": f"Edit {dtro.reference}" if dtro else "Create a D-TRO",
            "dtro": dtro,
            "order_form": order_form,
            "formset": formset,
            "extra_errors": extra_errors,
            "has_errors": has_errors,
            "action": reverse("dtro_app:dtro_edit_form", args=[dtro.pk])
            if dtro
            else reverse("dtro_app:dtro_create_form"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dtro_create_form(request: HttpRequest) -> HttpResponse:
    return _guided(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def dtro_edit_form(request: HttpRequest, pk: int) -> HttpResponse:
    return _guided(request, _editable_dtro(request, pk))


# --- revoke ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def dtro_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    dtro = _editable_dtro(request, pk)
    basis = dtro.published_revision or dtro.current_revision
    # Only what the service is known to hold can be revoked (a create still in delivery,
    # or whose outcome is unknown, is not yet something to revoke).
    if dtro.service_id is None or basis is None or dtro.status == DtroStatus.DELETED:
        messages.error(request, "Only a D-TRO published to the service can be revoked.")
        return redirect(dtro)
    provisions = provisions_of(basis.document)
    error = None
    if request.method == "POST":
        scope = request.POST.get("scope")
        chosen = request.POST.getlist("provisions")
        try:
            if scope not in {"full", "partial"}:
                raise RevocationError("Select whether to revoke the whole order or part of it.")
            document = build_revocation(
                basis.document, full=scope == "full", provision_references=chosen
            )
            revision = save_draft(
                dtro,
                user=request.user,
                document=document,
                origin=RevisionOrigin.REVOKE,
                note=request.POST.get("note", "")[:2000],
            )
        except (RevocationError, DraftingError) as exc:
            error = str(exc)
        else:
            _saved_message(request, dtro, revision)
            return redirect(dtro)
    return render(
        request,
        "dtro_app/drafting/revoke.html",
        {
            "page_title": f"Revoke {dtro.reference}",
            "dtro": dtro,
            "provisions": provisions,
            "error": error,
            "scope": request.POST.get("scope", ""),
            "chosen": request.POST.getlist("provisions"),
        },
        status=400 if error else 200,
    )
