"""Checks the D-TRO service makes in code, beyond the JSON Schema.

Every check declares the data-spec versions it applies to and must never crash on malformed
data (it runs after a failed schema stage too, so officers see every problem at once).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property, lru_cache
from typing import Any

from dtro_validation.geometry import GeometryField, check_many, place_label, service_error
from dtro_validation.issues import ADVICE, ERROR, ValidationIssue, pointer
from dtro_validation.registry import version_key
from dtro_validation.walk import compact_dump, dicts_holding, keys_present, string_values

Path = tuple[str | int, ...]

#: regulated-place key -> (coordinates key, service name, types before 3.5.0, types from 3.5.0)
GEOMETRIES: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...]]] = {
    "pointGeometry": ("point", "PointGeometry", ("POINT",), ("POINT", "MULTIPOINT")),
    "linearGeometry": (
        "linestring",
        "LinearGeometry",
        ("LINESTRING",),
        ("LINESTRING", "MULTILINESTRING"),
    ),
    "polygon": ("polygon", "Polygon", ("POLYGON",), ("POLYGON", "MULTIPOLYGON")),
    "directedLinear": (
        "directedLineString",
        "DirectedLinear",
        ("LINESTRING",),
        ("LINESTRING", "MULTILINESTRING"),
    ),
}
_LABELS = {"pointGeometry": "point", "linearGeometry": "line", "polygon": "polygon"}
_LABELS["directedLinear"] = "directed line"
# DfT's own examples pair a `new` source with `fullAmendment` provisions, so only revocations
# are worth a word of advice under a new order (neither the schema nor the service forbids them).
_REVOKING = {"fullRevoke", "partialRevoke"}
#: (start key, end key, owning key or None for any) checked for order.
_DATE_PAIRS: tuple[tuple[str, str, str | None], ...] = (
    ("start", "end", "timeValidity"),
    ("startOfPeriod", "endOfPeriod", None),
    ("startValidUsagePeriod", "endValidUsagePeriod", None),
    ("startOfConsultation", "endOfConsultation", None),
)


@dataclass
class Context:
    data: Any
    version: str
    tra_code: int | None
    now: datetime
    issues: list[ValidationIssue] = field(default_factory=list)

    @property
    def key(self) -> tuple[int, ...]:
        return version_key(self.version)

    @cached_property
    def compact(self) -> bytes | None:
        """The data as one compact dump (C speed), searched to rule out walks that would find
        nothing; None when it cannot be dumped (a number too big for orjson, say)."""
        return compact_dump(self.data)

    def add(
        self,
        path: Path,
        code: str,
        message: str,
        service: dict[str, Any] | None = None,
        *,
        severity: str = ERROR,
    ) -> None:
        ptr = pointer("data", *path)
        self.issues.append(
            ValidationIssue(
                path=ptr,
                code=code,
                message=message,
                stage="semantic",
                service=service,
                severity=severity,
            )
        )

    def sources(self) -> Iterator[tuple[Path, dict[str, Any]]]:
        if not isinstance(self.data, dict):
            return
        source = self.data.get("source")
        if isinstance(source, dict):
            yield ("source",), source
        consultation = self.data.get("consultation")
        if isinstance(consultation, dict):
            nested = consultation.get("source")
            if isinstance(nested, dict):
                yield ("consultation", "source"), nested
            elif isinstance(nested, list):
                for k, item in enumerate(nested):
                    if isinstance(item, dict):
                        yield ("consultation", "source", k), item

    def provisions(self) -> Iterator[tuple[Path, dict[str, Any]]]:
        for path, source in self.sources():
            items = source.get("provision")
            if isinstance(items, list):
                for i, item in enumerate(items):
                    if isinstance(item, dict):
                        yield (*path, "provision", i), item

    def places(self) -> Iterator[tuple[Path, dict[str, Any]]]:
        for path, provision in self.provisions():
            items = provision.get("regulatedPlace")
            if isinstance(items, list):
                for j, item in enumerate(items):
                    if isinstance(item, dict):
                        yield (*path, "regulatedPlace", j), item


Check = Callable[[Context], None]


@dataclass(frozen=True)
class SemanticCheck:
    name: str
    func: Check
    since: str
    until: str | None  # exclusive

    def applies_to(self, version: str) -> bool:
        key = version_key(version)
        if key < version_key(self.since):
            return False
        return self.until is None or key < version_key(self.until)


CHECKS: list[SemanticCheck] = []


def check(since: str = "3.4.0", until: str | None = None) -> Callable[[Check], Check]:
    """Register a check for data-spec versions `since` <= v < `until`."""

    def register(func: Check) -> Check:
        CHECKS.append(SemanticCheck(func.__name__, func, since, until))
        return func

    return register


def parse_datetime(value: Any) -> datetime | None:
    # A large order repeats the same few dates in every provision and place: cached by text.
    return _parse_datetime_text(value) if isinstance(value, str) and value else None


@lru_cache(maxsize=4096)
def _parse_datetime_text(value: str) -> datetime | None:
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(text), datetime.min.time())
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _place_label(path: Path, place: dict[str, Any], geom_key: str) -> str:
    """A geometry named by its place, so a message says which: "line of the place ..."."""
    provision, index = path[-3], path[-1]
    if not isinstance(provision, int) or not isinstance(index, int):
        return _LABELS[geom_key]
    return place_label(_LABELS[geom_key], provision, index, place.get("description"))


@check(since="3.4.0")
def geometry_is_valid_wkt_in_great_britain(ctx: Context) -> None:
    multi = ctx.key >= (3, 5, 0)
    pending: list[tuple[Path, str, str, str, str, tuple[str, ...], str]] = []
    for path, place in ctx.places():
        for geom_key, (coords_key, geom_name, old_types, new_types) in GEOMETRIES.items():
            geometry = place.get(geom_key)
            if not isinstance(geometry, dict):
                continue
            label = _place_label(path, place, geom_key)
            version = geometry.get("version")
            if isinstance(version, bool) or not isinstance(version, int) or version < 1:
                ctx.add(
                    (*path, geom_key, "version"),
                    "geometry_version_invalid",
                    f"The geometry version of the {label} must be a whole number of 1 "
                    f"or more (found {version!r}).",
                    {
                        "name": "Invalid geometry version",
                        "message": "Version of geometry linked to a concrete instance of geometry",
                        "path": "Source -> Provision -> RegulatedPlace -> Geometry -> version",
                        "rule": "Version number must be an integer and cannot be '0'",
                    },
                )
            value = geometry.get(coords_key)
            if not isinstance(value, str):
                continue
            if not value.strip():
                ctx.add(
                    (*path, geom_key, coords_key),
                    "wkt_invalid",
                    f"Enter the coordinates of the {label}.",
                    service_error(geom_name, coords_key, "wkt_invalid", value),
                )
                continue
            allowed = new_types if multi else old_types
            pending.append((path, geom_key, coords_key, geom_name, value, allowed, label))
    fields = [GeometryField(p[4], p[5], p[6]) for p in pending]
    for (path, geom_key, coords_key, geom_name, value, _allowed, _label), problems in zip(
        pending, check_many(fields), strict=True
    ):
        for problem in problems:
            ctx.add(
                (*path, geom_key, coords_key),
                problem.code,
                problem.message,
                None
                if problem.advice
                else service_error(geom_name, coords_key, problem.code, value),
                severity=ADVICE if problem.advice else ERROR,
            )


def _reference_lists(geometry: dict[str, Any]) -> Iterator[tuple[str, list[Any]]]:
    for key in ("externalReference", "origin", "intermediateLocation", "destination"):
        items = geometry.get(key)
        if isinstance(items, list):
            yield key, items


@check(since="3.4.0")
def last_update_date_is_not_in_the_future(ctx: Context) -> None:
    # Only a date after now is a problem: when the order holds none, nothing to walk.
    dates = string_values(ctx.compact, "lastUpdateDate")
    if dates is not None and not any(
        (when := parse_datetime(text)) and when > ctx.now for text in dates
    ):
        return
    for path, place in ctx.places():
        for geom_key, (_c, geom_name, _o, _n) in GEOMETRIES.items():
            geometry = place.get(geom_key)
            if not isinstance(geometry, dict):
                continue
            for list_key, items in _reference_lists(geometry):
                for k, item in enumerate(items):
                    if not isinstance(item, dict):
                        continue
                    when = parse_datetime(item.get("lastUpdateDate"))
                    if when is not None and when > ctx.now:
                        label = "ExternalReference" if list_key == "externalReference" else list_key
                        ctx.add(
                            (*path, geom_key, list_key, k, "lastUpdateDate"),
                            "last_update_date_in_future",
                            "The date the street reference (USRN) was last updated cannot be "
                            f"in the future ({item.get('lastUpdateDate')}).",
                            {
                                "name": "Invalid last update date",
                                "message": "Indicates the date the USRN reference was last updated",
                                "path": f"Source -> Provision -> RegulatedPlace -> {geom_name} -> "
                                f"{label} -> lastUpdateDate",
                                "rule": "'lastUpdateDate' cannot be in the future",
                            },
                        )


@check(since="3.4.0")
def provision_references_are_unique(ctx: Context) -> None:
    for source_path, source in ctx.sources():
        provisions = source.get("provision")
        if not isinstance(provisions, list):
            continue
        refs = [p.get("reference") if isinstance(p, dict) else None for p in provisions]
        counts = Counter(r for r in refs if isinstance(r, str) and r.strip())
        seen: set[str] = set()
        reported: set[str] = set()
        for i, ref in enumerate(refs):
            if not isinstance(ref, str) or not ref.strip():
                continue
            if ref in seen and ref not in reported:
                reported.add(ref)
                count = counts[ref]
                ctx.add(
                    (*source_path, "provision", i, "reference"),
                    "duplicate_provision_reference",
                    f"Provision reference '{ref}' is used {count} times. Each provision in a "
                    f"D-TRO needs its own reference.",
                    {
                        "name": f"'{count}' duplication reference",
                        "message": f"Provision reference '{ref}' is present {count} times.",
                        "path": "Source -> Provision -> reference",
                        "rule": "Each provision 'reference' must be unique and of type 'string'",
                    },
                )
            seen.add(ref)


@check(since="3.4.0")
def submitting_tra_owns_the_dtro(ctx: Context) -> None:
    if ctx.tra_code is None:
        return
    tra = ctx.tra_code
    for path, source in ctx.sources():
        creator = source.get("traCreator")
        owner = source.get("currentTraOwner")
        if creator != tra or owner != tra:
            wrong = "traCreator" if creator != tra else "currentTraOwner"
            ctx.add(
                (*path, wrong),
                "tra_not_submitter",
                f"This D-TRO is being submitted for TRA {tra}, so the creating TRA and the "
                f"current owner must both be {tra} (found creator {creator}, owner {owner}).",
                {
                    "name": "Traffic regulation authority code submitted is invalid",
                    "message": f"TRA '{tra}' cannot add/update a TRO for another TRA. (This "
                    f"D-TRO creator ID is '{creator}', owner ID is '{owner}' )",
                    "path": "Source -> traCreator and Source -> currentTraOwner",
                    "rule": f"'{tra}' must be '{creator}' or '{owner}'",
                },
            )
        affected = source.get("traAffected")
        if isinstance(affected, list) and tra not in affected:
            # Advice only: the service does not insist that the submitter is affected.
            ctx.add(
                (*path, "traAffected"),
                "tra_not_affected",
                f"The TRAs affected do not include {tra}, the TRA submitting this D-TRO. The "
                f"D-TRO service accepts this; add {tra} if the order covers your own roads.",
                severity=ADVICE,
            )


@check(since="3.4.0")
def action_types_are_consistent(ctx: Context) -> None:
    for source_path, source in ctx.sources():
        if source.get("actionType") != "new":
            continue
        provisions = source.get("provision")
        if not isinstance(provisions, list):
            continue
        for i, provision in enumerate(provisions):
            if isinstance(provision, dict) and provision.get("actionType") in _REVOKING:
                ctx.add(
                    (*source_path, "provision", i, "actionType"),
                    "action_type_inconsistent",
                    f"This provision is marked to {_describe_action(provision['actionType'])} "
                    f"a provision, but the order is marked as new. The D-TRO service accepts "
                    f"this; check it is what you mean, or mark each provision of a new order "
                    f"as new.",
                    severity=ADVICE,
                )


def _describe_action(action: str) -> str:
    return {
        "fullRevoke": "fully revoke",
        "partialRevoke": "partly revoke",
        "fullAmendment": "fully amend",
        "partialAmendment": "partly amend",
    }.get(action, action)


_PAIR_KEYS = frozenset(key for pair in _DATE_PAIRS for key in pair[:2])


def _walk_pairs(
    node: Any, path: Path, owner: str | None, ctx: Context, starts: frozenset[str]
) -> None:
    if not starts:
        return
    for found, found_path, found_owner in dicts_holding(starts, node, path, owner):
        _check_pairs(found, found_path, found_owner, ctx)


def _check_pairs(node: dict[str, Any], path: Path, owner: str | None, ctx: Context) -> None:
    for start_key, end_key, wanted_owner in _DATE_PAIRS:
        if start_key not in node or end_key not in node:
            continue
        if wanted_owner is not None and wanted_owner != owner:
            continue
        start = parse_datetime(node[start_key])
        end = parse_datetime(node[end_key])
        if start is not None and end is not None and end <= start:
            # The service refuses only a consultation that starts after it ends; the other
            # pairs (and a consultation of no length) it accepts, so they are advice.
            enforced = start_key == "startOfConsultation" and end < start
            ctx.add(
                (*path, end_key),
                "end_before_start",
                f"The end ({node[end_key]}) must be after the start ({node[start_key]})."
                if enforced
                else f"The end ({node[end_key]}) is not after the start ({node[start_key]}). "
                "The D-TRO service accepts this, but check the dates.",
                {
                    "name": f"Invalid '{end_key}'",
                    "message": f"'{start_key}' must be earlier than '{end_key}'",
                    "path": " -> ".join(p for p in ("Source", owner or "", end_key) if p),
                    "rule": f"'{start_key}' must be before '{end_key}'",
                },
                severity=ERROR if enforced else ADVICE,
            )


@check(since="3.4.0")
def starts_precede_ends(ctx: Context) -> None:
    # A pair can only be out of order where both its keys occur: orders often have none.
    present = keys_present(ctx.compact, _PAIR_KEYS)
    starts = frozenset(s for s, e, _o in _DATE_PAIRS if s in present and e in present)
    for path, provision in ctx.provisions():
        regulation = provision.get("regulation")
        if isinstance(regulation, dict | list):
            _walk_pairs(regulation, (*path, "regulation"), "regulation", ctx, starts)
    if isinstance(ctx.data, dict) and isinstance(ctx.data.get("consultation"), dict):
        consultation = ctx.data["consultation"]
        _walk_pairs(
            {k: v for k, v in consultation.items() if k != "source"},
            ("consultation",),
            "consultation",
            ctx,
            starts,
        )
    for path, source in ctx.sources():
        made = source.get("madeDate")
        force = source.get("comingIntoForceDate")
        made_at, force_at = parse_datetime(made), parse_datetime(force)
        if made_at and force_at and made_at > force_at:
            ctx.add(
                (*path, "madeDate"),
                "made_date_after_coming_into_force",
                f"The date the order was made ({made}) cannot be after the date it comes into "
                f"force ({force}).",
                {
                    "name": f"Invalid '{made}'",
                    "message": f"{made} cannot be later then {force}",
                    "path": "Source -> madeDate",
                    "rule": "madeDate if present, must earlier than comingIntoForceDate",
                },
            )


@check(since="3.4.0")
def coming_into_force_is_not_in_the_future(ctx: Context) -> None:
    # The service refuses a date after today (UTC): advice here, as the outbox holds the
    # change until that day (publishing.policy.not_before).
    today = ctx.now.astimezone(UTC).date()
    dated = [(path, source, "TRO") for path, source in ctx.sources()]
    dated += [(path, provision, "provision") for path, provision in ctx.provisions()]
    for path, node, what in dated:
        when = parse_datetime(node.get("comingIntoForceDate"))
        if when is None or when.date() <= today:
            continue
        ctx.add(
            (*path, "comingIntoForceDate"),
            "coming_into_force_in_future",
            f"The date this {'order' if what == 'TRO' else 'provision'} comes into force "
            f"({when:%-d %B %Y}) is in the future. The D-TRO service accepts it only from that "
            f"day, so once approved the portal holds its delivery until then.",
            {
                "name": "Invalid 'comingIntoForceDate'",
                "message": f"The date that the {what} is coming into force",
                "path": f"{'Source' if what == 'TRO' else 'Source -> Provision'} -> "
                "comingIntoForceDate",
                "rule": "comingIntoForceDate can not be in the future",
            },
            severity=ADVICE,
        )


def run_semantic_checks(
    data: Any, version: str, *, tra_code: int | None, now: datetime
) -> list[ValidationIssue]:
    ctx = Context(data=data, version=version, tra_code=tra_code, now=now)
    for registered in CHECKS:
        if registered.applies_to(version):
            registered.func(ctx)
    return ctx.issues
