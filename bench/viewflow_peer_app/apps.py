from django.apps import AppConfig


class ViewflowPeerConfig(AppConfig):
    name = "viewflow_peer_app"
    label = "viewflow_peer_app"
    verbose_name = "食品经营许可 (viewflow peer)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import flows  # noqa: F401 -- the flow adds its "manage" permission to the model
