"""Settings for the test suite: the production settings module in ``test`` mode."""

import os

os.environ["ONEWINDOW_ENV"] = "test"

from onewindow.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
