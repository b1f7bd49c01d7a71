"""An order's documents for its TRA's members; the TRA's templates for its supervisors.

Every view finds the order or TRA through the user's memberships (404 for another TRA's);
changing a template is for the TRA's supervisors only (403 for its officers).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from documents import services
from documents.context import PLACEHOLDERS
from documents.forms import TemplateForm
from documents.kinds import DocumentKind, kind_or_none
from documents.models import DocumentTemplate
from documents.pdf import PdfUnavailable
from documents.sandbox import TemplateProblem
from dtro_app.models import Dtro, TrafficAuthority
from dtro_app.scoping import authority_for_user_or_404, get_for_user_or_404, signed_in_user

# The HTML document carries no script; it may use its own inline styles and data: images.
DOCUMENT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


def _kind_or_404(kind: str) -> DocumentKind:
    found = kind_or_none(kind)
    if found is None:
        raise Http404("No such document")
    return found


def _supervised_or_403(request: HttpRequest, code: int) -> TrafficAuthority:
    authority = authority_for_user_or_404(request, code)
    if not TrafficAuthority.objects.supervised_by(request.user).filter(pk=authority.pk).exists():
        raise PermissionDenied("Only the TRA's supervisors can change its document templates.")
    return authority


def _document_or_redirect(
    request: HttpRequest, pk: int, kind: str, *, pdf: bool = False
) -> tuple[Dtro, services.Document | None]:
    dtro = get_for_user_or_404(Dtro, request, pk=pk)
    found = _kind_or_404(kind)
    if pdf and (refusal := services.pdf_refusal(dtro)):
        messages.error(request, refusal)
        return dtro, None
    try:
        return dtro, services.make_document(dtro, found)
    except TemplateProblem as problem:
        messages.error(
            request,
            f"The {found.label.lower()} could not be made from your TRA's template: {problem} "
            "A supervisor can correct the template.",
        )
        return dtro, None


@require_GET
@login_required
def document_html(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    dtro, document = _document_or_redirect(request, pk, kind)
    if document is None:
        return redirect(dtro)
    response = HttpResponse(document.page, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{document.filename}.html"'
    response.content_security_policy = DOCUMENT_POLICY  # type: ignore[attr-defined]
    return response


@require_GET
@login_required
def document_pdf(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    dtro, document = _document_or_redirect(request, pk, kind, pdf=True)
    if document is None:
        return redirect(dtro)
    try:
        pdf = services.document_pdf(document)
    except PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect(dtro)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}.pdf"'
    return response


@require_GET
@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    authorities = list(TrafficAuthority.objects.for_user(request.user))
    supervised = set(
        TrafficAuthority.objects.supervised_by(request.user).values_list("pk", flat=True)
    )
    own = set(
        DocumentTemplate.objects.filter(authority__in=authorities).values_list(
            "authority_id", "kind"
        )
    )
    rows = [
        {
            "authority": authority,
            "may_change": authority.pk in supervised,
            "kinds": [
                {"kind": kind, "is_own": (authority.pk, kind.value) in own} for kind in DocumentKind
            ],
        }
        for authority in authorities
    ]
    return render(
        request,
        "documents/template_list.html",
        {"page_title": "Document templates", "rows": rows},
    )


def _edit_context(
    authority: TrafficAuthority, kind: DocumentKind, form: TemplateForm
) -> dict[str, Any]:
    return {
        "page_title": f"{kind.label} template for {authority.name}",
        "authority": authority,
        "kind": kind,
        "form": form,
        "is_own": services.stored_template(authority, kind) is not None,
        "placeholders": PLACEHOLDERS,
        "preview_url": reverse("documents:template_preview", args=[authority.code, kind.value]),
        **_preview(form, kind),
    }


def _preview(form: TemplateForm, kind: DocumentKind) -> dict[str, Any]:
    """The document the form's template makes for the chosen order (or the first offered)."""
    if not form.is_valid():
        return {"preview": None, "preview_order": None, "preview_problem": None}
    order_field = form.fields["order"]
    order = form.cleaned_data.get("order") or order_field.queryset.first()  # type: ignore[attr-defined]
    if order is None:
        return {"preview": None, "preview_order": None, "preview_problem": None}
    try:
        document = services.make_document(order, kind, body=form.cleaned_data["body"])
    except TemplateProblem as problem:
        return {"preview": None, "preview_order": order, "preview_problem": str(problem)}
    return {"preview": document.body, "preview_order": order, "preview_problem": None}


@require_http_methods(["GET", "POST"])
@login_required
def template_edit(request: HttpRequest, code: int, kind: str) -> HttpResponse:
    authority = _supervised_or_403(request, code)
    found = _kind_or_404(kind)
    orders = services.preview_orders(authority)
    if request.method == "POST":
        form = TemplateForm(request.POST, orders=orders)
        if form.is_valid() and request.POST.get("action") == "save":
            services.save_template(
                authority, found, form.cleaned_data["body"], user=signed_in_user(request)
            )
            messages.success(request, f"The {found.label.lower()} template has been saved.")
            return redirect("documents:template_edit", code=authority.code, kind=found.value)
    else:
        body = services.template_body(authority, found)
        form = TemplateForm({"body": body}, orders=orders)
    return render(request, "documents/template_edit.html", _edit_context(authority, found, form))


@require_POST
@login_required
def template_preview(request: HttpRequest, code: int, kind: str) -> HttpResponse:
    """The preview alone, for htmx as the supervisor types."""
    authority = _supervised_or_403(request, code)
    found = _kind_or_404(kind)
    form = TemplateForm(request.POST, orders=services.preview_orders(authority))
    return render(request, "documents/_preview.html", {"form": form, **_preview(form, found)})


@require_POST
@login_required
def template_reset(request: HttpRequest, code: int, kind: str) -> HttpResponse:
    authority = _supervised_or_403(request, code)
    found = _kind_or_404(kind)
    services.use_default(authority, found)
    messages.success(request, f"The {found.label.lower()} now uses the default template.")
    return redirect("documents:template_edit", code=authority.code, kind=found.value)
