"""What a document template is filled in from: plain data read from an order's current
version (strings, numbers, lists and dicts only; never a model, so a template reaches
nothing else). `PLACEHOLDERS` documents each name for the supervisors' template page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from documents.kinds import DocumentKind
from documents.mapimage import map_image
from documents.times import validities_of
from dtro_app.approvals import phrases
from dtro_app.labels import NOT_GIVEN, as_list, label
from dtro_app.maps.features import regulation_types_of
from dtro_app.models import Dtro
from dtro_app.orders.provisions import place_kinds, provision_rows
from dtro_validation.document_parts import places_of, provision_list_of, source_of

# Statutory minimum for objections to a proposed permanent order (21 days, 1996 Regulations).
OBJECTION_DAYS = 21

PLACEHOLDERS: list[tuple[str, str]] = [
    ("document.title", "The document's name, for example “Notice of proposal”."),
    ("authority.name, authority.code", "Your TRA's name and TRA code."),
    ("order.name", "The order's title (troName)."),
    ("order.reference", "The portal's reference, for example DTRO-000042."),
    ("order.tra_reference", "The order's own reference in its data, if any."),
    ("order.service_id", "The D-TRO service's id, once published."),
    ("order.section, order.description", "The order's section and statement description."),
    ("order.made_date, order.coming_into_force", "Dates in words, for example 1 January 2025."),
    ("order.state, order.revision", "Its state in the portal and the version number used."),
    (
        "provisions",
        "A list; each has number, reference, description, regulations (list), "
        "places (list of description, kind and is_diversion), place_names (the places that are "
        "not diversion routes), times (list of starts, ends, text and periods, "
        "each period with days, days_in_words and times), when, conditions (list) and "
        "reporting_point.",
    ),
    ("places", "Every place: provision, description, kind and is_diversion."),
    ("roads", "The names of the places regulated (no diversion routes), each once."),
    ("diversions", "The names of diversion routes, each once."),
    ("regulations", "Every kind of regulation in the order, each once."),
    ("starts, ends", "The earliest start and latest end given in the order, in words."),
    ("today, objection_deadline", f"Today and {OBJECTION_DAYS} days from today, in words."),
    ("schedule_table", "The ready-made table of provisions, with caption and headers."),
    (
        "map_figure",
        "The map image of the places with its description, or nothing when no "
        "place can be drawn; has_map says which.",
    ),
]


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value and value != NOT_GIVEN))


def _places(provision: dict[str, Any], number: int) -> list[dict[str, Any]]:
    places = []
    for place in places_of(provision, lone=True):
        kinds = [kind.lower() for kind in place_kinds(place)]
        places.append(
            {
                "provision": number,
                "description": str(place.get("description") or "Unnamed place"),
                "kind": ", ".join(kinds),
                "is_diversion": place.get("type") == "diversionRoute",
            }
        )
    return places


def _regulation_conditions(provision: dict[str, Any]) -> list[Any]:
    return [
        regulation.get(key)
        for regulation in as_list(provision.get("regulation"))
        if isinstance(regulation, dict)
        for key in ("condition", "conditionSet")
    ]


def provisions_of(document: Any, version: str | None) -> list[dict[str, Any]]:
    rows = {row.number: row for row in provision_rows(document)}
    provisions = []
    for index, provision in enumerate(provision_list_of(document)):
        row = rows.get(index + 1)
        if row is None or not isinstance(provision, dict):
            continue
        times = validities_of(_regulation_conditions(provision), version)
        places = _places(provision, row.number)
        coming_into_force = phrases.when(provision.get("comingIntoForceDate"))
        when = "; ".join(t["text"] for t in times if t["text"])
        if not when and coming_into_force:
            when = f"From {coming_into_force}"
        point = provision.get("orderReportingPoint")
        provisions.append(
            {
                "number": row.number,
                "reference": str(row.reference),
                "description": str(row.description),
                "regulations": [
                    label(code, "regulationType", version)
                    for code in regulation_types_of(provision)
                ]
                or [NOT_GIVEN],
                "places": places,
                "place_names": _unique(
                    [place["description"] for place in places if not place["is_diversion"]]
                ),
                "times": times,
                "when": when or NOT_GIVEN,
                "coming_into_force": coming_into_force,
                "conditions": [str(condition) for condition in row.conditions],
                "reporting_point": label(point, "orderReportingPointType", version)
                if point
                else "",
            }
        )
    return provisions


def _order(dtro: Dtro, document: Any, revision_number: int | None) -> dict[str, Any]:
    source = source_of(document) or {}
    return {
        "name": dtro.name or "Untitled order",
        "reference": dtro.reference,
        "tra_reference": str(source.get("reference") or ""),
        "service_id": str(dtro.service_id or ""),
        "section": str(source.get("section") or ""),
        "description": str(source.get("statementDescription") or ""),
        "made_date": phrases.when(source.get("madeDate")),
        "coming_into_force": phrases.when(source.get("comingIntoForceDate")),
        "state": dtro.get_status_display(),
        "schema_version": dtro.schema_version,
        "revision": revision_number,
    }


def document_context(dtro: Dtro, kind: DocumentKind, *, today: date | None = None) -> dict:
    """Everything a template may use, for the order's current version."""
    revision = dtro.current_revision
    document = revision.document if revision is not None else {}
    version = dtro.schema_version or None
    today = today or date.today()
    provisions = provisions_of(document, version)
    places = [place for provision in provisions for place in provision["places"]]
    times = [t for provision in provisions for t in provision["times"] if not t["is_exception"]]
    image = map_image(document, places)
    data = {
        "document": {"title": kind.label, "kind": kind.value},
        "authority": {"name": dtro.authority.name, "code": dtro.authority.code},
        "order": _order(dtro, document, revision.number if revision else None),
        "provisions": provisions,
        "places": places,
        "roads": _unique([p["description"] for p in places if not p["is_diversion"]]),
        "diversions": _unique([p["description"] for p in places if p["is_diversion"]]),
        "regulations": _unique([r for p in provisions for r in p["regulations"]]),
        # ISO 8601 text sorts as time does.
        "starts": phrases.when(min((t["start_iso"] for t in times if t["start_iso"]), default="")),
        "ends": phrases.when(max((t["end_iso"] for t in times if t["end_iso"]), default="")),
        "today": phrases.day_of(today),
        "objection_deadline": phrases.day_of(today + timedelta(days=OBJECTION_DAYS)),
        "has_map": image is not None,
    }
    # Ready-made parts, rendered by our own templates (trusted) from the same plain data.
    data["schedule_table"] = SafeString(
        render_to_string("documents/_schedule_table.html", {"provisions": provisions})
    )
    data["map_figure"] = SafeString(
        render_to_string("documents/_map_figure.html", {"image": image}) if image else ""
    )
    return data
