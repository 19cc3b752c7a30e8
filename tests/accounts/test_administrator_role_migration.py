"""The migration that splits the old administrator role: each administrator becomes a system
administrator (once), no account stays a superuser, only duty holders keep staff status.

It runs in a fresh database of the test database's kind (tests/accounts/admin_migration_run.py,
in a process of its own), where accounts 0001 needs only a few migrations before it: taking the
test database back to 0001 would unapply, and then reapply, every app's migrations."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

# CI runs it once, on PostgreSQL: the data migration's logic is the same on either database.
pytestmark = pytest.mark.once

SCRIPT = Path(__file__).with_name("admin_migration_run.py")
PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fresh_database(tmp_path):
    """The URL of an empty database of the test database's kind, dropped afterwards."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        yield f"sqlite:///{tmp_path / 'migration.sqlite3'}"
        return
    name = f"onewindow_migration_{uuid.uuid4().hex[:12]}"
    server = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    try:
        yield f"postgres://{user}@{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(**server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_administrators_become_system_administrators_and_superusers_go(fresh_database):
    env = os.environ | {
        "DATABASE_URL": fresh_database,
        "DJANGO_SETTINGS_MODULE": "onewindow.settings",
        "ONEWINDOW_ENV": "test",
        "ONEWINDOW_KEYS_DIR": str(settings.KEYS_DIR),
        "PYTHONPATH": str(PROJECT),
    }
    result = subprocess.run(
        [sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    left = json.loads(result.stdout.strip().splitlines()[-1])

    assert left["roles"]["old_admin"] == [["system_administrator", "T-1"]]  # once
    assert left["roles"]["clerk"] == [["window_clerk", "T-1"]]
    assert left["superusers"] == []
    assert left["staff"] == ["old_admin"]
    assert left["groups"]["old_admin"] == ["system_administrator"]
    assert "administrator" not in left["all_groups"]
