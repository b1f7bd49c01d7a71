"""`manage.py import_dtros` takes files, folders (recursively) and zips, prints each file's
result and the totals, and exits 1 when any file had a problem."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from factories import valid_document
from import_helpers import as_json, zip_of

from dtro_app.models import Dtro
from imports.models import ImportBatch


def test_a_folder_is_imported_recursively(tmp_path, tra, officer):
    (tmp_path / "2019" / "spring").mkdir(parents=True)
    (tmp_path / "a.json").write_bytes(as_json(valid_document(tra, name_suffix=" a")))
    (tmp_path / "2019" / "spring" / "b.json").write_bytes(
        as_json(valid_document(tra, name_suffix=" b"))
    )
    (tmp_path / "2019" / "more.zip").write_bytes(
        zip_of({"c.json": as_json(valid_document(tra, name_suffix=" c"))})
    )
    out = io.StringIO()

    call_command("import_dtros", str(tmp_path), "--tra", str(tra.code), stdout=out)

    assert Dtro.objects.filter(authority=tra).count() == 3
    text = out.getvalue()
    assert "b.json: Valid: draft created" in text
    assert "more.zip!c.json: Valid: draft created" in text
    assert "3 valid: draft created" in text
    assert ImportBatch.objects.get().created_by == officer

    # Again: nothing changes, and the command still succeeds.
    out = io.StringIO()
    call_command("import_dtros", str(tmp_path), "--tra", str(tra.code), stdout=out)
    assert Dtro.objects.count() == 3
    assert "3 already imported: nothing changed" in out.getvalue()


def test_a_bad_file_is_reported_and_the_exit_code_is_1(tmp_path, tra, officer):
    (tmp_path / "good.json").write_bytes(as_json(valid_document(tra)))
    (tmp_path / "bad.json").write_bytes(b"{not json")
    out = io.StringIO()

    with pytest.raises(SystemExit) as exit_:
        call_command(
            "import_dtros",
            str(tmp_path),
            "--tra",
            str(tra.code),
            "--user",
            officer.email,
            stdout=out,
        )

    assert exit_.value.code == 1
    assert "bad.json: Could not be read" in out.getvalue()
    assert "not valid JSON" in out.getvalue()
    assert Dtro.objects.count() == 1
