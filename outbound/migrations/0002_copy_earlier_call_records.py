"""Copy the D-TRO service's and Street Manager's earlier call records into `OutboundCall`.

One INSERT ... SELECT per table keeps each row's `created_at` (a model save would stamp it
with now) and copes with a long history without loading it into Python.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

COLUMNS = (
    "service, authority_id, credential_id, method, path, correlation_id, status, duration_ms,"
    " outcome, error_excerpt, submission_id, created_at"
)


def copy_calls(apps: Any, schema_editor: Any) -> None:
    quote = schema_editor.connection.ops.quote_name
    target = quote(apps.get_model("outbound", "OutboundCall")._meta.db_table)
    dtro_calls = quote(apps.get_model("dtro_app", "ApiCall")._meta.db_table)
    credentials = quote(apps.get_model("dtro_app", "ApiCredential")._meta.db_table)
    sm_calls = quote(apps.get_model("streetworks", "StreetManagerCall")._meta.db_table)
    accounts = quote(apps.get_model("streetworks", "StreetManagerAccount")._meta.db_table)
    schema_editor.execute(
        f"INSERT INTO {target} ({COLUMNS})"
        f" SELECT 'dtro', cred.authority_id, call.credential_id, call.method, call.path,"
        f" call.correlation_id, call.status, call.duration_ms, call.outcome,"
        f" call.error_excerpt, call.submission_id, call.created_at"
        f" FROM {dtro_calls} call LEFT JOIN {credentials} cred ON cred.id = call.credential_id"
        f" ORDER BY call.id"
    )
    schema_editor.execute(
        f"INSERT INTO {target} ({COLUMNS})"
        f" SELECT 'street_manager', account.authority_id, NULL, call.method, call.path, '',"
        f" call.status, call.duration_ms, call.outcome, call.error_excerpt, NULL,"
        f" call.created_at"
        f" FROM {sm_calls} call LEFT JOIN {accounts} account ON account.id = call.account_id"
        f" ORDER BY call.id"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("outbound", "0001_initial"),
        ("dtro_app", "0012_trafficauthority_logo"),
        ("streetworks", "0002_works_link_snapshot_hash_removed"),
    ]

    # Going back leaves the earlier tables empty: the records stay here.
    operations = [migrations.RunPython(copy_calls, migrations.RunPython.noop)]
