from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "onewindow.payments"
    label = "payments"
    verbose_name = _("Fees and payments")

    def ready(self) -> None:
        from onewindow.payments.providers import contrib  # noqa: F401 - registers the built-ins
