from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmergencyConfig(AppConfig):
    name = "onewindow.emergency"
    label = "emergency"
    verbose_name = _("Emergency management")

    def ready(self) -> None:
        from onewindow.emergency import dispatches, incidents, messages, plans

        messages.register_notifications()
        incidents.register_kind()
        plans.register_kind()
        dispatches.register_kinds()
