from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "onewindow.hotline"
    label = "hotline"
    verbose_name = _("12345 hotline")

    def ready(self):
        from onewindow.hotline import duplicates, ledger, messages  # duplicates: hotline: kbmap

        messages.register_notifications()
        duplicates.register_notifications()
        ledger.register_kind()  # hotline: perf
        from onewindow.core.signals import calendar_changed

        # after the cases' receiver: the same edit moves the open tickets' due dates too
        calendar_changed.connect(ledger.recompute_after_calendar_change, dispatch_uid="hotline")
