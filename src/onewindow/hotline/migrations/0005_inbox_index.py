"""The department inbox read in its own order (``hotline.selectors.department_inbox``).

``hotline_ticket_inbox_open``: the lead department's dispatched and handling tickets by due
time, so that a page of the inbox is an index range at any number of closed tickets;
``hotline_assignment_co``: a department's co-handling assignments (a few among its lead ones).
Database only: the models' declarations of these indexes follow with the models.
"""

from django.db import migrations, models
from django.db.models import Q

INBOX_OPEN = models.Index(
    fields=["lead_department", "due_at", "received_at", "id"],
    condition=Q(status__in=["dispatched", "handling"]),
    name="hotline_ticket_inbox_open",
)
ASSIGNMENT_CO = models.Index(
    fields=["department", "status", "ticket"],
    condition=Q(role="co"),
    name="hotline_assignment_co",
)


class Migration(migrations.Migration):
    dependencies = [
        ("hotline", "0004_perf"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddIndex(model_name="ticket", index=INBOX_OPEN),
                migrations.AddIndex(model_name="assignment", index=ASSIGNMENT_CO),
            ],
            state_operations=[],
        ),
    ]
