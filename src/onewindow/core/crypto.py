"""Chinese national cryptography: SM3 digests, SM2 signatures, SM4 encryption.

SM3 and SM4 come from ``cryptography`` (OpenSSL); SM2's curve arithmetic from ``gmssl``
(GB/T 32918). The digest an SM2 signature covers (the Z-value over the default user id, then
the message) is computed here with OpenSSL's SM3, which is what gmssl's ``sign_with_sm3``
computes in pure Python at about 3 ms a message. gmssl draws nonces from ``random``, which is
not a CSPRNG, so this module supplies every private key and nonce from ``secrets`` itself.
"""

from __future__ import annotations

import base64
import functools
import os
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from gmssl import sm2

_SM2_N = int(sm2.default_ecc_table["n"], 16)
_SM2_G = sm2.default_ecc_table["g"]
# ENTL || ID || a || b || xG || yG of Z_A (GB/T 32918.2 §5.5), with the default user id
# "1234567812345678" (GM/T 0009); the public key's x || y completes it.
_SM2_Z_HEAD = bytes.fromhex(
    "0080"
    + b"1234567812345678".hex()
    + sm2.default_ecc_table["a"]
    + sm2.default_ecc_table["b"]
    + _SM2_G
)

SM4_KEY_BYTES = 16
_GCM_NONCE_BYTES = 12
_GCM_TAG_BYTES = 16


class CryptoError(Exception):
    """A ciphertext, key or signature is malformed or fails authentication."""


def sm3_hex(data: bytes) -> str:
    """SM3 digest (GB/T 32905) of ``data`` as 64 lowercase hex digits."""
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def hmac_sm3(key: bytes, data: bytes) -> bytes:
    """HMAC over SM3, used for blind indexes and key derivation."""
    mac = crypto_hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize()


def derive_key(master: bytes, label: str, length: int = 32) -> bytes:
    """A sub-key for one purpose, so one master secret never serves two uses."""
    return hmac_sm3(master, b"onewindow-key:" + label.encode())[:length]


def sm4_encrypt(key: bytes, plaintext: bytes, associated_data: bytes = b"") -> bytes:
    """SM4-GCM: nonce || ciphertext || tag. A fresh random nonce per call."""
    if len(key) != SM4_KEY_BYTES:
        raise CryptoError("SM4 keys are 16 bytes")
    nonce = os.urandom(_GCM_NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    if associated_data:
        encryptor.authenticate_additional_data(associated_data)
    body = encryptor.update(plaintext) + encryptor.finalize()
    return nonce + body + encryptor.tag


def sm4_decrypt(key: bytes, blob: bytes, associated_data: bytes = b"") -> bytes:
    """Inverse of :func:`sm4_encrypt`; raises :class:`CryptoError` on any tampering."""
    if len(key) != SM4_KEY_BYTES:
        raise CryptoError("SM4 keys are 16 bytes")
    if len(blob) < _GCM_NONCE_BYTES + _GCM_TAG_BYTES:
        raise CryptoError("ciphertext too short")
    nonce, body, tag = (
        blob[:_GCM_NONCE_BYTES],
        blob[_GCM_NONCE_BYTES:-_GCM_TAG_BYTES],
        blob[-_GCM_TAG_BYTES:],
    )
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    if associated_data:
        decryptor.authenticate_additional_data(associated_data)
    try:
        return decryptor.update(body) + decryptor.finalize()
    except InvalidTag as exc:
        raise CryptoError("ciphertext failed authentication") from exc


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as exc:
        raise CryptoError("not valid base64") from exc


@dataclass(frozen=True)
class SM2KeyPair:
    """An SM2 key pair as hex: private scalar (64 digits), public point x||y (128 digits)."""

    private_key: str
    public_key: str

    @classmethod
    def generate(cls) -> SM2KeyPair:
        d = secrets.randbelow(_SM2_N - 2) + 1
        private_hex = f"{d:064x}"
        signer = _gmssl(private_hex, "")
        return cls(private_key=private_hex, public_key=signer._kg(d, _SM2_G))

    def sign(self, data: bytes) -> str:
        return sm2_sign(self.private_key, self.public_key, data)


def _gmssl(private_key: str, public_key: str) -> sm2.CryptSM2:
    """gmssl's SM2 over exactly this key.

    Its constructor drops a "04" prefix with ``str.lstrip("04")``, which strips every leading
    0 and 4: one public key in 256 (x beginning with 0x04) lost digits and signed or verified
    against a wrong point. Our keys are always the bare 128-digit x||y, so set it as given.
    """
    engine = sm2.CryptSM2(private_key=private_key, public_key="")
    engine.public_key = public_key
    return engine


def _sm2_message_digest(public_key: str, data: bytes) -> bytes:
    """e = SM3(Z_A || M), the value an SM2 signature signs (GB/T 32918.2 §6.1)."""
    z = bytes.fromhex(sm3_hex(_SM2_Z_HEAD + bytes.fromhex(public_key)))
    return bytes.fromhex(sm3_hex(z + data))


def sm2_sign(private_key: str, public_key: str, data: bytes) -> str:
    """SM2 signature with SM3 (Z-value per GB/T 32918) as r||s, 128 hex digits."""
    signer = _gmssl(private_key, public_key)
    digest = _sm2_message_digest(public_key, data)
    while True:
        nonce = f"{secrets.randbelow(_SM2_N - 1) + 1:064x}"
        signature = signer.sign(digest, nonce)
        if signature:
            return signature


def sm2_verify(public_key: str, signature: str, data: bytes) -> bool:
    """True only for a well-formed signature by ``public_key`` over exactly ``data``.

    The answer is a fact about its three inputs, so each process keeps the latest few
    thousand: pages that show a certificate check the same signature on every view, and a
    pure-Python SM2 verification costs about 10 ms.
    """
    return _sm2_verify(str(public_key), str(signature), bytes(data))


@functools.lru_cache(maxsize=4096)
def _sm2_verify(public_key: str, signature: str, data: bytes) -> bool:
    if len(signature) != 128 or len(public_key) != 128:
        return False
    try:
        r, s = int(signature[:64], 16), int(signature[64:], 16)
        int(public_key, 16)
    except ValueError:
        return False
    if not (0 < r < _SM2_N and 0 < s < _SM2_N):
        return False
    verifier = _gmssl("", public_key)
    try:
        return bool(verifier.verify(signature, _sm2_message_digest(public_key, data)))
    except (ValueError, TypeError, ZeroDivisionError):
        return False
