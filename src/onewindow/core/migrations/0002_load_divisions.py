from django.db import migrations


def load_divisions(apps, schema_editor):
    from onewindow.core import divisions_data

    divisions_data.load(apps.get_model("core", "Division"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(load_divisions, migrations.RunPython.noop)]
