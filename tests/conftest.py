import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.load_profile("default")


@pytest.fixture(autouse=True)
def _isolated_keys_dir(settings, tmp_path_factory):
    """Each test session gets its own throwaway key under a temporary var/keys."""
    settings.KEYS_DIR = tmp_path_factory.getbasetemp() / "keys"


@pytest.fixture
def catalogue(db):
    """The repository's catalogue, loaded as `onewindow load-catalogue` loads it."""
    from onewindow.accounts import departments_data
    from onewindow.catalog.services import load_catalogue

    departments_data.load()
    return load_catalogue()
