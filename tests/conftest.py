import pytest
from hypothesis import HealthCheck, settings

# Real-name registration fixtures (registry records, the SMS console) for every test folder.
pytest_plugins = ["tests.identity"]

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.load_profile("default")


@pytest.fixture(autouse=True)
def _isolated_keys_dir(settings, tmp_path_factory):
    """Each test session gets its own throwaway key under a temporary var/keys."""
    settings.KEYS_DIR = tmp_path_factory.getbasetemp() / "keys"


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Each test stores its uploads and documents under its own temporary folder, so tests
    running side by side (pytest-xdist workers) never see each other's files."""
    settings.MEDIA_ROOT = tmp_path / "media"


def zh(msgid: str) -> str:
    """A UI text as the Simplified Chinese pages show it (tests follow the catalogue)."""
    from django.utils import translation

    with translation.override("zh-hans"):
        return translation.gettext(msgid)


def restore_migration_data():
    """Reload what migrations put in the database, if a transactional test's flush emptied it."""
    from onewindow.core import divisions_data
    from onewindow.core import services as core_services
    from onewindow.core.models import CalendarYear, Division

    if not Division.objects.exists():
        divisions_data.load(Division)
    if not CalendarYear.objects.exists():
        core_services.seed_calendar()


def _flushes_the_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    names = getattr(item, "fixturenames", ())
    return bool(transactional) or "transactional_db" in names or "live_server" in names


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying every table, migration data included; put the
    divisions and the calendar back, so no later test depends on which test ran before it
    (with pytest-xdist, each worker runs a different selection in its own order)."""
    yield
    if nextitem is None or not _flushes_the_database(item):
        return  # the last test's teardown also destroyed the test database
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        restore_migration_data()


@pytest.fixture
def catalogue(db):
    """The repository's catalogue, loaded as `onewindow load-catalogue` loads it."""
    from onewindow.accounts import departments_data
    from onewindow.catalog.services import load_catalogue

    restore_migration_data()
    departments_data.load()
    return load_catalogue()


@pytest.fixture
def duty_client(client, settings, db):
    """``duty_client(role)``: the test client signed in as a new holder of an administrator
    duty (system, security or audit administrator); the platform has no superusers."""

    def signed_in(role: str):
        from tests.factories import OfficialFactory

        settings.ONEWINDOW_REQUIRE_OTP = False  # the admin's own login is covered by the 2FA tests
        client.force_login(OfficialFactory(role=role))
        return client

    return signed_in
