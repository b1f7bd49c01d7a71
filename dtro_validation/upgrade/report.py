"""What an upgrade reports: each change made, and each thing only a person can settle."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

Path = tuple[str | int, ...]


def dotted(path: Path) -> str:
    """`("source", "provision", 0)` -> `source.provision[0]`, as the D-TRO service writes
    paths inside `data`; `root` for the data object itself."""
    out = ""
    for token in path:
        out += f"[{token}]" if isinstance(token, int) else (f".{token}" if out else token)
    return out or "root"


def words(code: str) -> str:
    """`mandatoryDirectionOneWay` -> `mandatory direction one way`, for messages."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", code).lower()


@dataclass(frozen=True)
class Change:
    """Something the upgrade did, at `path` in the new document."""

    path: str
    what: str
    # The step that made it ("3.5.1 → 4.0.0"): paths are in the document that step made.
    step: str = ""


@dataclass(frozen=True)
class NeedsPerson:
    """Something the new version needs that the draft does not say; the upgrade leaves it."""

    path: str
    why: str
    # True for a problem the new version's validation still finds after the upgrade.
    from_validation: bool = False
    step: str = ""


@dataclass
class StepReport:
    """One step's document and lines; the step fills it as it goes."""

    from_version: str
    to_version: str
    document: Any
    changes: list[Change] = field(default_factory=list)
    needs_person: list[NeedsPerson] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.from_version} → {self.to_version}"

    def changed(self, path: Path, what: str) -> None:
        self.changes.append(Change(dotted(path), what, step=self.label))

    def needs(self, path: Path, why: str) -> None:
        self.needs_person.append(NeedsPerson(dotted(path), why, step=self.label))
