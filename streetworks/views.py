"""Officer pages: find Street Manager works, see one, start a TTRO draft from its permit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from dtro_app.maps.context import map_options, parse_box
from dtro_app.models import TrafficAuthority
from dtro_app.scoping import get_for_user_or_404
from streetworks import services
from streetworks.client import NotFound, StreetManagerError
from streetworks.forms import WorksSearchForm
from streetworks.models import WorksLink


def _authority_or_404(request: HttpRequest) -> TrafficAuthority:
    authority = services.authority_for(request.user)
    if authority is None:
        raise Http404("You are not a member of any traffic regulation authority")
    return authority


@login_required
def search(request: HttpRequest) -> HttpResponse:
    authority = _authority_or_404(request)
    form = WorksSearchForm(request.GET or None)
    results = None
    works_map = None
    street = None
    problem = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            client = services.client_for(authority)
            bbox = form.bbox()
            if bbox and not (data.get("reference") or data.get("usrn") or data["street"]):
                results, works_map = services.search_map(client, bbox)
            else:
                if data.get("usrn"):
                    street = services.street_or_none(client, data["usrn"])
                results = services.find_works(
                    client,
                    reference=data.get("reference") or "",
                    usrn=str(data["usrn"]) if data.get("usrn") else "",
                    street=data.get("street") or "",
                )
        except (services.NoStreetManagerAccount, StreetManagerError) as exc:
            problem = str(exc)
    links = WorksLink.objects.for_user(request.user).select_related("dtro")[:20]
    # The area map opens on the box searched, so the next box is drawn near it.
    area_map = map_options(authority, start=form.bbox() if form.is_valid() else None)
    return render(
        request,
        "streetworks/search.html",
        {
            "page_title": "Find street works",
            "form": form,
            "results": results,
            "works_map": works_map,
            "street": street,
            "problem": problem,
            "authority": authority,
            "links": links,
            "map_options": area_map,
        },
    )


@login_required
def works_detail(request: HttpRequest, wrn: str) -> HttpResponse:
    authority = _authority_or_404(request)
    try:
        work = services.client_for(authority).get_work(wrn)
    except NotFound as exc:
        raise Http404("Street Manager has no works with that reference") from exc
    except (services.NoStreetManagerAccount, StreetManagerError) as exc:
        return render(
            request,
            "streetworks/unavailable.html",
            {"page_title": "Street Manager is unavailable", "problem": str(exc)},
            status=502 if isinstance(exc, StreetManagerError) else 200,
        )
    permit = services.active_permit_of(work) or {}
    links = WorksLink.objects.for_user(request.user).filter(work_reference=wrn.upper())
    return render(
        request,
        "streetworks/works_detail.html",
        {
            "page_title": f"Street works {work.get('work_reference_number', wrn)}",
            "work": work,
            "permit": permit,
            "details": services.works_details(permit) if permit else {},
            "links": links.select_related("dtro"),
        },
    )


@login_required
@require_POST
def start_ttro(request: HttpRequest, wrn: str, prn: str) -> HttpResponse:
    authority = _authority_or_404(request)
    try:
        work = services.client_for(authority).get_work(wrn)
    except NotFound as exc:
        raise Http404("Street Manager has no works with that reference") from exc
    except (services.NoStreetManagerAccount, StreetManagerError) as exc:
        messages.error(request, f"The draft was not started: {exc}")
        return redirect("streetworks:works_detail", wrn=wrn)
    permit = services.active_permit_of(work, prn)
    if permit is None:
        messages.error(request, f"Permit {prn} is no longer the works' active permit")
        return redirect("streetworks:works_detail", wrn=wrn)
    dtro = services.start_ttro(
        authority=authority,
        user=request.user,
        work_reference=work["work_reference_number"],
        permit=permit,
    )
    messages.success(request, f"Draft {dtro.reference} started from Street Manager permit {prn}")
    return redirect(dtro)


@login_required
def link_detail(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_for_user_or_404(WorksLink, request, pk=pk)
    revision = link.dtro.current_revision
    return render(
        request,
        "streetworks/link_detail.html",
        {
            "page_title": f"{link.dtro.reference} from {link.work_reference}",
            "link": link,
            "revision": revision,
            "prefilled": sorted((revision.prefilled_fields or {}).items()) if revision else [],
        },
    )


@require_GET
@login_required
def streets_near(request: HttpRequest) -> JsonResponse:
    """JSON for the map: the streets under a point, through the TRA's Street Manager account."""
    authority = _authority_or_404(request)
    try:
        easting = float(request.GET["easting"])
        northing = float(request.GET["northing"])
    except (KeyError, ValueError):
        return JsonResponse({"message": "Give an easting and a northing in metres"}, status=400)
    if not (0 <= easting <= 700_000 and 0 <= northing <= 1_300_000):
        return JsonResponse({"message": "That point is outside Great Britain"}, status=400)
    try:
        streets = services.streets_near(services.client_for(authority), easting, northing)
    except (services.NoStreetManagerAccount, StreetManagerError) as exc:
        return JsonResponse({"message": str(exc)}, status=503)
    return JsonResponse({"streets": streets})


@require_GET
@login_required
def streets_in_box(request: HttpRequest) -> JsonResponse:
    """GeoJSON for the map's street layer: the streets crossing `bbox` (at most 1 km square),
    through the TRA's own Street Manager account. Without one, or when Street Manager fails,
    an empty collection says why, and the map works on without streets."""
    authority = _authority_or_404(request)
    try:
        box = parse_box(request.GET.get("bbox", ""), max_metres=services.STREETS_BOX_MAX_METRES)
    except ValueError as exc:
        return JsonResponse({"message": str(exc)}, status=400)
    try:
        return JsonResponse(services.streets_in_box(services.client_for(authority), box))
    except (services.NoStreetManagerAccount, StreetManagerError) as exc:
        return JsonResponse({"type": "FeatureCollection", "features": [], "problem": str(exc)})
