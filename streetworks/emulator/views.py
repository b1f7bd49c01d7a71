"""The emulator's endpoints: the subset of Street Manager V6 the portal uses.

Shapes follow the V6 swagger of Street Manager's API: camelCase
auth, snake_case refresh and resources, the id token in a header named `token`, error bodies
`{"message": ..., "error": {"status": ...}}`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from dtro_validation import geometry
from streetworks.emulator import fixtures, state

View = Callable[..., HttpResponse]


class SignedInRequest(HttpRequest):
    """A request to an endpoint that checked its id token: `sm_claims` holds the claims."""

    sm_claims: dict[str, Any]


def error(status: int, message: str, **headers: str) -> JsonResponse:
    response = JsonResponse({"message": message, "error": {"status": status}}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def _fault_response(fault: dict[str, Any]) -> HttpResponse:
    status = fault["status"]
    headers = {"Retry-After": fault["retry_after"]} if fault.get("retry_after") else {}
    default = {
        429: "Too many requests",
        412: "Organisation suspended",
        423: "Account locked",
        500: "Internal server error",
        502: "Bad gateway",
        503: "Service unavailable",
    }.get(status, "Error")
    return error(status, fault.get("message") or default, **headers)


def endpoint(*, method: str, auth: bool = True) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: SignedInRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            state.log_request(request.method or "", request.path, request.headers)
            wait = state.over_rate_limit(request.META.get("REMOTE_ADDR", ""))
            if wait is not None:
                return error(429, "Too many requests", **{"Retry-After": str(int(wait) + 1)})
            fault = state.take_fault(request.path)
            if fault is not None:
                if fault.get("delay"):
                    time.sleep(fault["delay"])
                if fault["status"]:
                    return _fault_response(fault)
            if request.method != method:
                return error(405, "Method not allowed")
            if auth:
                claims = state.read_token(request.headers.get("token", ""), "id")
                if claims is None:
                    return error(401, "Authentication failed")
                tunables = state.emulator_settings()
                if any(part in request.path for part in tunables["restricted_paths"]):
                    return error(401, "Access restricted")
                request.sm_claims = claims
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def _body(request: HttpRequest) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


# --- Work API -----------------------------------------------------------------------------


@endpoint(method="POST", auth=False)
def authenticate(request: HttpRequest) -> HttpResponse:
    body = _body(request)
    email = str(body.get("emailAddress") or "")
    password = str(body.get("password") or "")
    if not email or not password:
        return error(400, "emailAddress and password are required")
    if state.is_locked(email):
        return error(423, "Account locked")
    org = state.organisation_of(email)
    if org is None or password != settings.STREET_MANAGER_EMULATOR_PASSWORD:
        if state.record_failed_login(email):
            return error(423, "Account locked")
        return error(401, "Authentication failed")
    state.clear_failed_logins(email)
    tunables = state.emulator_settings()
    if org in tunables["suspended_orgs"]:
        return error(412, "Organisation suspended")
    id_seconds = float(tunables["id_token_seconds"])
    return JsonResponse(
        {
            "idToken": state.issue_token(email, org, "id", id_seconds),
            "accessToken": state.issue_token(email, org, "access", id_seconds),
            "refreshToken": state.issue_token(
                email, org, "refresh", float(tunables["refresh_token_seconds"])
            ),
            "organisationReference": org,
        }
    )


def _work_response(entry: dict[str, Any]) -> dict[str, Any]:
    permits = entry["permits"]
    return {
        **entry["work"],
        "history": [],
        "active_permit": permits[entry["active_permit"]],
        "permits": [
            {
                key: permit.get(key)
                for key in (
                    "permit_reference_number",
                    "proposed_start_date",
                    "proposed_end_date",
                    "actual_start_date",
                    "actual_stop_date",
                    "permit_status",
                    "permit_status_string",
                    "work_category",
                    "work_category_string",
                )
            }
            for permit in permits.values()
        ],
    }


@endpoint(method="GET")
def work(request: HttpRequest, wrn: str) -> HttpResponse:
    entry = state.load()["works"].get(wrn.upper())
    if entry is None:
        return error(404, "Work not found")
    return JsonResponse(_work_response(entry))


@endpoint(method="GET")
def permit(request: HttpRequest, wrn: str, prn: str) -> HttpResponse:
    entry = state.load()["works"].get(wrn.upper())
    found = entry["permits"].get(prn.upper()) if entry else None
    if found is None:
        return error(404, "Permit not found")
    return JsonResponse(found)


# --- Party API ----------------------------------------------------------------------------


@endpoint(method="POST", auth=False)
def refresh(request: HttpRequest) -> HttpResponse:
    claims = state.read_token(str(_body(request).get("refresh_token") or ""), "refresh")
    if claims is None:
        return error(401, "Authentication failed")
    lifetime = float(state.emulator_settings()["id_token_seconds"])
    email, org = claims["sub"], claims["organisation"]
    return JsonResponse(
        {
            "id_token": state.issue_token(email, org, "id", lifetime),
            "access_token": state.issue_token(email, org, "access", lifetime),
        }
    )


@endpoint(method="POST", auth=False)
def logout(request: HttpRequest) -> HttpResponse:
    claims = state.read_token(str(_body(request).get("access_token") or ""), "access")
    if claims is None:
        return error(401, "Authentication failed")
    state.revoke_all(claims["sub"])
    return HttpResponse(status=200)


# --- Reporting API ------------------------------------------------------------------------


def _summary_row(entry: dict[str, Any], permit: dict[str, Any]) -> dict[str, Any]:
    return {
        "work_reference_number": permit["work_reference_number"],
        "permit_reference_number": permit["permit_reference_number"],
        "promoter_swa_code": permit["promoter_swa_code"],
        "promoter_organisation": permit["promoter_organisation"],
        "highway_authority": permit["highway_authority"],
        "works_coordinates": permit["works_coordinates"],
        "location_description": permit["works_location_description"],
        "street": permit["street_name"],
        "town": permit["town"],
        "area": permit["area_name"],
        "work_category": permit["work_category"],
        "work_category_string": permit["work_category_string"],
        "description_of_work": permit["description_of_work"],
        "traffic_management_type": permit["traffic_management_type"],
        "traffic_management_type_string": permit["traffic_management_type_string"],
        "proposed_start_date": permit["proposed_start_date"],
        "proposed_start_time": permit["proposed_start_time"],
        "proposed_end_date": permit["proposed_end_date"],
        "proposed_end_time": permit["proposed_end_time"],
        "actual_start_date": permit["actual_start_date"],
        "actual_end_date": permit["actual_stop_date"],
        "status": permit["permit_status"],
        "status_string": permit["permit_status_string"],
        "work_status": permit["work_status"],
        "work_status_string": permit["work_status_string"],
        "deadline_date": permit["deadline_date"],
        "date_created": permit["date_created"],
        "status_changed_date": permit["date_modified"],
        "usrn": permit["usrn"],
        "is_active_permit": permit["permit_reference_number"] == entry["active_permit"],
        "road_category": permit["road_category"],
        "is_traffic_sensitive": False,
        "has_no_final_reinstatement": False,
        "is_deemed": False,
        "excavation_carried_out": False,
        "is_early_start": False,
        "is_high_impact_traffic_management": permit["traffic_management_type"]
        in {"road_closure", "contra_flow", "lane_closure", "convoy_workings"}
        | {"multi_way_signals", "two_way_signals"},
        "is_lane_rental": False,
        "lane_rental_charges_not_agreed": False,
        "lane_rental_charges_potentially_apply": False,
        "activity_type": permit["activity_type"],
        "activity_type_string": permit["activity_type_string"],
    }


@endpoint(method="GET")
def reporting_permits(request: SignedInRequest) -> HttpResponse:
    org = request.sm_claims["organisation"]
    query = request.GET
    statuses = set(query.getlist("status"))
    work_statuses = set(query.getlist("work_status"))
    usrn = query.get("usrn", "").strip()
    street = query.get("street_descriptor", "").strip().upper()
    wrn = query.get("work_reference_number", "").strip().upper()
    prn = query.get("permit_reference_number", "").strip().upper()
    try:
        offset = max(0, int(query.get("offset", "0")))
    except ValueError:
        return error(400, "offset must be a number")
    rows = []
    for entry in state.load()["works"].values():
        # Reporting lists only the caller's organisation's records (works on its network).
        if entry["work"]["highway_authority_swa_code"] != org:
            continue
        for found in entry["permits"].values():
            if statuses and found["permit_status"] not in statuses:
                continue
            if work_statuses and found["work_status"] not in work_statuses:
                continue
            if usrn and str(found["usrn"]) != usrn:
                continue
            if street and street not in found["street_name"].upper():
                continue
            if wrn and found["work_reference_number"] != wrn:
                continue
            if prn and found["permit_reference_number"] != prn:
                continue
            rows.append(_summary_row(entry, found))
    rows.sort(key=lambda row: row["proposed_start_date"])
    page_size = int(state.emulator_settings()["page_size"])
    page = rows[offset : offset + page_size]
    return JsonResponse(
        {
            "pagination": {
                "has_next_page": offset + page_size < len(rows),
                "total_rows": min(len(rows), 501),
            },
            "rows": page,
        }
    )


# --- Event API ----------------------------------------------------------------------------


@endpoint(method="GET")
def works_updates(request: SignedInRequest) -> HttpResponse:
    org = request.sm_claims["organisation"]
    try:
        after = int(float(request.GET.get("update_id", "0") or 0))
        page_size = int(request.GET.get("page_size", "100"))
    except ValueError:
        return error(400, "update_id and page_size must be numbers")
    if not 1 <= page_size <= 250:
        return error(400, "page_size must be between 1 and 250")
    since = request.GET.get("start_date", "")
    rows = [
        {key: value for key, value in event.items() if key != "highway_authority_swa_code"}
        for event in state.load()["events"]
        if event["update_id"] > after
        and event["highway_authority_swa_code"] == org
        # ISO 8601 UTC text with the same layout compares in time order.
        and (not since or event["update_date_time"] >= since)
    ]
    page = rows[:page_size]
    following = rows[page_size]["update_id"] if len(rows) > page_size else None
    return JsonResponse({"rows": page, "next_update": following})


# --- GeoJSON API --------------------------------------------------------------------------


def _envelope(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    points: list[list[float]] = []

    def walk(value: Any) -> None:
        if isinstance(value, list) and value and isinstance(value[0], int | float):
            points.append(value)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(geometry.get("coordinates"))
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


@endpoint(method="GET")
def geojson_works(request: HttpRequest) -> HttpResponse:
    try:
        box = [
            float(request.GET[name])
            for name in ("minEasting", "minNorthing", "maxEasting", "maxNorthing")
        ]
    except (KeyError, ValueError):
        return error(400, "minEasting, minNorthing, maxEasting and maxNorthing are required")
    min_e, min_n, max_e, max_n = box
    features = []
    for entry in state.load()["works"].values():
        found = entry["permits"][entry["active_permit"]]
        geometry = found["works_coordinates"]
        left, bottom, right, top = _envelope(geometry)
        if right < min_e or left > max_e or top < min_n or bottom > max_n:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {**geometry, "type_string": geometry["type"]},
                "properties": {
                    "work_reference_number": found["work_reference_number"],
                    "permit_reference_number": found["permit_reference_number"],
                    "promoter_organisation": found["promoter_organisation"],
                    "promoter_swa_code": found["promoter_swa_code"],
                    "work_category": found["work_category"],
                    "work_category_string": found["work_category_string"],
                    "start_date": found["proposed_start_date"],
                    "end_date": found["proposed_end_date"],
                    "traffic_management_type": found["traffic_management_type"],
                    "traffic_management_type_string": found["traffic_management_type_string"],
                    "street": found["street_name"],
                    "usrn": found["usrn"],
                    "town": found["town"],
                    "area": found["area_name"],
                    "highway_authority": found["highway_authority"],
                    "work_centre_point": {
                        "type": "Point",
                        "coordinates": [(left + right) / 2, (bottom + top) / 2],
                    },
                    "permit_status": found["permit_status"],
                    "permit_status_string": found["permit_status_string"],
                },
            }
        )
    return JsonResponse({"type": "FeatureCollection", "features": features})


# --- Street Lookup API --------------------------------------------------------------------


# Street Manager's lookup finds the streets within 25 m of each point it is given.
STREET_SEARCH_METRES = 25.0


def _street_response(usrn: int, street: dict[str, Any]) -> dict[str, Any]:
    line = street["line"]
    return {
        "usrn": usrn,
        "street_descriptor": street["street_descriptor"],
        "area": street["area"],
        "town": street["town"],
        "authority": fixtures.AUTHORITY_NAMES[street["authority_swa_code"]],
        "authority_swa_code": street["authority_swa_code"],
        "road_category": 3,
        "reinstatement_types": [],
        "traffic_sensitive": False,
        "primary_notice_authorities": [],
        "interest_authorities": [],
        "additional_special_designations_response": [],
        "street_line": {"type": "MultiLineString", "coordinates": [line]},
        "street_centre_point": {"type": "Point", "coordinates": line[len(line) // 2]},
    }


@endpoint(method="GET")
def nsg_street(request: HttpRequest, usrn: int) -> HttpResponse:
    street = fixtures.STREETS.get(usrn)
    if street is None:
        return error(404, "Street not found")
    return JsonResponse(_street_response(usrn, street))


@endpoint(method="POST")
def nsg_streets_near(request: HttpRequest) -> HttpResponse:
    try:
        body = json.loads(request.body or b"{}")
        points = [(float(p["easting"]), float(p["northing"])) for p in body["coordinates"]]
    except (ValueError, TypeError, KeyError):
        return error(400, "coordinates must be a list of {easting, northing}")
    if not points:
        return error(400, "coordinates must not be empty")
    found = [
        _street_response(usrn, street)
        for usrn, street in fixtures.STREETS.items()
        if any(
            geometry.distance_to_line(point, street["line"]) <= STREET_SEARCH_METRES
            for point in points
        )
    ]
    return JsonResponse(found, safe=False)


@endpoint(method="GET")
def nsg_search(request: HttpRequest) -> HttpResponse:
    words = request.GET.get("query", "").strip().upper()
    if not words:
        return error(400, "query is required")
    return JsonResponse(
        [
            {
                "usrn": usrn,
                "street_descriptor": street["street_descriptor"],
                "area": street["area"],
                "town": street["town"],
                "administrative_area": street["area"],
                "street_centre_point": {
                    "type": "Point",
                    "coordinates": street["line"][len(street["line"]) // 2],
                },
            }
            for usrn, street in fixtures.STREETS.items()
            if words in street["street_descriptor"]
        ],
        safe=False,
    )


@endpoint(method="GET", auth=False)
def status(request: HttpRequest, api: str) -> HttpResponse:
    return JsonResponse({"status": "ok", "api": api})


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error(404, "Not found")
