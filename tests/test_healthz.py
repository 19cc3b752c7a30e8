"""GET /healthz answers 200 with the database vendor, or 503 when the database is down."""

import os
import subprocess
import sys

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": connection.vendor}


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    # A real unreachable database: a port nothing listens on, or an unopenable SQLite path.
    if connection.vendor == "postgresql":
        url = "postgres://postgres@127.0.0.1:1/none"
    else:
        url = f"sqlite:///{tmp_path}/missing-dir/db.sqlite3"
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz'); print(r.status_code, r.content.decode())"
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "onewindow.settings_test",
        "ONEWINDOW_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.startswith("503"), result.stderr
    assert '"status": "unavailable"' in result.stdout
