from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("dtro_app", "0013_api_calls_become_outbound_calls")]

    operations = [migrations.DeleteModel(name="ApiCall")]
