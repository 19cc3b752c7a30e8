"""``onewindow sweep-cases``: the deemed acceptances of Art. 32, the divorce applications whose
appearance window passed (民法典 Art. 1077), the e-supervision cards, the
expiry of e-certificates, and the PDFs of documents whose rendering task was lost.

Run it from cron or a systemd timer (hourly is plenty; both steps are idempotent).
"""

from django.core.management.base import BaseCommand

from onewindow.cases import cooling_off, documents, services
from onewindow.certificates import services as certificate_services


class Command(BaseCommand):
    help = "Accept applications intake left silent for 5 working days; raise yellow/red cards."

    def handle(self, *args, **options):
        accepted = services.accept_overdue_intakes()
        for number in accepted:
            self.stdout.write(f"  {number}: accepted as of its day of receipt (Art. 32)")
        lapsed = cooling_off.lapse_overdue()
        for number in lapsed:
            self.stdout.write(f"  {number}: no joint appearance in time, deemed withdrawn")
        flags = services.refresh_flags()
        expired = certificate_services.record_expiries()
        rendered = documents.render_pending()
        self.stdout.write(
            f"Cases swept: {len(accepted)} accepted by law, "
            f"{len(lapsed)} divorce applications deemed withdrawn (Civil Code Art. 1077), "
            f"{flags['yellow']} yellow and {flags['red']} red cards raised; "
            f"{len(expired)} e-certificates recorded as expired; "
            f"{len(rendered)} pending document PDFs rendered."
        )
