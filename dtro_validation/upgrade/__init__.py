"""Upgrading drafts between data-spec versions by explicit steps (3.4.x -> 3.5.1 -> 4.0.0 ->
5.0.0), each reporting what it changed and what only a person can settle. Nothing is invented:
what a newer version needs and the draft does not say is left for a person."""

from __future__ import annotations

from dtro_validation.upgrade.chain import (
    STEPS,
    TARGETS,
    UpgradeRefused,
    UpgradeReport,
    can_upgrade,
    newest_target,
    upgrade_document,
    upgrade_targets,
)
from dtro_validation.upgrade.report import Change, NeedsPerson

__all__ = [
    "STEPS",
    "TARGETS",
    "Change",
    "NeedsPerson",
    "UpgradeRefused",
    "UpgradeReport",
    "can_upgrade",
    "newest_target",
    "upgrade_document",
    "upgrade_targets",
]
