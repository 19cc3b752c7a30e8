"""The ``onewindow`` command: demo accounts, aliases, audit check."""

import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from onewindow.accounts.models import RoleAssignment, User
from onewindow.cli import main
from onewindow.core.audit import verify_chain

pytestmark = pytest.mark.django_db


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
    assert User.objects.count() == len(rows)
    assert RoleAssignment.objects.count() == sum(1 for row in rows if row["role"])
    assert User.objects.get(username="citizen").check_password("Demo-Password-42")
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
