"""Candidate schemas (5.0.0, not yet published by DfT): loaded and flagged from DfT's
`Candidate version (...)` folders and our `candidate/`; never the default; refused unless
allowed."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from validation_helpers import NOW, SPEC_DIR, load_example

from dtro_app.drafting.guided.form_base import default_version, version_choices
from dtro_validation import build_registry, reset_registry, validate_document
from dtro_validation.registry import CandidateSchemaVersion

CANDIDATE = SPEC_DIR / "candidate" / "5.0.0.json"


def dft_layout(root: Path, candidate_schema: Path) -> Path:
    for version, folder in {
        "3.5.1": "Supported version (v3.5.1)",
        "4.0.0": "Published version (v4.0.0)",
    }.items():
        (root / folder).mkdir(parents=True)
        shutil.copy(
            SPEC_DIR / "schemas" / f"{version}.json",
            root / folder / f"D-TRO-v{version}-schema.json",
        )
    (root / "Candidate version (v5.0.0)").mkdir()
    shutil.copy(candidate_schema, root / "Candidate version (v5.0.0)" / "D-TRO-v5.0.0-schema.json")
    return root


def our_layout(root: Path, candidate_schema: Path) -> Path:
    shutil.copytree(SPEC_DIR / "schemas", root / "schemas")
    (root / "candidate").mkdir()
    shutil.copy(candidate_schema, root / "candidate" / "5.0.0.json")
    return root


@pytest.fixture(params=[dft_layout, our_layout], ids=["dft-layout", "our-layout"])
def layout(request, tmp_path):
    return lambda schema=CANDIDATE: request.param(tmp_path, schema)


def test_the_candidate_is_loaded_flagged_and_never_the_default(layout) -> None:
    registry = build_registry(layout(), use_cached=False)
    assert registry.newest_active().version == "4.0.0"
    assert "5.0.0" not in [v.version for v in registry.versions()]
    assert [v.version for v in registry.candidates()] == ["5.0.0"]
    assert registry.find("5.0.0").is_candidate
    assert not registry.find("4.0.0").is_candidate


def test_a_candidate_document_is_refused_unless_allowed(layout, settings) -> None:
    # A stand-in candidate the 4.0.0 examples satisfy, so a pass shows 5.0.0's schema was used.
    registry = build_registry(layout(SPEC_DIR / "schemas" / "4.0.0.json"), use_cached=False)
    document = copy.deepcopy(load_example("4.0.0", "example-consultation.json"))
    document["schemaVersion"] = "5.0.0"
    settings.DTRO_ALLOW_CANDIDATE_SCHEMAS = False
    with pytest.raises(CandidateSchemaVersion):
        registry.get("5.0.0")
    report = validate_document(document, registry=registry, now=NOW)
    assert [i.path for i in report.issues] == ["/schemaVersion"]
    assert "5.0.0 is a candidate, not yet published by DfT" in report.issues[0].message
    assert report.issues[0].message.endswith("3.5.1, 4.0.0.")
    settings.DTRO_ALLOW_CANDIDATE_SCHEMAS = True
    assert validate_document(document, registry=registry, now=NOW).is_valid


def test_the_real_candidate_validates_by_its_own_schema(layout, settings) -> None:
    settings.DTRO_ALLOW_CANDIDATE_SCHEMAS = True
    registry = build_registry(layout(), use_cached=False)
    document = load_example("4.0.0", "example-consultation.json")
    assert validate_document(document, registry=registry, now=NOW).is_valid
    as_candidate = {**document, "schemaVersion": "5.0.0"}
    report = validate_document(as_candidate, registry=registry, now=NOW)
    assert not report.is_valid
    assert all(i.path != "/schemaVersion" for i in report.issues)
    assert any(i.stage == "schema" for i in report.issues)


def test_version_choices_offer_the_candidate_only_when_allowed(settings, tmp_path) -> None:
    settings.DTRO_SPEC_DIR = str(our_layout(tmp_path, CANDIDATE))
    reset_registry()
    try:
        settings.DTRO_ALLOW_CANDIDATE_SCHEMAS = False
        assert "5.0.0" not in dict(version_choices())
        settings.DTRO_ALLOW_CANDIDATE_SCHEMAS = True
        choices = dict(version_choices())
        assert choices["5.0.0"] == "5.0.0: Candidate (not yet published by DfT)"
        assert choices["4.0.0"] == "4.0.0 (newest)"
        assert "5.0.0" not in dict(version_choices(guided_only=True))
        assert default_version() == "4.0.0"
    finally:
        reset_registry()


def test_a_published_version_wins_over_a_candidate_of_the_same_number(tmp_path) -> None:
    # "Candidate version (v4.0.0)" is read before "Published version (v4.0.0)".
    root = dft_layout(tmp_path, CANDIDATE)
    (root / "Candidate version (v4.0.0)").mkdir()
    shutil.copy(CANDIDATE, root / "Candidate version (v4.0.0)" / "D-TRO-v4.0.0-schema.json")

    registry = build_registry(root, use_cached=False)

    assert not registry.find("4.0.0").is_candidate
    assert registry.newest_active().version == "4.0.0"
