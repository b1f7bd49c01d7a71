"""Upgrading a D-TRO to a later data-spec version: the steps chained to the target, the
result validated by the target's schema, and DfT's placeholders flagged."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dtro_validation import config
from dtro_validation.issues import pointer_to_dotted
from dtro_validation.pipeline import validate_document
from dtro_validation.placeholders import Placeholder, find_placeholders
from dtro_validation.registry import SchemaRegistry, get_registry, version_key
from dtro_validation.upgrade.report import Change, NeedsPerson, StepReport
from dtro_validation.upgrade.to_3_5 import to_3_5_1
from dtro_validation.upgrade.to_4_0 import to_4_0_0
from dtro_validation.upgrade.to_5_0 import to_5_0_0

Step = Callable[[dict[str, Any], str], StepReport]

#: (versions a step starts from, the version it reaches, the step), oldest first.
STEPS: tuple[tuple[frozenset[str], str, Step], ...] = (
    (frozenset({"3.4.0", "3.4.1", "3.5.0"}), "3.5.1", to_3_5_1),
    (frozenset({"3.5.1"}), "4.0.0", to_4_0_0),
    (frozenset({"4.0.0"}), "5.0.0", to_5_0_0),
)
TARGETS = tuple(reached for _, reached, _ in STEPS)


class UpgradeRefused(ValueError):
    """This draft cannot be upgraded to that version; the message says why, plainly."""


@dataclass
class UpgradeReport:
    from_version: str
    to_version: str
    document: Any
    changes: list[Change] = field(default_factory=list)
    # What the steps could not settle, then what the target's validation still finds.
    needs_person: list[NeedsPerson] = field(default_factory=list)
    placeholders: list[Placeholder] = field(default_factory=list)
    # The target's advice on the upgraded document: shown apart, never blocking.
    advice: list[NeedsPerson] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    # Whether the upgraded document passes the target version's validation.
    is_valid: bool = False

    @property
    def already_current(self) -> bool:
        return not self.steps

    @property
    def problems(self) -> list[NeedsPerson]:
        """What the target version's validation finds in the upgraded document."""
        return [line for line in self.needs_person if line.from_validation]

    def summary(self) -> str:
        if self.already_current:
            return f"already at {self.to_version}"
        return (
            f"{self.from_version} → {self.to_version}: {len(self.changes)} "
            f"change{'s' if len(self.changes) != 1 else ''}, {len(self.needs_person)} for a "
            f"person"
        )


def upgrade_targets(registry: SchemaRegistry | None = None) -> list[str]:
    """Versions a draft may be upgraded to here: the published ones the steps reach, and the
    candidate too when candidates are allowed."""
    registry = registry or get_registry()
    allowed = config.current().allow_candidate_schemas
    return [
        version
        for version in TARGETS
        if (found := registry.find(version)) is not None
        and found.is_active
        and (allowed or not found.is_candidate)
    ]


def newest_target(registry: SchemaRegistry | None = None) -> str | None:
    targets = upgrade_targets(registry)
    return targets[-1] if targets else None


def can_upgrade(document: Any, target: str) -> bool:
    """Whether the document is at a version the steps lead from to `target`."""
    version = document.get("schemaVersion") if isinstance(document, dict) else None
    return isinstance(version, str) and bool(_steps_between(version, target))


def _steps_between(version: str, target: str) -> list[tuple[str, Step]]:
    chain: list[tuple[str, Step]] = []
    current = version
    for starts, reached, step in STEPS:
        if version_key(reached) > version_key(target):
            break
        if current in starts:
            chain.append((reached, step))
            current = reached
    return chain if current == target else []


def upgrade_document(
    document: Any,
    target: str,
    *,
    registry: SchemaRegistry | None = None,
    tra_code: int | None = None,
    now: datetime | None = None,
) -> UpgradeReport:
    """The document upgraded to `target`, with what changed and what needs a person. The
    input is never changed. UpgradeRefused when it cannot be upgraded to that version."""
    registry = registry or get_registry()
    version = document.get("schemaVersion") if isinstance(document, dict) else None
    if not isinstance(version, str) or not isinstance(document.get("data"), dict):
        raise UpgradeRefused(
            "This draft has no schema version and data to upgrade: fix it in the JSON editor."
        )
    if target not in upgrade_targets(registry):
        offered = ", ".join(upgrade_targets(registry)) or "none"
        found = registry.find(target)
        if found is not None and found.is_candidate:
            raise UpgradeRefused(
                f"{target} is a candidate version, not yet published by DfT, and this portal "
                f"is not set to use candidates. Versions you can upgrade to: {offered}."
            )
        raise UpgradeRefused(
            f"Drafts cannot be upgraded to version {target}. Versions you can upgrade to: "
            f"{offered}."
        )
    upgraded = copy.deepcopy(document)
    report = UpgradeReport(from_version=version, to_version=target, document=upgraded)
    if version != target:
        if version_key(version) > version_key(target):
            raise UpgradeRefused(
                f"This draft is at version {version}, newer than {target}; drafts are never "
                f"taken back to an older version."
            )
        chain = _steps_between(version, target)
        if not chain:
            raise UpgradeRefused(
                f"The portal cannot upgrade a draft from version {version}: it upgrades from "
                f"3.4.0 onwards. Start a new draft at {target} instead."
            )
        for _reached, step in chain:
            step_report = step(upgraded, upgraded["schemaVersion"])
            report.steps.append(step_report.label)
            report.changes.extend(step_report.changes)
            report.needs_person.extend(step_report.needs_person)
    validation = validate_document(upgraded, tra_code=tra_code, registry=registry, now=now)
    report.is_valid = validation.is_valid
    # Only the last step's paths are paths in the upgraded document.
    last_step = report.steps[-1] if report.steps else None
    asked = [line for line in report.needs_person if line.step == last_step]
    report.advice = [
        NeedsPerson(pointer_to_dotted(issue.path), issue.message, True, step=target)
        for issue in validation.advice
    ]
    for issue in validation.errors:
        path = pointer_to_dotted(issue.path)
        if not _already_asked(path, asked):
            report.needs_person.append(
                NeedsPerson(path, issue.message, from_validation=True, step=target)
            )
    report.placeholders = find_placeholders(upgraded)
    return report


def _already_asked(path: str, asked: list[NeedsPerson]) -> bool:
    """Whether the last step already asked a person for the field at `path` (the step's line
    is at the field or the object holding it, and names the field)."""
    field_name = path.rsplit(".", 1)[-1].split("[", 1)[0]
    for line in asked:
        inside = path == line.path or path.startswith((f"{line.path}.", f"{line.path}["))
        if inside and field_name in line.why:
            return True
    return False
