"""The ``onewindow`` command: Django's manage.py with the platform's own verbs.

``onewindow serve``, ``onewindow worker``, ``onewindow demo``, ``onewindow check-audit`` and
``onewindow token USERNAME`` sit beside every Django command (``onewindow migrate`` …).
Dashed verbs map to management commands with underscores, after ``help`` too
(``onewindow help generate-registry``).
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


def command_name(verb: str) -> str:
    """The management command a verb names: an alias, or the verb with dashes as underscores."""
    verb = ALIASES.get(verb, verb)
    if verb in REFUSED:
        sys.exit(REFUSED[verb])
    return verb.replace("-", "_")


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onewindow.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = command_name(argv[1])
        if argv[1] == "help" and len(argv) > 2 and not argv[2].startswith("-"):
            argv[2] = command_name(argv[2])
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
