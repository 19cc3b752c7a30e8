"""Django groups that carry each role's model permissions."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

from onewindow.accounts.duties import DUTY_PERMISSIONS

# Model permissions per role, as "app_label.codename"; the administrator duties' in duties.py.
ROLE_PERMISSIONS = {
    **DUTY_PERMISSIONS,
    "supervisor": ["core.view_auditentry"],
    "window_clerk": [],
    "reviewer": [],
    "head": [],
    "hotline_operator": [],
    "dispatcher": [],
}


def ensure_role_groups(sender=None, apps=global_apps, using="default", **kwargs):
    """Create one group per role with its permissions (runs after every migrate)."""
    try:
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
    except LookupError:
        return
    # Apps migrated after this one (catalog, registry…) get their permissions only at their
    # own post_migrate: make them now, as Django would.
    labels = {perm.split(".")[0] for perms in ROLE_PERMISSIONS.values() for perm in perms}
    installed = {config.label: config for config in global_apps.get_app_configs()}
    for label in sorted(labels & set(installed)):
        create_permissions(installed[label], verbosity=0, using=using, apps=apps)
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.using(using).get_or_create(name=role)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.extend(
                permission_model.objects.using(using).filter(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(wanted)
