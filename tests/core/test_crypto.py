"""SM3, SM4 and SM2 through the core crypto module."""

import os
import secrets

import pytest
from gmssl import sm2
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from onewindow.core import crypto


def test_sm3_matches_the_standards_test_vector():
    # GB/T 32905-2016, example 1: SM3("abc").
    assert crypto.sm3_hex(b"abc") == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )


def test_sm4_matches_the_standards_test_vector():
    # GB/T 32907-2016, example 1: one block under SM4-ECB.
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    key = bytes.fromhex("0123456789abcdeffedcba9876543210")
    encryptor = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()  # noqa: S305
    assert (encryptor.update(key) + encryptor.finalize()).hex() == (
        "681edf34d206965e86b3e94f536e4246"
    )


@given(st.binary(max_size=512), st.binary(max_size=32))
def test_sm4_gcm_round_trips(plaintext, associated):
    key = os.urandom(16)
    assert crypto.sm4_decrypt(key, crypto.sm4_encrypt(key, plaintext, associated), associated) == (
        plaintext
    )


@given(st.binary(min_size=1, max_size=64), st.data())
def test_sm4_gcm_detects_any_flipped_bit(plaintext, data):
    key = os.urandom(16)
    blob = bytearray(crypto.sm4_encrypt(key, plaintext))
    position = data.draw(st.integers(0, len(blob) * 8 - 1))
    blob[position // 8] ^= 1 << (position % 8)
    with pytest.raises(crypto.CryptoError):
        crypto.sm4_decrypt(key, bytes(blob))


def test_sm4_ciphertext_is_bound_to_its_associated_data():
    key = os.urandom(16)
    blob = crypto.sm4_encrypt(key, b"440106199001011234", b"accounts.User.id_number")
    with pytest.raises(crypto.CryptoError):
        crypto.sm4_decrypt(key, blob, b"accounts.User.phone")


def test_sm4_encryption_is_randomized():
    key = os.urandom(16)
    assert crypto.sm4_encrypt(key, b"same") != crypto.sm4_encrypt(key, b"same")


def test_sm2_signature_verifies_and_fails_on_changed_data_or_key():
    pair = crypto.SM2KeyPair.generate()
    other = crypto.SM2KeyPair.generate()
    message = "营业执照 91440106MA5CXXXX".encode()
    signature = pair.sign(message)
    assert len(signature) == 128
    assert crypto.sm2_verify(pair.public_key, signature, message)
    assert not crypto.sm2_verify(pair.public_key, signature, message + b" ")
    assert not crypto.sm2_verify(other.public_key, signature, message)


def test_sm2_signatures_use_fresh_nonces():
    pair = crypto.SM2KeyPair.generate()
    assert pair.sign(b"x") != pair.sign(b"x")


@pytest.mark.parametrize("signature", ["", "zz" * 64, "0" * 128, "ab" * 63])
def test_malformed_sm2_signatures_are_rejected_not_raised(signature):
    pair = crypto.SM2KeyPair.generate()
    assert crypto.sm2_verify(pair.public_key, signature, b"data") is False


def test_generated_keys_differ_and_public_key_is_a_curve_point():
    a, b = crypto.SM2KeyPair.generate(), crypto.SM2KeyPair.generate()
    assert a.private_key != b.private_key
    assert len(a.public_key) == 128


def test_derived_keys_are_separate_per_purpose():
    master = os.urandom(32)
    assert crypto.derive_key(master, "a") != crypto.derive_key(master, "b")
    assert crypto.derive_key(master, "a") == crypto.derive_key(master, "a")


def _affine_multiple(k: int) -> str:
    """k·G on the SM2 curve by plain affine double-and-add, independent of gmssl."""
    p = int("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF", 16)
    a = p - 3
    g = crypto._SM2_G
    point, result = (int(g[:64], 16), int(g[64:], 16)), None
    while k:
        if k & 1:
            result = point if result is None else _affine_add(result, point, a, p)
        point = _affine_add(point, point, a, p)
        k >>= 1
    return f"{result[0]:064x}{result[1]:064x}"


def _affine_add(one, two, a, p):
    if one == two:
        slope = (3 * one[0] * one[0] + a) * pow(2 * one[1], -1, p) % p
    else:
        slope = (two[1] - one[1]) * pow(two[0] - one[0], -1, p) % p
    x = (slope * slope - one[0] - two[0]) % p
    return x, (slope * (one[0] - x) - one[1]) % p


def test_a_public_key_beginning_with_04_signs_and_verifies():
    # 11·G's x begins with 0x04: gmssl's constructor once stripped it as an "04" prefix.
    pair = crypto.SM2KeyPair(private_key=f"{11:064x}", public_key=_affine_multiple(11))
    assert pair.public_key.startswith("04")
    signature = pair.sign(b"certificate")
    assert crypto.sm2_verify(pair.public_key, signature, b"certificate")
    assert not crypto.sm2_verify(pair.public_key, signature, b"certificatf")


@given(st.integers(min_value=1, max_value=2**64))
def test_generated_public_keys_are_the_private_multiple_of_the_base_point(d):
    engine_key = crypto._gmssl(f"{d:064x}", "")._kg(d, crypto._SM2_G)
    assert engine_key == _affine_multiple(d)


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=300))
def test_sm2_signatures_agree_with_gmssls_own_sm3_path(message):
    # The digest is computed with OpenSSL's SM3; gmssl's sign_with_sm3 / verify_with_sm3
    # compute the same Z-value and digest in pure Python.
    pair = crypto.SM2KeyPair.generate()
    assume(not pair.public_key.startswith("04"))  # gmssl's constructor mangles those
    reference = sm2.CryptSM2(private_key=pair.private_key, public_key=pair.public_key)
    assert reference.verify_with_sm3(pair.sign(message), message)
    nonce = f"{secrets.randbelow(crypto._SM2_N - 1) + 1:064x}"
    assert crypto.sm2_verify(pair.public_key, reference.sign_with_sm3(message, nonce), message)
