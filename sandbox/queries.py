"""POST /search and POST /events, and the `/dtros/all` CSV export.

Scalar filters run in SQL; list membership, date operators and areas run in Python so the
same code works on SQLite and PostgreSQL. Fine for a sandbox's volumes.
"""

from __future__ import annotations

import csv
import io
import json
import operator
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

import numpy as np
import shapely
from django.conf import settings
from django.core import signing
from django.db.models import Q
from shapely.errors import GEOSException

from dtro_validation.geometry import GeometryError, read_ewkt
from sandbox import clock
from sandbox.errors import ServiceError, bad_request, e1, problem
from sandbox.indexing import local_iso, parse_local, places_geometries
from sandbox.models import SandboxDtro

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}
STRING_LIMITS = {
    "troName": 500,
    "regulationType": 60,
    "vehicleType": 40,
    "orderReportingPoint": 50,
    "regulatedPlaceType": 20,
}
EXPORT_SALT = "sandbox.dtros-all"
EXPORT_MAX_AGE_SECONDS = 60 * 60


def _fits_int32(value: int) -> bool:
    return -(2**31) <= value < 2**31


def _lower_keys(body: dict[str, Any]) -> dict[str, Any]:
    # The service binds request members case-insensitively.
    return {str(k).lower(): v for k, v in body.items()}


class _Form:
    """Collects E5 errors the way ASP.NET model binding reports them."""

    def __init__(self, body: object) -> None:
        if not isinstance(body, dict):
            raise problem({"$": ["The request body must be a JSON object."]})
        self.body = _lower_keys(body)
        self.errors: dict[str, list[str]] = {}

    def fail(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)

    def integer(self, name: str, low: int, high: int, *, required: bool) -> int | None:
        value = self.body.get(name.lower())
        if value is None:
            if required:
                self.fail(name, f"The {name[0].upper() + name[1:]} field is required.")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(
                name, f"The JSON value could not be converted to System.Int32. Path: $.{name}"
            )
            return None
        if not low <= value <= high:
            self.fail(
                name, f"The field {name[0].upper() + name[1:]} must be between {low} and {high}."
            )
            return None
        return value

    def moment(
        self, body: dict[str, Any], name: str, *, required: bool = False, prefix: str = ""
    ) -> datetime | None:
        value = body.get(name.lower())
        if value is None:
            if required:
                self.fail(name, f"The {name[0].upper() + name[1:]} field is required.")
            return None
        moment = parse_utc(value)
        if moment is None:
            self.fail(
                prefix + name,
                f"The JSON value could not be converted to System.DateTime. Path: $.{name}",
            )
        return moment

    def done(self) -> None:
        if self.errors:
            raise problem(self.errors)


def parse_utc(value: object) -> datetime | None:
    """Request date-times: zone-less values are taken as UTC, as the service does."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        # Normalise to UTC: the database refuses odd offsets such as -23:31.
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        return None


class _Filter:
    """One search query (or the events body): fields AND-ed together."""

    def __init__(self, form: _Form, raw: object, prefix: str, *, by_area: bool = False) -> None:
        self.sql = Q()
        self.python: list[Callable[[SandboxDtro], bool]] = []
        self.include_deleted_only = False
        if not isinstance(raw, dict):
            form.fail(prefix or "$", "The query must be a JSON object.")
            return
        body = _lower_keys(raw)
        for name in ("traCreator", "currentTraOwner"):
            value = body.get(name.lower())
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or not _fits_int32(value):
                form.fail(f"{prefix}{name}", f"The field {name} must be a 32-bit integer.")
            else:
                field = "tra_creator" if name == "traCreator" else "current_tra_owner"
                self.sql &= Q(**{field: value})
        for name, limit in STRING_LIMITS.items():
            value = body.get(name.lower())
            if value is None:
                continue
            if not isinstance(value, str) or len(value) > limit:
                form.fail(
                    f"{prefix}{name}",
                    f"The field {name} must be a string with a maximum length of {limit}.",
                )
            elif name == "troName":
                self.sql &= Q(tro_name__icontains=value)
            else:
                self.python.append(_member(name, value))
        for name, field in (
            ("publicationTime", "created__gte"),
            ("modificationTime", "last_updated__gte"),
            ("modifiedFrom", "last_updated__gte"),
            ("modifiedTo", "last_updated__lte"),
        ):
            moment = form.moment(body, name, prefix=prefix)
            if moment is not None:
                self.sql &= Q(**{field: moment})
        for name, field in (
            ("deletionTime", "deletion_time__gte"),
            ("deletedFrom", "deletion_time__gte"),
            ("deletedTo", "deletion_time__lte"),
        ):
            moment = form.moment(body, name, prefix=prefix)
            if moment is not None:
                self.sql &= Q(**{field: moment})
                self.include_deleted_only = True
        for name, attribute in (
            ("regulationStart", "regulation_starts"),
            ("regulationEnd", "regulation_ends"),
        ):
            value = body.get(name.lower())
            if value is None:
                continue
            check = _date_operator(form, f"{prefix}{name}", value, attribute)
            if check is not None:
                self.python.append(check)
        # Only search takes an area; the events body has no such member.
        area = body.get("geometry") if by_area else None
        if area is not None:
            check = _area(form, f"{prefix}geometry", area)
            if check is not None:
                self.python.append(check)

    def q(self, *, events: bool) -> Q:
        if events:
            return self.sql
        return self.sql & Q(deleted=self.include_deleted_only)

    def matches(self, dtro: SandboxDtro) -> bool:
        return all(check(dtro) for check in self.python)


_MEMBER_FIELDS = {
    "regulationType": "regulation_types",
    "vehicleType": "vehicle_types",
    "orderReportingPoint": "order_reporting_points",
    "regulatedPlaceType": "regulated_place_types",
}


def _member(name: str, value: str) -> Callable[[SandboxDtro], bool]:
    attribute = _MEMBER_FIELDS[name]
    return lambda dtro: value in (getattr(dtro, attribute) or [])


def _date_operator(
    form: _Form, key: str, raw: object, attribute: str
) -> Callable[[SandboxDtro], bool] | None:
    body = _lower_keys(raw) if isinstance(raw, dict) else {}
    symbol, value = body.get("operator"), body.get("value")
    if symbol not in OPERATORS:
        form.fail(f"{key}.operator", "The operator must be one of =, >, >=, <, <=.")
        return None
    target = parse_local(value) if isinstance(value, str) else None
    if target is None:
        form.fail(f"{key}.value", "The value field is required and must be a date-time.")
        return None
    compare = OPERATORS[symbol]

    def check(dtro: SandboxDtro) -> bool:
        moments = (parse_local(v) for v in getattr(dtro, attribute) or [])
        return any(m is not None and compare(m, target) for m in moments)

    return check


Bounds = tuple[float, float, float, float]
# (id, last updated) -> bounds and geometries of its places, so each version of a D-TRO is
# read once rather than on every area search; cleared whole when full (a sandbox's volumes).
_PLACES_CACHE_LIMIT = 20_000
_places_cache: dict[tuple[Any, datetime], tuple[Bounds, Any] | None] = {}


def _places(dtro: SandboxDtro) -> tuple[Bounds, Any] | None:
    key = (dtro.pk, dtro.last_updated)
    if key in _places_cache:
        return _places_cache[key]
    parts = places_geometries(dtro.data)
    entry: tuple[Bounds, Any] | None = None
    if parts:
        array = np.array(parts, dtype=object)
        min_x, min_y, max_x, max_y = (float(v) for v in shapely.total_bounds(array))
        entry = ((min_x, min_y, max_x, max_y), array)
    if len(_places_cache) >= _PLACES_CACHE_LIMIT:
        _places_cache.clear()
    _places_cache[key] = entry
    return entry


def _area(form: _Form, key: str, raw: object) -> Callable[[SandboxDtro], bool] | None:
    """A D-TRO matches when its places intersect the area (or, set so, lie within it)."""
    try:
        # read_ewkt drops any SRID prefix: the service always assumes British National Grid.
        area = read_ewkt(raw) if isinstance(raw, str) else None
    except GeometryError:
        area = None
    if area is None:
        form.fail(key, "The field geometry must be valid WKT in British National Grid.")
        return None
    if not area.is_valid:
        area = shapely.make_valid(area)
    shapely.prepare(area)
    a_min_x, a_min_y, a_max_x, a_max_y = area.bounds
    within = settings.SANDBOX_SEARCH_GEOMETRY_MATCH == "within"

    def check(dtro: SandboxDtro) -> bool:
        places = _places(dtro)
        if places is None:
            return False
        (min_x, min_y, max_x, max_y), parts = places
        # Boxes first: most orders are nowhere near the area and need no exact test.
        try:
            if within:
                if min_x < a_min_x or min_y < a_min_y or max_x > a_max_x or max_y > a_max_y:
                    return False
                # Every part covered: the union lies within (an edge shared counts as inside).
                return bool(shapely.covers(area, parts).all())
            if max_x < a_min_x or max_y < a_min_y or min_x > a_max_x or min_y > a_max_y:
                return False
            return bool(shapely.intersects(area, parts).any())
        except GEOSException:
            return False

    return check


def _lists(dtro: SandboxDtro) -> dict[str, list[Any]]:
    return {
        "regulationType": dtro.regulation_types,
        "vehicleType": dtro.vehicle_types,
        "orderReportingPoint": dtro.order_reporting_points,
    }


def search(body: object) -> dict[str, Any]:
    form = _Form(body)
    page = form.integer("page", 1, 2_147_483_647, required=True)
    page_size = form.integer("pageSize", 1, 50, required=True)
    queries = form.body.get("queries")
    if not isinstance(queries, list) or not queries:
        form.fail("queries", "The field Queries must be a non-empty array.")
        queries = []
    filters = [_Filter(form, q, f"queries[{i}].", by_area=True) for i, q in enumerate(queries)]
    form.done()
    assert page is not None and page_size is not None
    # Queries are OR-ed: each selects its own records, the union is ordered by creation.
    matched: dict[Any, SandboxDtro] = {}
    for f in filters:
        for dtro in SandboxDtro.objects.filter(f.q(events=False)):
            if f.matches(dtro):
                matched[dtro.pk] = dtro
    matches = sorted(matched.values(), key=lambda d: d.created)
    chunk = matches[(page - 1) * page_size : page * page_size]
    results = [
        {
            "troName": d.tro_name,
            "publicationTime": clock.iso_utc(d.created),
            "trafficAuthorityCreatorId": d.tra_creator,
            "trafficAuthorityOwnerId": d.current_tra_owner,
            **_lists(d),
            "regulatedPlaceTypes": d.regulated_place_types,
            "regulationStart": [local_iso(v) for v in d.regulation_starts],
            "regulationEnd": [local_iso(v) for v in d.regulation_ends],
            "id": str(d.pk),
        }
        for d in chunk
    ]
    # An empty answer reports the page asked, as the service does.
    return {"results": results, "page": page, "pageSize": len(results), "totalCount": len(matches)}


def events(body: object) -> dict[str, Any]:
    form = _Form(body)
    page = form.integer("page", 1, 2_147_483_647, required=True)
    page_size = form.integer("pageSize", 1, 50, required=True)
    since = form.moment(form.body, "since", required=True)
    until = form.moment(form.body, "to", required=True)
    event_type = form.body.get("eventtype")
    selection = _Filter(form, form.body, "")
    form.done()
    assert page is not None and page_size is not None and since and until
    now = clock.now()
    if since > now:
        raise bad_request("The datetime for the since field cannot be in the future.")
    if until > now:
        raise bad_request("The datetime for the to field cannot be in the future.")
    if until < since:
        raise bad_request("The datetime for the to field cannot be before the since field.")
    if event_type is not None and event_type not in {"create", "update", "delete"}:
        raise bad_request(
            "Invalid eventType, please use one of the following: delete, create, update"
        )
    # Stored times keep microseconds; the service truncates them to whole seconds, so a
    # `to` of 09:00:00 covers everything that happened during that second.
    until = until.replace(microsecond=999_999)
    window = (
        Q(created__range=(since, until))
        | Q(last_updated__range=(since, until))
        | Q(deletion_time__range=(since, until))
    )
    found: list[dict[str, Any]] = []
    for dtro in SandboxDtro.objects.filter(selection.q(events=True) & window):
        if selection.matches(dtro):
            of_record = _events_of(dtro, since)
            # Like the service, eventType selects records (one with such an event in the
            # window), then each record is expanded into all of its events.
            if not event_type or any(e["eventType"] == event_type for e in of_record):
                found += of_record
    if not found:
        raise e1(404, "Not Found", "No event found matching the criteria.")
    found.sort(key=lambda e: e["_at"], reverse=True)
    chunk = found[(page - 1) * page_size : page * page_size]
    for event in chunk:
        event.pop("_at")
    return {"events": chunk, "page": page, "pageSize": len(chunk), "totalCount": len(found)}


def _events_of(dtro: SandboxDtro, since: datetime) -> list[dict[str, Any]]:
    base = {
        "id": str(dtro.pk),
        "publicationTime": clock.iso_utc(dtro.last_updated),
        "traCreator": dtro.tra_creator,
        "currentTraOwner": dtro.current_tra_owner,
        "troName": dtro.tro_name,
        **_lists(dtro),
        "regulationStart": [local_iso(v) for v in dtro.regulation_starts],
        "regulationEnd": [local_iso(v) for v in dtro.regulation_ends],
    }
    moments: list[tuple[str, datetime]] = []
    if dtro.created >= since:
        moments.append(("create", dtro.created))
    if dtro.last_updated != dtro.created and dtro.last_updated >= since:
        moments.append(("update", dtro.last_updated))
    if dtro.deleted and dtro.deletion_time and dtro.deletion_time >= since:
        moments.append(("delete", dtro.deletion_time))
    return [
        {
            **base,
            "eventType": kind,
            "eventTime": clock.iso_utc(moment),
            "_links": {"self": f"/dtros/{dtro.pk}"},
            "_at": moment,
        }
        for kind, moment in moments
    ]


# --- /dtros/all -------------------------------------------------------------------------


def export_token() -> str:
    """A signed, timestamped name for today's CSV; the URL carries it."""
    name = f"dtros_{clock.now().strftime('%Y%m%d_%H%M%S')}.csv"
    return signing.TimestampSigner(salt=EXPORT_SALT).sign(name)


def check_export_token(token: str) -> str:
    try:
        return signing.TimestampSigner(salt=EXPORT_SALT).unsign(
            token, max_age=EXPORT_MAX_AGE_SECONDS
        )
    except signing.SignatureExpired as exc:
        raise ServiceError(403, "Request has expired") from exc
    except signing.BadSignature as exc:
        raise ServiceError(403, "The request signature we calculated does not match") from exc


CSV_COLUMNS = [
    "id",
    "schemaVersion",
    "traCreator",
    "currentTraOwner",
    "troName",
    "created",
    "lastUpdated",
    "data",
]


def export_rows() -> Iterable[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield buffer.getvalue()
    for dtro in SandboxDtro.objects.filter(deleted=False).order_by("created").iterator():
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(
            [
                dtro.pk,
                dtro.schema_version,
                dtro.tra_creator,
                dtro.current_tra_owner,
                dtro.tro_name,
                clock.iso_utc(dtro.created),
                clock.iso_utc(dtro.last_updated),
                json.dumps(dtro.data, separators=(",", ":")),
            ]
        )
        yield buffer.getvalue()
