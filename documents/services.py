"""Making an order's documents, and keeping each TRA's templates for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from documents.context import document_context
from documents.kinds import DocumentKind
from documents.models import DocumentTemplate
from documents.pdf import html_to_pdf
from documents.sandbox import compile_template, render_template
from dtro_app.models import Dtro, DtroStatus, TrafficAuthority
from dtro_validation.document_parts import provisions_of

DEFAULTS = Path(__file__).resolve().parent / "defaults"
# Orders offered for a template's preview: the TRA's most recently changed.
PREVIEW_ORDERS = 50
# WeasyPrint lays out about 45 provisions a second here: above this a PDF would outlast the
# web server's 60 s timeout, so those orders get the HTML (which a browser prints to PDF).
PDF_MAX_PROVISIONS = 1_000


@cache
def default_body(kind: DocumentKind) -> str:
    return (DEFAULTS / f"{kind.value}.html").read_text(encoding="utf-8")


def stored_template(authority: TrafficAuthority, kind: DocumentKind) -> DocumentTemplate | None:
    return DocumentTemplate.objects.filter(authority=authority, kind=kind).first()


def template_body(authority: TrafficAuthority, kind: DocumentKind) -> str:
    """The TRA's own wording of the document, or the default."""
    stored = stored_template(authority, kind)
    return stored.body if stored is not None else default_body(kind)


def save_template(
    authority: TrafficAuthority, kind: DocumentKind, body: str, *, user: Any
) -> DocumentTemplate:
    compile_template(body)  # raises TemplateProblem: nothing unusable is stored
    template, _created = DocumentTemplate.objects.update_or_create(
        authority=authority, kind=kind, defaults={"body": body, "updated_by": user}
    )
    return template


def use_default(authority: TrafficAuthority, kind: DocumentKind) -> None:
    DocumentTemplate.objects.filter(authority=authority, kind=kind).delete()


def preview_orders(authority: TrafficAuthority) -> QuerySet[Dtro]:
    orders = Dtro.objects.filter(authority=authority, current_revision__isnull=False).exclude(
        status=DtroStatus.DELETED
    )
    # Not a sliced queryset: a form's choice field filters it again to check the choice.
    newest = list(
        orders.order_by("-updated_at", "-pk").values_list("pk", flat=True)[:PREVIEW_ORDERS]
    )
    return orders.filter(pk__in=newest).order_by("-updated_at", "-pk")


@dataclass(frozen=True)
class Document:
    title: str
    filename: str
    body: str  # the filled-in template: safe markup
    page: str  # the whole HTML page (what the HTML download and the PDF are made from)


def make_document(
    dtro: Dtro, kind: DocumentKind, *, body: str | None = None, today: date | None = None
) -> Document:
    """The order's document from the TRA's template (or `body`, for a preview).

    Raises `sandbox.TemplateProblem` when the template cannot be filled in.
    """
    context = document_context(dtro, kind, today=today)
    template = body if body is not None else template_body(dtro.authority, kind)
    filled = render_template(template, context)
    title = f"{kind.label}: {context['order']['name']}"
    page = render_to_string(
        "documents/document.html",
        {
            "title": title,
            "body": SafeString(filled),
            "authority": context["authority"],
            "order": context["order"],
            "today": context["today"],
        },
    )
    return Document(
        title=title,
        filename=f"{dtro.reference}-{kind.value}",
        body=filled,
        page=page,
    )


def pdf_refusal(dtro: Dtro) -> str | None:
    """Why the order's PDF will not be made, known before anything is built: too many
    provisions (a PDF of thousands of pages takes minutes and gigabytes)."""
    revision = dtro.current_revision
    count = len(provisions_of(revision.document)) if revision is not None else 0
    if count <= PDF_MAX_PROVISIONS:
        return None
    return (
        f"This order has {count:,} provisions: PDFs are made for orders of up to "
        f"{PDF_MAX_PROVISIONS:,}. Open the HTML version and print it to PDF from your browser."
    )


def document_pdf(document: Document) -> bytes:
    """Raises `PdfUnavailable` when this machine cannot make PDFs."""
    return html_to_pdf(document.page)
