from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "onewindow.participation"
    label = "participation"
    verbose_name = _("Public participation")

    def ready(self) -> None:
        from onewindow.participation import consultations_ledger

        consultations_ledger.register_kind()
        from onewindow.core.signals import calendar_changed
        from onewindow.participation import proposals_ledger, proposals_messages

        proposals_ledger.register_kind()
        proposals_messages.register_notifications()
        calendar_changed.connect(
            proposals_ledger.recompute_after_calendar_change, dispatch_uid="participation-proposals"
        )
