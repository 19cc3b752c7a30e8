import pytest

from onewindow.accounts import departments_data
from onewindow.catalog.services import load_catalogue


@pytest.fixture
def catalogue(db):
    """The repository's catalogue, loaded as `onewindow load-catalogue` loads it."""
    departments_data.load()
    return load_catalogue()
