from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "onewindow.appointments"
    label = "appointments"
    verbose_name = _("Appointments")

    def ready(self):
        from onewindow.appointments import messages

        messages.register_notifications()
