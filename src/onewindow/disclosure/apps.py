from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "onewindow.disclosure"
    label = "disclosure"
    verbose_name = _("Government information disclosure")

    def ready(self) -> None:
        from onewindow.core.signals import calendar_changed
        from onewindow.disclosure import ledger, report_ledger, request_ledger

        ledger.register_kind()
        report_ledger.register_kind()
        request_ledger.register_kind()
        # the same edit moves the open requests' reply dates (after the cases' and tickets')
        calendar_changed.connect(
            request_ledger.recompute_after_calendar_change, dispatch_uid="disclosure-requests"
        )
        from onewindow.disclosure.services import requests

        # and the applicants', third parties' and payers' answer-by dates
        calendar_changed.connect(
            requests.move_answer_dates_after_calendar_change, dispatch_uid="disclosure-answers"
        )
