from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "onewindow.disclosure"
    label = "disclosure"
    verbose_name = _("Government information disclosure")

    def ready(self):
        from onewindow.disclosure import ledger

        ledger.register_kind()
