"""`manage.py validate_dtro`: exit status 0 / 1 / 2 and its JSON output."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

from validation_helpers import SPEC_DIR

ROOT = Path(__file__).resolve().parents[2]
VALID = SPEC_DIR / "examples" / "4.0.0" / "example-weight-restriction.json"


def run(*args: str, database_url: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "manage.py", "validate_dtro", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_exits_0_on_valid_files_even_with_no_database() -> None:
    result = run(str(VALID), database_url="sqlite:////tmp/does-not-exist/x.sqlite3")
    assert result.returncode == 0, result.stderr
    assert "VALID" in result.stdout


def test_it_prints_one_json_array_and_exits_1_when_any_file_is_invalid(tmp_path) -> None:
    broken = json.loads(VALID.read_text())
    broken["data"]["source"].pop("troName")
    bad = tmp_path / "broken.json.gz"
    bad.write_bytes(gzip.compress(json.dumps(broken).encode()))
    result = run(str(VALID), str(bad), "--format", "json")
    assert result.returncode == 1, result.stderr
    output = json.loads(result.stdout)
    assert output == [
        {"file": str(VALID), "valid": True, "schemaVersion": "4.0.0", "errors": [], "advice": []},
        {
            "file": str(bad),
            "valid": False,
            "schemaVersion": "4.0.0",
            "errors": [
                {
                    "path": "/data/source/troName",
                    "code": "required",
                    "message": output[1]["errors"][0]["message"],
                }
            ],
            "advice": [],
        },
    ]


def test_it_exits_1_on_unreadable_input(tmp_path) -> None:
    bad = tmp_path / "notes.json"
    bad.write_text("not json at all")
    result = run(str(bad), "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout)[0]["errors"][0]["code"] == "not_json"


def test_it_checks_tra_ownership_with_tra() -> None:
    result = run(str(VALID), "--tra", "99999", "--format", "json")
    assert result.returncode == 1
    codes = [e["code"] for e in json.loads(result.stdout)[0]["errors"]]
    assert "tra_not_submitter" in codes


def test_it_exits_2_without_files() -> None:
    assert run().returncode == 2


def test_it_exits_2_on_a_missing_file() -> None:
    result = run("/no/such/file.json")
    assert result.returncode == 2
    assert "No such file" in result.stderr


def test_it_exits_2_on_a_bad_tra() -> None:
    assert run(str(VALID), "--tra", "abc").returncode == 2


def test_advice_is_listed_apart_and_never_fails_a_file(tmp_path) -> None:
    document = json.loads(VALID.read_text())
    document["data"]["source"]["provision"][0]["actionType"] = "partialRevoke"  # under "new"
    path = tmp_path / "order.json"
    path.write_text(json.dumps(document))

    as_json = run(str(path), "--format", "json")
    as_text = run(str(path))

    assert as_json.returncode == 0, as_json.stderr
    [result] = json.loads(as_json.stdout)
    assert (result["valid"], result["errors"]) == (True, [])
    assert [a["code"] for a in result["advice"]] == ["action_type_inconsistent"]
    assert as_text.returncode == 0
    assert "advice: /data/source/provision/0/actionType" in as_text.stdout
