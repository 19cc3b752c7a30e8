"""The demo's accounts share their published password's hash (one PBKDF2 run for all of
them); outside ``shared_password`` every account's password is salted and hashed alone."""

import pytest

from onewindow.accounts import services

pytestmark = pytest.mark.django_db
PASSWORD = "Shared-demo-2026!"


def test_inside_the_block_one_hash_serves_every_account_with_that_password():
    with services.shared_password(PASSWORD):
        first = services.create_official(username="demo_a", password=PASSWORD, real_name="甲")
        second = services.create_official(username="demo_b", password=PASSWORD, real_name="乙")
        other = services.create_official(username="demo_c", password=PASSWORD + "x", real_name="丙")
    alone = services.create_official(username="demo_d", password=PASSWORD, real_name="丁")
    assert first.password == second.password
    assert len({first.password, other.password, alone.password}) == 3
    for user in (first, second, alone):
        user.refresh_from_db()
        assert user.check_password(PASSWORD)
    assert not first.check_password(PASSWORD + "x")
