"""Street Manager's call records now live in `outbound.OutboundCall` (copied there by
outbound's 0002)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("streetworks", "0002_works_link_snapshot_hash_removed"),
        ("outbound", "0002_copy_earlier_call_records"),
    ]

    operations = [migrations.DeleteModel(name="StreetManagerCall")]
