from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "onewindow.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from onewindow.notifications import (
            account_notices,
            checks,  # noqa: F401
        )
        from onewindow.notifications.channels import contrib  # noqa: F401

        account_notices.connect()
