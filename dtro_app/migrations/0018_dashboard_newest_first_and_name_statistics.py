"""The dashboard's newest-first index, and (PostgreSQL) statistics on UPPER(name).

Without statistics on the expression a name search (`UPPER(name) LIKE '%...%'`) is guessed
to match one row, so the planner sorts every match instead of reading the index in order and
stopping at a page: with them, a search matching most of a TRA reads about 25 rows.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

STATISTICS = "dtro_app_dtro_upper_name"


def create_statistics(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        # The expression Django writes for name__icontains, cast included.
        schema_editor.execute(
            f'CREATE STATISTICS IF NOT EXISTS {STATISTICS} ON (UPPER("name"::text)) '
            'FROM "dtro_app_dtro"'
        )
        schema_editor.execute('ANALYZE "dtro_app_dtro"')


def drop_statistics(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [("dtro_app", "0017_delivery_batches")]

    operations = [
        migrations.AddIndex(
            model_name="dtro",
            index=models.Index(
                fields=["authority", "-updated_at", "-id"], name="dtro_authority_newest"
            ),
        ),
        migrations.RunPython(create_statistics, drop_statistics),
    ]
