"""Every certificate gets a verification code; those issued before get theirs here (their
PDFs, downloaded again, print it and carry it in the QR code)."""

import secrets

from django.db import migrations, models

# A copy of certificates.codes at the time of writing: migrations do not follow app code.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10


def give_codes(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    # The keys first: SQLite gives no isolation between a running query and updates of its table.
    for pk in list(Certificate.objects.filter(verification_code="").values_list("pk", flat=True)):
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        Certificate.objects.filter(pk=pk).update(verification_code=code)


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="verification_code",
            field=models.CharField(
                default="", editable=False, max_length=16, verbose_name="verification code"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
    ]
