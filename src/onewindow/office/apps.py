from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "onewindow.office"
    label = "office"
    verbose_name = _("Paperless office")

    def ready(self) -> None:
        from onewindow.office import incoming_messages, instructions_ledger, messages

        messages.register_notifications()
        incoming_messages.register_notifications()
        instructions_ledger.register_kind()
        from onewindow.supervision.signals import cards_raised

        cards_raised.connect(instructions_ledger.on_cards_raised, dispatch_uid="office-escalate")
