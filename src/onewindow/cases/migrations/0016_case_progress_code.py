"""Case.progress_code: the code printed on the acceptance notice for the public progress lookup
(办件进度查询). Existing cases get distinct random codes here."""

import secrets

from django.db import migrations, models

# As certificates.codes: no 0/O, 1/I/L, so a code copied from paper reads back the same.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10


def fill_codes(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    given = set()
    pending = []
    for pk in Case.objects.filter(progress_code="").values_list("pk", flat=True).iterator():
        code = ""
        while not code or code in given:
            code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        given.add(code)
        pending.append(Case(pk=pk, progress_code=code))
        if len(pending) >= 500:
            Case.objects.bulk_update(pending, ["progress_code"])
            pending = []
    if pending:
        Case.objects.bulk_update(pending, ["progress_code"])


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0015_draft_place"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="progress_code",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                max_length=16,
                verbose_name="progress lookup code",
            ),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
    ]
