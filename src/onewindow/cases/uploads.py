"""Checks on uploaded materials: size, and a type sniffed from the content, not the name.

Only PDF, JPEG, PNG and OFD (GB/T 33190, the national fixed-layout format: a ZIP whose root
holds OFD.xml) are accepted. Images must decode; a PDF must carry its header and trailer.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from onewindow.core.crypto import sm3_hex

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "application/ofd": (".ofd",),
}


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    name: str
    content_type: str
    digest: str


def max_bytes() -> int:
    return int(getattr(settings, "ONEWINDOW_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES))


def sniff(content: bytes) -> str | None:
    """The content type the bytes really are, or None if not one we accept."""
    if content.startswith(b"%PDF-"):
        return "application/pdf" if b"%%EOF" in content[-1024:] else None
    if content.startswith(b"\xff\xd8\xff") or content.startswith(b"\x89PNG\r\n\x1a\n"):
        try:
            with Image.open(io.BytesIO(content)) as image:
                image.verify()
                return {"JPEG": "image/jpeg", "PNG": "image/png"}.get(image.format)
        except (UnidentifiedImageError, OSError, SyntaxError):
            return None
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                return "application/ofd" if "OFD.xml" in archive.namelist() else None
        except zipfile.BadZipFile:
            return None
    return None


def check_upload(name: str, content: bytes, *, field: str) -> CheckedFile:
    """The file if it is an acceptable material; a ValidationError naming ``field`` if not."""
    limit = max_bytes()
    if not content:
        raise ValidationError({field: [_("The file %(name)s is empty.") % {"name": name}]})
    if len(content) > limit:
        raise ValidationError(
            {
                field: [
                    _("The file %(name)s is larger than %(limit)d MB.")
                    % {"name": name, "limit": limit // (1024 * 1024)}
                ]
            }
        )
    content_type = sniff(content)
    if content_type is None:
        raise ValidationError(
            {
                field: [
                    _("The file %(name)s is not a readable PDF, JPG, PNG or OFD document.")
                    % {"name": name}
                ]
            }
        )
    if not name.lower().endswith(EXTENSIONS[content_type]):
        raise ValidationError(
            {
                field: [
                    _("The file %(name)s is named as another type than its content (%(type)s).")
                    % {"name": name, "type": content_type}
                ]
            }
        )
    return CheckedFile(
        content=content, name=name, content_type=content_type, digest=sm3_hex(content)
    )
