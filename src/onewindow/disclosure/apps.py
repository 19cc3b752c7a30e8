from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "onewindow.disclosure"
    label = "disclosure"
    verbose_name = _("Government information disclosure")

    def ready(self) -> None:
        from onewindow.disclosure import report_ledger

        report_ledger.register_kind()
