"""The ``onewindow`` command: demo accounts, aliases, audit check."""

import subprocess
import sys

import pytest
from django.core.management import call_command

from onewindow.accounts.models import User
from onewindow.cli import main

pytestmark = pytest.mark.django_db


def test_demo_is_refused_in_production(settings):
    from django.core.management import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="refused in production"):
        call_command("demo")


def test_dashed_verbs_and_aliases_reach_their_commands(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["onewindow", "check-audit", "--help"])
    assert exc.value.code == 0
    assert "Verify the whole hash-chained audit log" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["onewindow", "worker", "--help"])
    assert "--queue-name" in capsys.readouterr().out


def test_the_console_script_is_installed():
    result = subprocess.run(
        [sys.executable, "-m", "onewindow.cli", "help", "serve"],
        capture_output=True,
        text=True,
        env={"ONEWINDOW_ENV": "dev", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "gunicorn" in result.stdout


def test_help_names_every_command_by_its_verb_alias_or_django_name(capsys):
    from django.core.management import get_commands

    from onewindow.cli import ALIASES

    verbs = {name.replace("_", "-") for name in get_commands()} | set(get_commands())
    verbs |= set(ALIASES)
    assert "generate-registry" in verbs
    for verb in sorted(verbs - {"createsuperuser"}):
        main(["onewindow", "help", verb])
        out = capsys.readouterr().out
        assert out.startswith("usage: onewindow "), verb
    main(["onewindow", "help", "generate-registry"])
    assert "--persons" in capsys.readouterr().out


def test_help_for_a_refused_command_says_what_to_do_instead():
    with pytest.raises(SystemExit) as exc:
        main(["onewindow", "help", "createsuperuser"])
    assert "bootstrap-security-admin" in str(exc.value.code)


def test_help_for_an_unknown_command_still_says_so(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["onewindow", "help", "no-such-verb"])
    assert exc.value.code == 1
    assert "Unknown command: 'no_such_verb'" in capsys.readouterr().err


def test_demo_refuses_a_database_whose_enterprise_code_fails_the_organization_code_check():
    from django.core.management import CommandError

    from tests.factories import EnterpriseFactory

    # The demo enterprise's code before the GB 11714 check: the outer check holds, the inner not.
    old = EnterpriseFactory(username="enterprise")
    User.objects.filter(pk=old.pk).update(uscc="914401068BRK2A202H")  # stored before the check
    with pytest.raises(CommandError, match="run `make demo` again"):
        call_command("demo")
