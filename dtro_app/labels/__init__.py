"""Words for the data model's values, as the pages show them: a plain-English label for every
code of every schema enum, one table per data-spec version (`tables.py`).

    label("kerbsideNoWaiting", "regulationType", "4.0.0")   # "No waiting (yellow lines)"
    choices("dayType", "4.0.0")                             # Monday first, Sunday last
"""

from __future__ import annotations

from dtro_app.labels.lookup import (
    UNGROUPED,
    Labelled,
    choices,
    enum_values,
    grouped_choices,
    in_groups,
    label,
    labelled,
    ordered,
    table_for,
)
from dtro_app.labels.properties import PROPERTY_ENUMS, label_of_property, regulation_label
from dtro_app.labels.regulations import GROUP_OF
from dtro_app.labels.text import NOT_GIVEN, as_list, humanise

__all__ = [
    "GROUP_OF",
    "NOT_GIVEN",
    "PROPERTY_ENUMS",
    "UNGROUPED",
    "Labelled",
    "as_list",
    "choices",
    "enum_values",
    "grouped_choices",
    "humanise",
    "in_groups",
    "label",
    "label_of_property",
    "labelled",
    "ordered",
    "regulation_label",
    "table_for",
]
