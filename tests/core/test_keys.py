"""Keys come from the environment or a key file; dev/test generate a throwaway under var/."""

import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from onewindow.core import keys


@pytest.fixture(autouse=True)
def _fresh_cache():
    keys.master_key.cache_clear()
    yield
    keys.master_key.cache_clear()


def test_the_key_comes_from_the_environment_setting(settings):
    settings.DATA_KEY = "ab" * 32
    assert keys.master_key() == bytes.fromhex("ab" * 32)


def test_a_key_file_is_read(settings, tmp_path):
    path = tmp_path / "data.key"
    path.write_text("cd" * 32 + "\n")
    settings.DATA_KEY, settings.DATA_KEY_FILE = "", str(path)
    assert keys.master_key() == bytes.fromhex("cd" * 32)


def test_a_malformed_key_is_refused(settings):
    settings.DATA_KEY = "not-hex"
    with pytest.raises(ImproperlyConfigured):
        keys.master_key()


def test_test_mode_generates_a_private_throwaway_key_file(settings, tmp_path):
    settings.DATA_KEY, settings.DATA_KEY_FILE, settings.KEYS_DIR = "", "", tmp_path / "k"
    first = keys.master_key()
    keys.master_key.cache_clear()
    assert keys.master_key() == first
    assert oct((tmp_path / "k" / "data.key").stat().st_mode & 0o777) == "0o600"


def _start_production(env_extra):
    env = {"PATH": "/usr/bin:/bin", "ONEWINDOW_ENV": "production", **env_extra}
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='onewindow.settings'; django.setup()"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


def test_production_refuses_to_start_without_secret_key():
    result = _start_production({"ONEWINDOW_DATA_KEY": "ab" * 32})
    assert result.returncode != 0
    assert "ONEWINDOW_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_data_key():
    result = _start_production({"ONEWINDOW_SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "ONEWINDOW_DATA_KEY" in result.stderr


def test_production_starts_with_both_secrets():
    result = _start_production({"ONEWINDOW_SECRET_KEY": "x" * 50, "ONEWINDOW_DATA_KEY": "ab" * 32})
    assert result.returncode == 0, result.stderr
