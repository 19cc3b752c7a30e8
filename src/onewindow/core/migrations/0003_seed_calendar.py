from django.db import migrations


def seed_calendar(apps, schema_editor):
    from onewindow.core import calendar_seed

    calendar_seed.seed(apps.get_model("core", "CalendarDay"), apps.get_model("core", "CalendarYear"))


class Migration(migrations.Migration):
    dependencies = [("core", "0002_load_divisions")]

    operations = [migrations.RunPython(seed_calendar, migrations.RunPython.noop)]
