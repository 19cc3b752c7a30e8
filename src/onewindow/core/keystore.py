"""Signing keys at rest and the bytes they sign.

Private keys (the exchange's provider keys, the departments' e-seals) are stored SM4-GCM
encrypted under a key derived from the master key for one purpose, bound to their key id, so
a wrapped key copied onto another key's row does not decrypt. Signed documents are encoded
canonically: JSON with sorted keys, no spaces, non-ASCII kept, UTF-8.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime

from onewindow.core import crypto, keys

PREFIX = "sm4gcm:v1:"


def _wrapping_key(purpose: str) -> bytes:
    return crypto.derive_key(keys.master_key(), purpose, crypto.SM4_KEY_BYTES)


def wrap_private_key(purpose: str, key_id: str, private_key: str) -> str:
    blob = crypto.sm4_encrypt(_wrapping_key(purpose), private_key.encode(), key_id.encode())
    return PREFIX + crypto.b64(blob)


def unwrap_private_key(purpose: str, key_id: str, wrapped: str) -> str:
    """Raises ``crypto.CryptoError`` if the wrapped key was altered or belongs to another id."""
    blob = crypto.unb64(wrapped.removeprefix(PREFIX))
    return crypto.sm4_decrypt(_wrapping_key(purpose), blob, key_id.encode()).decode()


def new_key_id(owner: str, now: datetime) -> str:
    """``<owner>-<yyyymmdd>-<8 hex>``: readable, unique, and says when the key was made."""
    return f"{owner}-{now:%Y%m%d}-{secrets.token_hex(4)}"


@dataclass(frozen=True)
class NewKey:
    """A fresh SM2 key pair as it is stored: the private key already wrapped."""

    key_id: str
    public_key: str
    wrapped_private_key: str


def new_key(purpose: str, owner: str, now: datetime) -> NewKey:
    pair = crypto.SM2KeyPair.generate()
    key_id = new_key_id(owner, now)
    return NewKey(key_id, pair.public_key, wrap_private_key(purpose, key_id, pair.private_key))


def canonical_json(document: dict) -> bytes:
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
