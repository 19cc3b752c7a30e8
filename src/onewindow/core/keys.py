"""Where the platform's secrets come from: the environment, a key file, or (dev/test) var/.

Keys never live in the repository or the database in clear. In dev and test mode a
throwaway master key is generated once under ``settings.KEYS_DIR``.
"""

from __future__ import annotations

import functools
import os
import secrets
import threading
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from onewindow.core import crypto

MASTER_KEY_BYTES = 32


def _parse_hex_key(text: str, origin: str) -> bytes:
    text = text.strip()
    try:
        key = bytes.fromhex(text)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{origin} is not hexadecimal") from exc
    if len(key) != MASTER_KEY_BYTES:
        raise ImproperlyConfigured(f"{origin} must be {MASTER_KEY_BYTES * 2} hex digits")
    return key


def _throwaway_key_file() -> Path:
    """Create var/keys/data.key once; concurrent first runs (processes or threads) agree on one
    key: each writes its own draft, and the link is atomic."""
    path = Path(settings.KEYS_DIR) / "data.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f"data.key.{os.getpid()}.{threading.get_ident()}.tmp")
        draft.touch(mode=0o600)
        draft.write_text(secrets.token_hex(MASTER_KEY_BYTES) + "\n")
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path


@functools.cache
def master_key() -> bytes:
    if settings.DATA_KEY:
        return _parse_hex_key(settings.DATA_KEY, "ONEWINDOW_DATA_KEY")
    if settings.DATA_KEY_FILE:
        path = Path(settings.DATA_KEY_FILE)
        return _parse_hex_key(path.read_text(), str(path))
    if settings.PRODUCTION:
        raise ImproperlyConfigured("no data key configured")
    path = _throwaway_key_file()
    return _parse_hex_key(path.read_text(), str(path))


def data_encryption_key() -> bytes:
    """SM4 key for personal data at rest."""
    return crypto.derive_key(master_key(), "personal-data-sm4", crypto.SM4_KEY_BYTES)


def blind_index_key() -> bytes:
    """HMAC-SM3 key for exact-match lookups over encrypted values."""
    return crypto.derive_key(master_key(), "blind-index-hmac-sm3")
