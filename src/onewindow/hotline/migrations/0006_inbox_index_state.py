"""The models now declare the department inbox's two partial indexes, which 0005 created in the
database only: the migration state learns of them here, the database is not touched."""

from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    dependencies = [
        ("hotline", "0005_inbox_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="ticket",
                    index=models.Index(
                        condition=Q(("status__in", ["dispatched", "handling"])),
                        fields=["lead_department", "due_at", "received_at", "id"],
                        name="hotline_ticket_inbox_open",
                    ),
                ),
                migrations.AddIndex(
                    model_name="assignment",
                    index=models.Index(
                        condition=Q(("role", "co")),
                        fields=["department", "status", "ticket"],
                        name="hotline_assignment_co",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
