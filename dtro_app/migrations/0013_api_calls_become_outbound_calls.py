"""The D-TRO service's call records now live in `outbound.OutboundCall` (copied there by
outbound's 0002); `ApiCall` stays as a view of that table limited to the D-TRO service."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dtro_app", "0012_trafficauthority_logo"),
        ("outbound", "0002_copy_earlier_call_records"),
    ]

    operations = [
        migrations.DeleteModel(name="ApiCall"),
        migrations.CreateModel(
            name="ApiCall",
            fields=[],
            options={
                "verbose_name": "API call",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("outbound.outboundcall",),
        ),
    ]
