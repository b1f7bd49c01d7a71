# Revoked, partly revoked and expired become states of their own (issue 17).

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

# Pure functions of a document (no models): what each published version says of itself.
from dtro_app.models.lifespan import FULL, PARTIAL, ends_at, revocation_of


def store_what_published_versions_say(apps, schema_editor):
    """Revocation and end of every order's published version; the state of those still shown
    as published follows (models.status decides the same way from then on)."""
    Dtro = apps.get_model("dtro_app", "Dtro")
    now = timezone.now()
    published = Dtro.objects.filter(published_revision__isnull=False).exclude(
        published_revision__action="delete"
    )
    for dtro in published.select_related("published_revision").iterator(chunk_size=100):
        document = dtro.published_revision.document
        dtro.revocation, dtro.ends_at = revocation_of(document), ends_at(document)
        if dtro.status == "published" and dtro.service_id is not None:
            if dtro.revocation == FULL:
                dtro.status = "revoked"
            elif dtro.ends_at is not None and dtro.ends_at <= now:
                dtro.status = "expired"
            elif dtro.revocation == PARTIAL:
                dtro.status = "partly_revoked"
        # update() rather than save(): `updated_at` is the officer's "last changed".
        Dtro.objects.filter(pk=dtro.pk).update(
            revocation=dtro.revocation, ends_at=dtro.ends_at, status=dtro.status
        )


class Migration(migrations.Migration):
    dependencies = [
        ("dtro_app", "0014_api_call_proxy_removed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="dtro",
            name="ends_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the published version stops applying, if it does.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="dtro",
            name="revocation",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Nothing revoked"),
                    ("partial", "Partly revoked"),
                    ("full", "Revoked"),
                ],
                default="",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="dtro",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("awaiting_approval", "Awaiting approval"),
                    ("in_delivery", "In delivery"),
                    ("published", "Published"),
                    ("partly_revoked", "Partly revoked"),
                    ("revoked", "Revoked"),
                    ("expired", "Expired"),
                    ("rejected", "Rejected"),
                    ("failed", "Failed"),
                    ("deleted", "Deleted"),
                ],
                db_index=True,
                default="draft",
                max_length=20,
            ),
        ),
        migrations.AddIndex(
            model_name="dtro",
            index=models.Index(
                condition=models.Q(("status__in", ["published", "partly_revoked"])),
                fields=["ends_at"],
                name="dtro_in_force_ends_at",
            ),
        ),
        migrations.RunPython(store_what_published_versions_say, migrations.RunPython.noop),
    ]
