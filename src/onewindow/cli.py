"""The ``onewindow`` command: Django's manage.py with the platform's own verbs.

``onewindow serve``, ``onewindow worker``, ``onewindow demo``, ``onewindow check-audit`` and
``onewindow token USERNAME`` sit beside every Django command (``onewindow migrate`` …).
Dashed verbs map to management commands with underscores.
"""

import os
import sys

ALIASES = {"worker": "db_worker"}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onewindow.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        verb = ALIASES.get(argv[1], argv[1])
        argv[1] = verb.replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
