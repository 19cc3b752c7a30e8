"""Checks on uploaded materials: size, and a type sniffed from the content, not the name.

Only PDF, JPEG, PNG and OFD (GB/T 33190, the national fixed-layout format: a ZIP whose root
holds OFD.xml) are accepted. A PDF must parse (pypdf), not be encrypted, and carry no active
content: no JavaScript, launch, form-submission or import actions, no actions that leave the
file (a URI, another file, an embedded file), no action run on opening, no automatic actions,
embedded files, rich media or XFA forms, which the officials' viewers would run or open. An
image must decode and stay under a pixel count a scan needs (a decompression bomb is a small
file that expands to gigabytes); an OFD's ZIP must expand to a bounded size and ratio.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from onewindow.core.crypto import sm3_hex

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 60_000_000  # an A3 page scanned at 600 dpi is about 70 million; A4 35
MAX_ZIP_EXPANDED = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100
MAX_PDF_OBJECTS = 500_000
MAX_NAME_CHARS = 100  # the stored path is cases/YYYY/MM/<name>, at most 100 characters
MAX_NAME_BYTES = 240  # a file system takes 255 bytes per name; UTF-8 Chinese is 3 a character

# Keys and action types of active PDF content (ISO 32000-1 §12.6, §12.5.6.18, §7.11.4).
_ACTIVE_KEYS = {
    "/JS",
    "/JavaScript",
    "/AA",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/RichMedia",
    "/XFA",
}
# Actions that run code, send data or leave the file (§12.6.4: GoToR, GoToE, Launch, URI …);
# a plain /GoTo within the document stays allowed.
_ACTIVE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/RichMediaExecute",
    "/GoToR",
    "/GoToE",
    "/URI",
}

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


class Refused(Exception):
    """The content is of an accepted type but unsafe; the message says why (translated)."""


def sniff(content: bytes) -> str | None:
    """The content type the bytes really are, or None if not one we accept.

    Raises :class:`Refused` for a file of an accepted type that must not be stored.
    """
    if content.startswith(b"%PDF-"):
        if b"%%EOF" not in content[-1024:]:
            return None
        _check_pdf(content)
        return "application/pdf"
    if content.startswith(b"\xff\xd8\xff") or content.startswith(b"\x89PNG\r\n\x1a\n"):
        return _image_type(content)
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                if "OFD.xml" not in archive.namelist():
                    return None
                _check_zip(archive, len(content))
                return "application/ofd"
        except zipfile.BadZipFile:
            return None
    return None


def _image_type(content: bytes) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise Refused(_too_many_pixels(width, height))
                image.verify()
                return {"JPEG": "image/jpeg", "PNG": "image/png"}.get(image.format)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise Refused(_("The image is too large to open safely.")) from exc
    except (UnidentifiedImageError, OSError, SyntaxError):
        return None


def _too_many_pixels(width: int, height: int) -> str:
    return _(
        "The image is %(width)d × %(height)d pixels; at most %(limit)d million are accepted."
    ) % {
        "width": width,
        "height": height,
        "limit": MAX_IMAGE_PIXELS // 1_000_000,
    }


def _check_zip(archive: zipfile.ZipFile, size: int) -> None:
    """Refuse a ZIP that expands far beyond its size (a zip bomb), without expanding it."""
    expanded = sum(member.file_size for member in archive.infolist())
    if expanded > MAX_ZIP_EXPANDED or expanded > MAX_ZIP_RATIO * size:
        raise Refused(
            _("The OFD archive would expand to %(mb)d MB; it is refused as a possible zip bomb.")
            % {"mb": expanded // (1024 * 1024)}
        )


def _check_pdf(content: bytes) -> None:
    """Parse the PDF and refuse encryption or active content anywhere in its object graph."""
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise Refused(_("Encrypted PDF files cannot be checked and are not accepted."))
        found = _active_content(reader.trailer)
    except (PyPdfError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise Refused(_("The PDF file cannot be read: it is damaged.")) from exc
    if found:
        raise Refused(
            _("The PDF file contains active content (%(what)s), which is not accepted.")
            % {"what": found}
        )


def _active_content(root) -> str:
    """The first active key or action reachable from ``root``, else an action run on opening,
    or ""."""
    seen, stack, visited, opening = set(), [root], 0, ""
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                continue
            seen.add(node.idnum)
            node = node.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            raise ValueError("too many objects")
        if isinstance(node, DictionaryObject):
            active = _ACTIVE_KEYS.intersection(node.keys())
            if active:
                return sorted(active)[0].lstrip("/")
            kind = _action_kind(node)
            if kind in _ACTIVE_ACTIONS:
                return kind.lstrip("/")
            if "/OpenAction" in node and isinstance(node["/OpenAction"], DictionaryObject):
                opening = "OpenAction"  # §12.3.2: an action (not a page to open at) runs unasked
            stack.extend(node.values())
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return opening


def _action_kind(node: DictionaryObject) -> str:
    """The action type /S of a dictionary (its name decoded from #xx escapes), or ""."""
    kind = node.get("/S")
    if isinstance(kind, IndirectObject):
        kind = kind.get_object()
    return str(kind) if kind is not None else ""


def _name_problem(name: str) -> str:
    """Why a file name cannot be stored as given, or "": a name is one name, not a path."""
    if not isinstance(name, str) or not name.strip() or name.strip(".") == "":
        return _("The file has no name.")
    if "/" in name or "\\" in name:
        return _("The file name %(name)s contains a folder; send the file's own name only.") % {
            "name": name
        }
    if any(ord(char) < 32 or ord(char) == 127 or 0xD800 <= ord(char) < 0xE000 for char in name):
        return _("The file name contains control characters or invalid text.")
    if len(name) > MAX_NAME_CHARS or len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return _("The file name is longer than %(limit)d characters.") % {"limit": MAX_NAME_CHARS}
    return ""


def check_upload(name: str, content: bytes, *, field: str) -> CheckedFile:
    """The file if it is an acceptable material; a ValidationError naming ``field`` if not."""
    problem = _name_problem(name)
    if problem:
        raise ValidationError({field: [problem]})
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
    try:
        content_type = sniff(content)
    except Refused as refused:
        raise ValidationError(
            {
                field: [
                    _("The file %(name)s is refused: %(reason)s")
                    % {"name": name, "reason": refused}
                ]
            }
        ) from refused
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
