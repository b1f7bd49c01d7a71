import django.db.models
from django.db import migrations

import frontend.logos


class Migration(migrations.Migration):
    dependencies = [
        ("dtro_app", "0011_invitations_and_approval_policy_changes"),
    ]

    operations = [
        migrations.AddField(
            model_name="trafficauthority",
            name="logo",
            field=django.db.models.FileField(
                blank=True,
                help_text="Optional. A PNG or JPEG smaller than 200 KB, shown in the header "
                "of the portal to this TRA's users.",
                upload_to=frontend.logos.logo_upload_to,
                validators=[frontend.logos.validate_logo],
            ),
        ),
    ]
