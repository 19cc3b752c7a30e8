import os

import pytest
from hypothesis import HealthCheck, settings

# Real-name registration fixtures (registry records, the SMS console) for every test folder.
pytest_plugins = ["tests.identity"]

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.load_profile("default")

# Fixtures through which a test reaches the database (its ``django_db`` mark aside).
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def uses_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config, items):
    """``ONEWINDOW_TESTS_DATABASE_ONLY=1`` (CI's second database): only the tests that reach
    the database; the others do the same on either, and ran on the first."""
    if os.environ.get("ONEWINDOW_TESTS_DATABASE_ONLY") != "1":
        return
    dropped = [item for item in items if not uses_database(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if uses_database(item)]


@pytest.fixture(autouse=True)
def _isolated_keys_dir(settings, tmp_path_factory):
    """Each test session gets its own throwaway key under a temporary var/keys."""
    settings.KEYS_DIR = tmp_path_factory.getbasetemp() / "keys"


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (zh-Hans), whatever an earlier test in the
    same worker activated, and leaves none active."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


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


def restore_migration_data(*, audited: bool = True):
    """Reload what migrations put in the database, if a transactional test's flush emptied it.

    ``audited=False`` loads the calendar as its data migration does, without an audit entry
    (between tests, where an entry would show up in the next test's audit chain)."""
    from onewindow.core import calendar_seed, divisions_data
    from onewindow.core import services as core_services
    from onewindow.core.models import CalendarDay, CalendarYear, Division

    if not Division.objects.exists():
        divisions_data.load(Division)
    if not CalendarYear.objects.exists():
        if audited:
            core_services.seed_calendar()
        else:
            calendar_seed.seed(CalendarDay, CalendarYear)


def _delete_instead_of_truncate() -> None:
    """A transactional test ends by emptying every table (Django's flush). On PostgreSQL that
    is one TRUNCATE of some 200 tables, which gives every table and index a new file: 0.8 s on
    an idle machine, several seconds while the other worker does the same. DELETE in the flush's
    one transaction empties the same tables in about 0.1 s; Django's foreign keys on PostgreSQL
    are DEFERRABLE INITIALLY DEFERRED, so the order of the tables does not matter and they are
    checked, all empty, at commit. Sequences are left as TRUNCATE leaves them (no RESTART)."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [f"DELETE FROM {self.quote_name(table)};" for table in tables]

    DatabaseOperations.sql_flush = sql_flush


def pytest_configure(config):
    _delete_instead_of_truncate()


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
        restore_migration_data(audited=False)


@pytest.fixture
def unpublished_year(db):
    """``unpublished_year(2027)``: the year has no holiday arrangement in the calendar, as at
    a year end before the State Council's notice is entered (whatever the seed package holds)."""

    def make(year: int) -> None:
        from onewindow.core.models import CalendarDay, CalendarYear

        CalendarDay.objects.filter(date__year=year).delete()
        CalendarYear.objects.filter(year=year).delete()

    return make


@pytest.fixture
def catalogue(db):
    """The repository's catalogue, loaded as `onewindow load-catalogue` loads it."""
    from onewindow.accounts import departments_data
    from tests import catalogue_snapshot

    restore_migration_data()
    departments_data.load()
    return catalogue_snapshot.load()


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
