"""Finding works in Street Manager and starting TTRO drafts from their permits."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from dtro_app.drafting.services import create_dtro
from dtro_app.models import Dtro, RevisionOrigin, TrafficAuthority
from dtro_app.orders.preview import shapes_of, svg_points
from dtro_validation import geometry
from dtro_validation.geometry import GeometryError, from_geojson
from streetworks.client import NotFound, StreetManagerClient
from streetworks.models import StreetManagerAccount, StreetManagerEnvironment, WorksLink
from streetworks.prefill import build_ttro, describe_tm, local_moment, parse_instant

# The fields whose change means a linked order may no longer match the works.
SNAPSHOT_FIELDS = (
    "permit_reference_number",
    "proposed_start_date",
    "proposed_start_time",
    "proposed_end_date",
    "proposed_end_time",
    "actual_start_date",
    "actual_stop_date",
    "works_coordinates",
    "usrn",
    "traffic_management_type",
    "current_traffic_management_type",
    "permit_status",
    "work_status",
)
PERMIT_REFERENCE = re.compile(r"^[A-Z0-9_-]{4,40}-\d{2}$")


def use_emulator_account(authority: TrafficAuthority, emulator_url: str) -> StreetManagerAccount:
    """Point the TRA's Street Manager account at the bundled emulator (demo and tests).

    Saved only when something differs: saving moves `updated_at`, which drops the account's
    cached tokens, so running the demo set-up again must not sign everyone out.
    """

    account = StreetManagerAccount.objects.filter(authority=authority).first()
    account = account or StreetManagerAccount(authority=authority)
    wanted = {
        "environment": StreetManagerEnvironment.EMULATOR,
        "base_url": emulator_url,
        "email": f"api@{authority.code}.streetmanager.example",
        "is_active": True,
    }
    password = settings.STREET_MANAGER_EMULATOR_PASSWORD
    differs = [name for name, value in wanted.items() if getattr(account, name) != value]
    if (
        account.pk is None
        or differs
        or not account.encrypted_password
        or (account.get_password() != password)
    ):
        for name, value in wanted.items():
            setattr(account, name, value)
        account.set_password(password)
        account.save()
    return account


class NoStreetManagerAccount(Exception):
    """The TRA has no active Street Manager account; an administrator must add one."""


def authority_for(user: Any) -> TrafficAuthority | None:
    """The officer's TRA whose Street Manager account lookups use (the first with one)."""
    authorities = list(TrafficAuthority.objects.for_user(user))
    with_account = [a for a in authorities if _active_account(a) is not None]
    candidates = with_account or authorities
    return candidates[0] if candidates else None


def _active_account(authority: TrafficAuthority) -> StreetManagerAccount | None:
    return StreetManagerAccount.objects.filter(authority=authority, is_active=True).first()


def client_for(authority: TrafficAuthority) -> StreetManagerClient:
    account = _active_account(authority)
    if account is None:
        raise NoStreetManagerAccount(
            f"{authority.name} has no Street Manager account yet. Ask an administrator to add one."
        )
    # For pages: fail fast with a clear message rather than sleep between retries in the
    # request; the sync task builds its own client, which retries.
    return StreetManagerClient(account, max_retries=0)


@dataclass(frozen=True)
class WorksSummary:
    """One row of search results, whichever Street Manager API it came from."""

    work_reference: str
    permit_reference: str
    street: str
    town: str
    usrn: int | None
    traffic_management: str
    start: str
    end: str
    status: str


def _summary(row: dict[str, Any]) -> WorksSummary:
    start = parse_instant(row.get("proposed_start_date") or row.get("start_date"))
    end = parse_instant(row.get("proposed_end_date") or row.get("end_date"))
    return WorksSummary(
        work_reference=row.get("work_reference_number", ""),
        permit_reference=row.get("permit_reference_number", ""),
        street=str(row.get("street") or row.get("street_name") or "").title(),
        town=str(row.get("town") or "").title(),
        usrn=int(row["usrn"]) if row.get("usrn") is not None else None,
        traffic_management=describe_tm(row),
        start=timezone.localtime(start).strftime("%-d %B %Y") if start else "",
        end=timezone.localtime(end).strftime("%-d %B %Y") if end else "",
        status=str(row.get("status_string") or row.get("permit_status_string") or ""),
    )


def street_or_none(client: StreetManagerClient, usrn: int) -> dict[str, Any] | None:
    """The NSG street with this USRN, or None when Street Manager knows no such street."""
    try:
        street = client.street(usrn)
    except NotFound:
        return None
    return {
        "usrn": street.get("usrn"),
        "name": str(street.get("street_descriptor") or "").title(),
        "town": str(street.get("town") or "").title(),
        "authority": street.get("authority", ""),
    }


def streets_near(client: StreetManagerClient, easting: float, northing: float) -> list[dict]:
    """The NSG streets Street Manager finds within 25 m of a point, nearest first: what a map
    proposes for a regulated place's USRN and snaps a drawing to."""
    found = []
    for street in client.streets_near([(easting, northing)]):
        lines = (street.get("street_line") or {}).get("coordinates") or []
        line = lines[0] if lines else []
        found.append(
            {
                "usrn": street.get("usrn"),
                "name": str(street.get("street_descriptor") or "").title(),
                "town": str(street.get("town") or "").title(),
                "line": line,
                "metres": round(geometry.distance_to_line((easting, northing), line), 1)
                if len(line) >= 2
                else None,
            }
        )
    return sorted(found, key=lambda street: (street["metres"] is None, street["metres"] or 0))


# Street Lookup finds streets within 25 m of a point: sample points 35 m apart leave no
# spot of a box further than 35 / sqrt(2) = 24.7 m from one, so every street crossing the
# box is found.
STREET_SAMPLE_METRES = 35.0
STREET_POINTS_PER_CALL = 300
STREETS_BOX_MAX_METRES = 1_000.0
STREETS_CACHE_SECONDS = 24 * 60 * 60


def sample_points(box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """A grid over the box, its edges included, no two neighbours more than 35 m apart."""
    min_x, min_y, max_x, max_y = box
    columns = max(1, math.ceil((max_x - min_x) / STREET_SAMPLE_METRES))
    rows = max(1, math.ceil((max_y - min_y) / STREET_SAMPLE_METRES))
    return [
        (
            round(min_x + (max_x - min_x) * column / columns, 1),
            round(min_y + (max_y - min_y) * row / rows, 1),
        )
        for column in range(columns + 1)
        for row in range(rows + 1)
    ]


def streets_in_box(
    client: StreetManagerClient, box: tuple[float, float, float, float]
) -> dict[str, Any]:
    """GeoJSON (EPSG:27700) of the NSG streets crossing a box, for the map's street layer.

    Cached a day per Street Manager account and box: the map asks for fixed 500 m tiles, so
    the street network of an area is looked up once a day whoever looks at it.
    """
    account = client.account
    key = "streetworks:streets:{}:{}:{}".format(
        account.pk, account.environment, ":".join(f"{value:.0f}" for value in box)
    )
    cached = cache.get(key)
    if cached is not None:
        return cached
    points = sample_points(box)
    streets: dict[Any, dict[str, Any]] = {}
    for start in range(0, len(points), STREET_POINTS_PER_CALL):
        for street in client.streets_near(points[start : start + STREET_POINTS_PER_CALL]):
            line = street.get("street_line") or {}
            if street.get("usrn") is None or not line.get("coordinates"):
                continue
            streets[street["usrn"]] = {
                "type": "Feature",
                "id": street["usrn"],
                "geometry": line,
                "properties": {
                    "usrn": street["usrn"],
                    "name": str(street.get("street_descriptor") or "").title(),
                },
            }
    collection = {"type": "FeatureCollection", "features": list(streets.values())}
    cache.set(key, collection, STREETS_CACHE_SECONDS)
    return collection


def find_works(
    client: StreetManagerClient,
    *,
    reference: str = "",
    usrn: str = "",
    street: str = "",
    bbox: tuple[float, float, float, float] | None = None,
) -> list[WorksSummary]:
    """Works matching one way of looking: a works or permit reference, a USRN or street, a box."""
    if reference:
        reference = reference.strip().upper()
        if PERMIT_REFERENCE.match(reference):
            rows = list(client.iter_permits(permit_reference_number=reference))
        else:
            rows = list(client.iter_permits(work_reference_number=reference))
    elif usrn:
        rows = list(client.iter_permits(usrn=int(usrn)))
    elif street:
        # Street Manager matches street names as substrings: narrow to live works.
        rows = list(
            client.iter_permits(
                street_descriptor=street.strip(), work_status=["planned", "in_progress"]
            )
        )
    elif bbox:
        collection = client.works_in_bbox(*bbox)
        rows = [feature.get("properties") or {} for feature in collection.get("features") or []]
    else:
        return []
    return [_summary(row) for row in rows]


@dataclass(frozen=True)
class MapShape:
    """One works drawn on the map: BNG metres, with northings negated for SVG's y axis."""

    work_reference: str
    kind: str  # point, line or area
    points: str
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class WorksMap:
    view_box: str
    marker_radius: float
    shapes: list[MapShape]
    moves: dict[str, str]  # direction -> query string of the neighbouring box


def _box_query(box: tuple[float, float, float, float]) -> str:
    names = ("min_easting", "min_northing", "max_easting", "max_northing")
    return "&".join(f"{name}={round(value)}" for name, value in zip(names, box, strict=True))


def _north_up(x: float, y: float) -> tuple[float, float]:
    """The map's viewBox is in BNG metres; SVG's y grows downwards, so northings are negated."""
    return x, -y


def works_map(features: list[dict[str, Any]], bbox: tuple[float, float, float, float]) -> WorksMap:
    """An SVG-ready plan of the works in `bbox`, with the boxes to pan and zoom to."""
    min_e, min_n, max_e, max_n = bbox
    width, height = max_e - min_e, max_n - min_n
    shapes = []
    for feature in features:
        geometry = feature.get("geometry") or {}
        props = feature.get("properties") or {}
        try:
            parts = shapes_of(from_geojson(geometry))
        except GeometryError:
            continue
        points = [xy for part in parts for ring in part.rings for xy in ring]
        if not points:
            continue
        kind = {"Point": "point", "LineString": "line", "MultiLineString": "line"}.get(
            geometry.get("type", ""), "area"
        )
        shapes.append(
            MapShape(
                work_reference=str(props.get("work_reference_number", "")),
                kind=kind,
                points=svg_points(points, _north_up),
                x=sum(x for x, _ in points) / len(points),
                y=-sum(y for _, y in points) / len(points),
                label=f"{props.get('work_reference_number', '')}: {describe_tm(props)}, "
                f"{str(props.get('street') or '').title()}",
            )
        )
    half_w, half_h = width / 2, height / 2
    moves = {
        "north": (min_e, min_n + half_h, max_e, max_n + half_h),
        "south": (min_e, min_n - half_h, max_e, max_n - half_h),
        "west": (min_e - half_w, min_n, max_e - half_w, max_n),
        "east": (min_e + half_w, min_n, max_e + half_w, max_n),
        "zoom in": (min_e + width / 4, min_n + height / 4, max_e - width / 4, max_n - height / 4),
        "zoom out": (min_e - half_w, min_n - half_h, max_e + half_w, max_n + half_h),
    }
    return WorksMap(
        view_box=f"{min_e:.1f} {-max_n:.1f} {width:.1f} {height:.1f}",
        marker_radius=max(width, height) / 60,
        shapes=shapes,
        moves={name: _box_query(box) for name, box in moves.items()},
    )


def search_map(
    client: StreetManagerClient, bbox: tuple[float, float, float, float]
) -> tuple[list[WorksSummary], WorksMap]:
    features = client.works_in_bbox(*bbox).get("features") or []
    rows = [_summary(feature.get("properties") or {}) for feature in features]
    return rows, works_map(features, bbox)


def active_permit_of(work: dict[str, Any], permit_reference: str = "") -> dict[str, Any] | None:
    permit = work.get("active_permit")
    if permit_reference and (permit or {}).get("permit_reference_number") != permit_reference:
        return None
    return permit


def snapshot_of(permit: dict[str, Any]) -> dict[str, Any]:
    return {field: permit.get(field) for field in SNAPSHOT_FIELDS}


def works_details(permit: dict[str, Any]) -> dict[str, Any]:
    """What the works page shows, in the officer's words and local times."""

    start = local_moment(
        permit.get("proposed_start_date"), permit.get("proposed_start_time"), time(0, 0)
    )
    end = local_moment(
        permit.get("proposed_end_date"), permit.get("proposed_end_time"), time(23, 59)
    )
    return {
        "start": start,
        "end": end,
        "traffic_management": describe_tm(permit),
        "ttro_required": permit.get("is_ttro_required"),
        "geometry_type": (permit.get("works_coordinates") or {}).get("type", ""),
        "street": str(permit.get("street_name") or "").title(),
        "town": str(permit.get("town") or "").title(),
    }


@transaction.atomic
def start_ttro(
    *, authority: TrafficAuthority, user: Any, work_reference: str, permit: dict[str, Any]
) -> Dtro:
    """A draft TTRO pre-filled from `permit`, linked to its works for later sync."""
    envelope, prefilled = build_ttro(permit, authority.code)
    prn = permit.get("permit_reference_number", "")
    dtro = create_dtro(
        authority=authority,
        user=user,
        document=envelope,
        origin=RevisionOrigin.STREET_MANAGER,
        note=f"Started from Street Manager permit {prn} (works {work_reference})",
        prefilled_fields=prefilled,
    )
    snapshot = snapshot_of(permit)
    WorksLink.objects.create(
        dtro=dtro,
        authority=authority,
        work_reference=work_reference,
        permit_reference=prn,
        usrn=int(permit["usrn"]) if permit.get("usrn") is not None else None,
        street_name=str(permit.get("street_name") or "").title(),
        snapshot=snapshot,
        synced_at=timezone.now(),
    )
    return dtro
