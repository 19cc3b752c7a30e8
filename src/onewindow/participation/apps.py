from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "onewindow.participation"
    label = "participation"
    verbose_name = _("Public participation")

    def ready(self) -> None:
        from onewindow.participation import consultations_ledger

        consultations_ledger.register_kind()
