"""One case per Idempotency-Key, and only for the request that first used it.

The key is stored with an SM3 fingerprint of the request: the item, the form and each
uploaded file's digest, in a canonical JSON form (keys sorted), so a retry of the same request
finds its case while the same key with another body is refused (draft-ietf-httpapi-
idempotency-key-header: 422). File names are left out: a retry may name the same bytes anew.
"""

from __future__ import annotations

import json

from django.utils.translation import gettext as _

from onewindow.cases.models import Case
from onewindow.core.crypto import sm3_hex


class KeyReused(Exception):
    """The key already filed a case for a request with a different body."""

    def __init__(self, case: Case):
        self.case = case
        super().__init__(
            _(
                "This Idempotency-Key was already used for a different request; send a new "
                "key for a new application."
            )
        )


def fingerprint(item_code, form, uploads: dict) -> str:
    """SM3 over the canonical request: item, form, and per material key its file's SM3."""
    files = {
        str(key): sm3_hex(content) if isinstance(content, bytes) else repr(content)
        for key, (_name, content) in uploads.items()
    }
    canonical = json.dumps(
        {"item": item_code, "form": form, "materials": files},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return sm3_hex(canonical.encode("utf-8", "surrogatepass"))


def same_request(case: Case, request_fingerprint: str) -> Case:
    """The case the key filed, if this is the same request; :class:`KeyReused` otherwise.
    A case filed before fingerprints were kept has none and answers as before."""
    if case.idempotency_fingerprint and case.idempotency_fingerprint != request_fingerprint:
        raise KeyReused(case)
    return case
