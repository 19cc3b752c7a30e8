"""The office tests' fixtures: the outgoing documents' world (``outgoing_world``), and a
private Janus for the conferencing tests: Debian's ``janus`` started once per test session
(each pytest-xdist worker has its own, on free loopback ports) from a configuration written by
``office.conferencing.server``, and the settings that point OneWindow at it."""

import itertools
import os

import pytest

from onewindow.office.conferencing import server
from tests.office import outgoing_world

_rooms = itertools.count(1)


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


@pytest.fixture
def world(db):
    return outgoing_world.build()


@pytest.fixture(scope="session")
def janus_server(tmp_path_factory):
    if server.binary() is None:
        reason = "janus is missing: install Debian's janus package to run the conferencing tests"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI is set, so they must run)", pytrace=False)
        pytest.skip(reason)
    log = tmp_path_factory.mktemp("janus") / "janus.log"
    janus = server.JanusServer(log=log).start()
    yield janus
    janus.stop()


@pytest.fixture
def janus_settings(janus_server, settings):
    """Django settings naming the private Janus and its VideoRoom admin key."""
    settings.ONEWINDOW_JANUS_URL = janus_server.config.url
    settings.ONEWINDOW_JANUS_ADMIN_KEY = janus_server.config.admin_key
    settings.ONEWINDOW_JANUS_ROOM_SECRET = "room-secret-for-tests"
    return settings


@pytest.fixture
def meeting_id(worker_id):
    """A room number no other test of the session uses (rooms outlive a test if it fails)."""
    worker = 0 if worker_id == "master" else int(worker_id.removeprefix("gw"))
    return 1000 * (worker + 1) + next(_rooms)
