from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "onewindow.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from onewindow.cases import commitments, ledger, messages, registry_data, signals
        from onewindow.core.signals import calendar_changed
        from onewindow.registry import purposes

        messages.register_notifications()
        ledger.register_kind()
        commitments.register_kind()
        purposes.register_case_resolver(registry_data.case_parties)
        calendar_changed.connect(signals.recompute_after_calendar_change, dispatch_uid="cases")
