"""The admin site lets in only the holders of an administrator duty, and never a superuser.

Django's default lets in any active ``is_staff`` account and gives a superuser every right;
here the duty (system, security or audit administrator, see ``duties.py``) is the key, and
each duty's permission group decides what its holder sees (GB/T 22239-2019 8.1.4.2 c–d).
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class OneWindowAdminSite(AdminSite):
    index_template = "admin/onewindow_index.html"

    def index(self, request, extra_context=None):
        """The admin's home, warning from 1 November while next year's holidays are missing."""
        from django.utils import timezone

        from onewindow.core import selectors as core_selectors

        year = core_selectors.calendar_warning(request.user, timezone.localdate())
        return super().index(request, {**(extra_context or {}), "calendar_warning": year})

    def has_permission(self, request):
        from onewindow.accounts import duties  # this module is imported before the models

        user = request.user
        return bool(user.is_active and not user.is_superuser and duties.duties_of(user))


class AdminConfig(DjangoAdminConfig):
    default_site = "onewindow.accounts.admin_site.OneWindowAdminSite"
