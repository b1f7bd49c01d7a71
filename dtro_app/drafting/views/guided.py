"""The guided form: creating and editing common orders by answering questions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from dtro_app.drafting.guided.builder import build_document, prefill_from_document
from dtro_app.drafting.guided.forms import (
    OrderForm,
    ProvisionFormSet,
    can_be_saved,
    default_version,
    initial_from_prefill,
    to_order,
)
from dtro_app.drafting.guided.problems import attach_issues
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
    saved_message,
)
from dtro_app.maps.context import map_options
from dtro_app.models import Dtro, RevisionOrigin, TrafficAuthority
from dtro_validation.issues import split_by_severity


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


def _provisions(data: Any, order_form: OrderForm) -> Any:
    """The provisions' formset, its choices those of the order's data-spec version."""
    version = str(order_form["schema_version"].value() or default_version())
    return ProvisionFormSet(data, prefix="provision", form_kwargs={"version": version})


def _guided(request: HttpRequest, dtro: Dtro | None) -> HttpResponse:
    officer_authorities = authorities(request)
    extra_errors: list[dict[str, Any]] = []
    if request.method == "POST":
        data = request.POST.copy()
        if "add_provision" in data:
            # Without JavaScript, "Add another provision" posts and comes back one longer.
            total = int(data.get("provision-TOTAL_FORMS", "1") or 1)
            data["provision-TOTAL_FORMS"] = str(total + 1)
            order_form = OrderForm(data, authorities=officer_authorities)
            formset = _provisions(data, order_form)
            return _render_guided(request, dtro, order_form, formset, [], validate=False)
        order_form = OrderForm(data, authorities=officer_authorities)
        formset = _provisions(data, order_form)
        # A draft is saved with problems as long as its answers make a document at all.
        if can_be_saved(order_form, formset):
            authority = (
                dtro.authority
                if dtro
                else chosen_authority(request, order_form.cleaned_data["authority"])
            )
            published = dtro.published_revision if dtro else None
            document = build_document(
                to_order(order_form, formset),
                version=order_form.cleaned_data["schema_version"],
                tra_code=authority.code,
                published=published.document if published else None,
            )
            try:
                if dtro is None:
                    dtro = create_dtro(
                        authority=authority,
                        user=request.user,
                        document=document,
                        origin=RevisionOrigin.FORM,
                    )
                    revision = first_revision(dtro)
                else:
                    revision = save_draft(
                        dtro,
                        user=request.user,
                        document=document,
                        origin=origin_for(dtro, RevisionOrigin.FORM),
                    )
            except DraftingError as exc:
                extra_errors.append({"message": str(exc)})
            else:
                saved_message(request, dtro, revision)
                if revision.is_valid and order_form.is_valid() and formset.is_valid():
                    return redirect(dtro)
                # Saved, with problems: show them on the fields they belong to.
                return redirect("dtro_app:dtro_edit_form", pk=dtro.pk)
        return _render_guided(request, dtro, order_form, formset, extra_errors, not_saved=True)

    if dtro is None:
        initial = {"schema_version": request.GET.get("version") or default_version()}
        if request.GET.get("authority"):
            # Only when chosen: an empty value would hide the single-TRA default.
            initial["authority"] = request.GET["authority"]
        order_form = OrderForm(initial=initial, authorities=officer_authorities)
        formset = ProvisionFormSet(
            prefix="provision", form_kwargs={"version": initial["schema_version"]}
        )
        return _render_guided(request, None, order_form, formset, [], validate=False)

    current = dtro.current_revision
    prefill = prefill_from_document(current.document) if current else None
    if current is None or prefill is None:
        return render(
            request,
            "dtro_app/drafting/not_guided.html",
            {"page_title": f"Edit {dtro.reference}", "dtro": dtro},
        )
    order_initial, provision_initial = initial_from_prefill(*prefill)
    order_initial["authority"] = dtro.authority.code
    data = _as_post_data(order_initial, provision_initial)
    order_form = OrderForm(data, authorities=officer_authorities)
    formset = _provisions(data, order_form)
    order_form.is_valid()
    formset.is_valid()
    errors, advice = split_by_severity(current.validation_issues)
    extra_errors = attach_issues(order_form, formset, errors)
    return _render_guided(request, dtro, order_form, formset, extra_errors, advice=advice)


def _map_authority(dtro: Dtro | None, order_form: OrderForm) -> TrafficAuthority | None:
    """Whose streets and orders the drafting maps show: the order's TRA, or the one chosen."""
    if dtro is not None:
        return dtro.authority
    choices = order_form.authorities
    chosen = str(order_form["authority"].value() or "")
    return next((a for a in choices if str(a.code) == chosen), choices[0] if choices else None)


def _render_guided(
    request: HttpRequest,
    dtro: Dtro | None,
    order_form: OrderForm,
    formset: Any,
    extra_errors: list[dict[str, Any]],
    *,
    validate: bool = True,
    not_saved: bool = False,
    advice: list[dict[str, Any]] | None = None,
) -> HttpResponse:
    if not validate:
        # Re-shown after "add another provision": keep answers, no error messages yet.
        order_form.without_errors()
        formset.without_errors()
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
            "advice": advice or [],
            # The answers could not make a document, so nothing was saved.
            "not_saved": not_saved and has_errors,
            "map_options": map_options(_map_authority(dtro, order_form)),
            # By name only: Street Manager sits above the portal's domain in the layers.
            "streets_near_url": reverse("streetworks:streets_near"),
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
    return _guided(request, editable_dtro(request, pk))
