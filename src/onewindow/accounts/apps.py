from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "onewindow.accounts"
    label = "accounts"
    verbose_name = _("Accounts and departments")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from onewindow.accounts.duties import refuse_superuser
        from onewindow.accounts.middleware import start_idle_clock
        from onewindow.accounts.roles import ensure_role_groups

        post_migrate.connect(ensure_role_groups, sender=self)
        pre_save.connect(refuse_superuser, sender=self.get_model("User"), dispatch_uid="no-su")
        user_logged_in.connect(start_idle_clock, dispatch_uid="onewindow-idle-clock")
