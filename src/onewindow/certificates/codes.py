"""Verification codes: a random code printed next to a certificate's number and carried in its
QR code. Public verification by number needs both, so sequential numbers cannot be walked to
enumerate certificates (issue 18, finding 1)."""

from __future__ import annotations

import hmac
import re
import secrets
import unicodedata

# No 0/O, 1/I/L: a code copied by hand from paper reads back the same.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10  # 31**10, about 2**49 codes per certificate number
GROUP = 5
_SEPARATORS = re.compile(r"[\s\-－—–·.]+")


def new() -> str:
    """A fresh code from the operating system's CSPRNG."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(value) -> str:
    """What a person typed, as stored: full-width forms folded, upper case, spaces and dashes
    dropped."""
    if not isinstance(value, str):
        return ""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", value)).upper()[: LENGTH * 2]


def grouped(code: str) -> str:
    """K7P2QXM9RT -> K7P2Q-XM9RT, the way it is printed."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def matches(given: str, stored: str | None) -> bool:
    """Constant-time comparison; a certificate that does not exist compares like a wrong code."""
    expected = stored or "-" * LENGTH
    return hmac.compare_digest(normalize(given).encode(), expected.encode()) and bool(stored)
