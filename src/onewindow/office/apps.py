from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "onewindow.office"
    label = "office"
    verbose_name = _("Paperless office")

    def ready(self) -> None:
        from onewindow.office import messages

        messages.register_notifications()
