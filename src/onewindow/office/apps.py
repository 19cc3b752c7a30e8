from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "onewindow.office"
    label = "office"
    verbose_name = _("Paperless office")

    def ready(self) -> None:
        from onewindow.office import incoming_messages, instructions_ledger, meetings, messages
        from onewindow.office.signals import document_issued

        messages.register_notifications()
        meetings.register_notifications()
        document_issued.connect(meetings.on_document_issued, dispatch_uid="office-minutes")
        incoming_messages.register_notifications()
        instructions_ledger.register_kind()
        from onewindow.supervision.signals import cards_raised

        cards_raised.connect(instructions_ledger.on_cards_raised, dispatch_uid="office-escalate")
