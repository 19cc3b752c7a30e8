from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "onewindow.market"
    label = "market"
    verbose_name = _("Market supervision")

    def ready(self) -> None:
        from onewindow.market import (
            credit_flags,
            credit_messages,
            credit_repair,
            inspection_ledger,
            inspections,
            penalty_ledger,
            penalty_messages,
            rectification,
        )
        from onewindow.registry import exchange

        inspection_ledger.register_kind()
        rectification.register_kind()
        inspections.register_notifications()
        credit_messages.register_notifications()
        credit_repair.register_kind()
        penalty_ledger.register_kind()
        penalty_messages.register_notifications()
        exchange.register_flag_source(credit_flags.flags)
