"""Personal data at rest: SM4-GCM encrypted model fields and keyed blind indexes."""

from __future__ import annotations

from django.db import models

from onewindow.core import crypto, keys

PREFIX = "sm4gcm:v1:"


def blind_index(purpose: str, value: str) -> str:
    """HMAC-SM3 of a normalized value: equal inputs give equal indexes, nothing else leaks."""
    if not value:
        return ""
    return crypto.hmac_sm3(keys.blind_index_key(), f"{purpose}:{value}".encode()).hex()


class EncryptedCharField(models.TextField):
    """A string stored SM4-GCM encrypted, bound to its table and column.

    Cannot be filtered on; pair it with a blind-index column for exact lookups.
    """

    def _associated_data(self) -> bytes:
        return f"{self.model._meta.label}.{self.name}".encode()

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        blob = crypto.sm4_encrypt(
            keys.data_encryption_key(), value.encode(), self._associated_data()
        )
        return PREFIX + crypto.b64(blob)

    def from_db_value(self, value, expression, connection):
        if value in (None, "") or not value.startswith(PREFIX):
            return value
        blob = crypto.unb64(value[len(PREFIX) :])
        return crypto.sm4_decrypt(
            keys.data_encryption_key(), blob, self._associated_data()
        ).decode()
