from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "onewindow.registry"
    label = "registry"
    verbose_name = _("Base registries and data exchange")

    def ready(self):
        # The built-in real-name verification provider registers itself with accounts.
        from onewindow.registry import identity  # noqa: F401
