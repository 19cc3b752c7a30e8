"""The ``onewindow`` command: demo accounts, aliases, audit check."""

import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from onewindow.accounts.models import RoleAssignment, User
from onewindow.cases.models import Case
from onewindow.cli import main
from onewindow.core.audit import verify_chain
from onewindow.core.identifiers import validate_uscc

pytestmark = pytest.mark.django_db


@pytest.mark.once  # the demo is built on SQLite by the CI's make-demo step
def test_demo_creates_every_kind_of_account_and_is_safe_to_run_twice(
    capsys, monkeypatch, settings, tmp_path
):
    monkeypatch.setenv("ONEWINDOW_DEMO_PASSWORD", "Demo-Password-42")
    settings.MEDIA_ROOT = tmp_path / "media"  # the demo cases' uploads
    call_command("demo")
    table = capsys.readouterr().out
    call_command("demo", "--json")
    rows = json.loads(capsys.readouterr().out)
    assert "Demo-Password-42" in table
    kinds = {row["kind"] for row in rows}
    roles = {row["role"] for row in rows}
    assert kinds == {"citizen", "enterprise", "official"}
    assert {"window_clerk", "reviewer", "head", "supervisor"} <= roles
    assert {
        "system_administrator",
        "security_administrator",
        "audit_administrator",
    } <= roles
    for duty in ("sysadmin", "secadmin", "secadmin2", "auditadmin"):
        assert f"  {duty}: " in table
    assert len({row["department"] for row in rows if row["role"] == "reviewer"}) >= 3
    # Every account a person signs in with is printed; the crowds that answered the survey and
    # supported the proposals (synthetic residents, all citizens) are not.
    crowd = User.objects.filter(username__regex=r"^(survey_resident_\d+|supporter\d+|burst\d+)$")
    assert crowd.count() >= 60
    assert set(crowd.values_list("kind", flat=True)) == {"citizen"}
    # The restaurants' own accounts that applied for credit repair have no password: the demo
    # never signs in with them.
    owners = User.objects.filter(username__regex=r"^ent-[0-9a-z]{18}$")
    assert owners.exists()
    assert not any(owner.has_usable_password() for owner in owners)
    assert User.objects.exclude(pk__in=crowd).exclude(pk__in=owners).count() == len(rows)
    assert RoleAssignment.objects.count() == sum(1 for row in rows if row["role"])
    assert User.objects.get(username="citizen").check_password("Demo-Password-42")
    # A divorce application in its cooling-off period, made once however often demo runs.
    divorce = Case.objects.get(applicant__username="citizen", item__code="440100-MZ-QR-108")
    assert divorce.cooling_off.cooling_off_ends > divorce.accepted_on
    validate_uscc(User.objects.get(username="enterprise").uscc)  # both check characters hold
    assert verify_chain().ok


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
