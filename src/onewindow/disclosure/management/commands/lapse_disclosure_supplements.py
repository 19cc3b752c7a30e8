"""``onewindow lapse-disclosure-supplements``: requests whose supplement (Art. 30) or fee
(国办函〔2020〕109号) did not come by its deadline are treated as withdrawn."""

from django.core.management.base import BaseCommand

from onewindow.disclosure.services import request_fees, requests


class Command(BaseCommand):
    help = "Treat requests with no supplement (or no fee paid) by the deadline as withdrawn."

    def handle(self, *args, **options):
        supplements = requests.lapse_supplements()
        fees = request_fees.lapse_fees()
        self.stdout.write(
            f"Treated as withdrawn: {len(supplements)} without supplement, {len(fees)} unpaid."
        )
