"""The ``onewindow`` command: Django's manage.py with the platform's own verbs.

``onewindow serve``, ``onewindow worker``, ``onewindow demo``, ``onewindow check-audit`` and
``onewindow token USERNAME`` sit beside every Django command (``onewindow migrate`` …).
Dashed verbs map to management commands with underscores.
"""

import os
import sys

ALIASES = {"worker": "db_worker"}
# OneWindow has no superusers (三权分立, accounts/duties.py): the first administrator is a
# security administrator made by ``onewindow bootstrap-security-admin``.
REFUSED = {
    "createsuperuser": "OneWindow has no superusers; run `onewindow bootstrap-security-admin` "
    "for the first security administrator.",
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onewindow.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        verb = ALIASES.get(argv[1], argv[1])
        if verb in REFUSED:
            sys.exit(REFUSED[verb])
        argv[1] = verb.replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
