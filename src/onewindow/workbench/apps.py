from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "onewindow.workbench"
    verbose_name = "Officials' workbench"
