"""Settings for the test suite: the production settings module in ``test`` mode."""

import os

os.environ["ONEWINDOW_ENV"] = "test"

from onewindow.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not :memory:, so threaded tests (concurrent writers, live server) share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
