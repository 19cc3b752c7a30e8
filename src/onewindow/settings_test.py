"""Settings for the test suite: the production settings module in ``test`` mode."""

import os

os.environ["ONEWINDOW_ENV"] = "test"

from onewindow.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Scenarios move the clock by days, forward and back, between requests of one session, which
# is then saved at those times; the idle limit has tests of its own that set it to 30 minutes.
ONEWINDOW_OFFICIAL_IDLE_MINUTES = 10 * 365 * 24 * 60
SESSION_COOKIE_AGE = 10 * 365 * 24 * 3600

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not :memory:, so threaded tests (concurrent writers, live server) share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
