"""ID numbers and phone numbers are SM4-encrypted at rest, blind-indexed and masked."""

import pytest
from django.db import connection

from onewindow.accounts.selectors import user_by_id_number
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def test_the_raw_table_holds_no_plaintext_id_or_phone_number():
    user = CitizenFactory(phone="13812345678")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_user WHERE id = %s", [user.pk])
        raw = " ".join(str(value) for value in cursor.fetchone())
    assert user.id_number not in raw
    assert user.id_number[6:14] not in raw  # not even the birth date
    assert "13812345678" not in raw
    assert "sm4gcm:v1:" in raw


def test_a_user_is_found_by_id_number_through_the_blind_index():
    user = CitizenFactory()
    assert user_by_id_number(user.id_number.lower()) == user
    assert user_by_id_number("11010519491231002X") is None


def test_ciphertext_moved_to_another_column_does_not_decrypt():
    user = CitizenFactory()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET phone = id_number WHERE id = %s", [user.pk])
    from onewindow.core.crypto import CryptoError

    with pytest.raises(CryptoError):
        type(user).objects.get(pk=user.pk)


def test_numbers_are_shown_masked():
    user = CitizenFactory(phone="13812345678")
    assert user.id_number_masked == user.id_number[:4] + "*" * 10 + user.id_number[-4:]
    assert user.phone_masked == "138****5678"
