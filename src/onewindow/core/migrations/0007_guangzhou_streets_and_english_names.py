from django.db import migrations


def load_divisions(apps, schema_editor):
    from onewindow.core import divisions_data

    divisions_data.load(apps.get_model("core", "Division"), prune=True)


class Migration(migrations.Migration):
    """Every street and town of Guangzhou (2023 statistical codes) and English names."""

    dependencies = [("core", "0006_remove_calendaryear_weekday_fallback")]

    operations = [migrations.RunPython(load_divisions, migrations.RunPython.noop)]
