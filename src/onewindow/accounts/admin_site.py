"""The admin site lets in only the holders of an administrator duty, and never a superuser.

Django's default lets in any active ``is_staff`` account and gives a superuser every right;
here the duty (system, security or audit administrator, see ``duties.py``) is the key, and
each duty's permission group decides what its holder sees (GB/T 22239-2019 8.1.4.2 c–d).
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class OneWindowAdminSite(AdminSite):
    def has_permission(self, request):
        from onewindow.accounts import duties  # this module is imported before the models

        user = request.user
        return bool(user.is_active and not user.is_superuser and duties.duties_of(user))


class AdminConfig(DjangoAdminConfig):
    default_site = "onewindow.accounts.admin_site.OneWindowAdminSite"
