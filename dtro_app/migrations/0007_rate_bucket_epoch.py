from django.db import migrations, models


def forget_buckets(apps, schema_editor):  # type: ignore[no-untyped-def]
    # A bucket is a few seconds of state: starting every credential full again is harmless.
    apps.get_model("dtro_app", "ApiRateBucket").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dtro_app", "0006_api_credential_verbose_name"),
    ]

    operations = [
        migrations.RunPython(forget_buckets, migrations.RunPython.noop),
        migrations.RemoveField(model_name="apiratebucket", name="refilled_at"),
        migrations.AddField(
            model_name="apiratebucket",
            name="refilled_at_epoch",
            field=models.FloatField(default=0.0, help_text="Unix time of the last refill."),
            preserve_default=False,
        ),
    ]
