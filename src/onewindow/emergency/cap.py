"""Early-warning alerts as OASIS CAP 1.2 messages, with an enveloped SM2 signature.

``to_xml`` writes an alert in the element order of the CAP 1.2 schema; ``sign`` appends a W3C XML
Signature (enveloped, exclusive C14N) as the last child of ``<alert>``, where the schema allows
xmldsig elements; ``verify`` checks it.

Algorithm identifiers: neither W3C nor IETF (RFC 9231, the registry of XML Security URIs) names
SM2 or SM3, so SignatureMethod and DigestMethod carry their OIDs (GM/T 0006) as RFC 3061 URNs:
``urn:oid:1.2.156.10197.1.501`` (SM2 with SM3) and ``urn:oid:1.2.156.10197.1.401`` (SM3). The
``http://www.w3.org/2000/09/xmldsig#sm2-sm3`` seen in China E-Port messages is defined by no W3C
document. Encodings: DigestValue is base64 of the 32-octet SM3 digest; SignatureValue is base64
of r || s, 32 big-endian octets each, as XMLDSig 1.1 (§6.4.3) encodes ECDSA; the SM2 user id is
the default "1234567812345678" (GM/T 0009), as in ``onewindow.core.crypto``.
"""

from __future__ import annotations

import base64
import binascii
import copy
import hmac
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from lxml import etree

from onewindow.core.crypto import sm2_verify, sm3_hex

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
DS_NS = "http://www.w3.org/2000/09/xmldsig#"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
ENVELOPED_SIGNATURE = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
SM2_WITH_SM3 = "urn:oid:1.2.156.10197.1.501"
SM3 = "urn:oid:1.2.156.10197.1.401"

STATUSES = ("Actual", "Exercise", "System", "Test", "Draft")
MESSAGE_TYPES = ("Alert", "Update", "Cancel", "Ack", "Error")
SCOPES = ("Public", "Restricted", "Private")
CATEGORIES = (
    "Geo",
    "Met",
    "Safety",
    "Security",
    "Rescue",
    "Fire",
    "Health",
    "Env",
    "Transport",
    "Infra",
    "CBRNE",
    "Other",
)
RESPONSE_TYPES = (
    "Shelter",
    "Evacuate",
    "Prepare",
    "Execute",
    "Avoid",
    "Monitor",
    "Assess",
    "AllClear",
    "None",
)
URGENCIES = ("Immediate", "Expected", "Future", "Past", "Unknown")
SEVERITIES = ("Extreme", "Severe", "Moderate", "Minor", "Unknown")
CERTAINTIES = ("Observed", "Likely", "Possible", "Unlikely", "Unknown")

# CAP 1.2 §3.2.1: identifier and sender "MUST NOT include spaces, commas or restricted
# characters (< and &)".
_CAP_TOKEN = re.compile(r"[^\s,&<]+")
_LANGUAGE = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")  # xs:language


class SignatureInvalid(ValueError):
    """An alert's XML Signature is missing, unsupported or does not verify."""


@dataclass(frozen=True)
class Area:
    """CAP ``<area>``: polygons are closed rings of (latitude, longitude) in WGS 84."""

    description: str
    polygons: tuple[tuple[tuple[float, float], ...], ...] = ()
    geocodes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Info:
    """CAP ``<info>``: the alert in one language."""

    language: str
    categories: tuple[str, ...]
    event: str
    urgency: str
    severity: str
    certainty: str
    sender_name: str
    headline: str
    description: str
    instruction: str
    effective: datetime | None = None
    onset: datetime | None = None
    expires: datetime | None = None
    web: str = ""
    contact: str = ""
    event_codes: tuple[tuple[str, str], ...] = ()
    parameters: tuple[tuple[str, str], ...] = ()
    response_types: tuple[str, ...] = ()
    areas: tuple[Area, ...] = ()


@dataclass(frozen=True)
class Reference:
    """An earlier message this one updates or cancels."""

    sender: str
    identifier: str
    sent: datetime


@dataclass(frozen=True)
class Alert:
    """CAP ``<alert>``; ``addresses`` is required when the scope is Private (CAP 1.2 §3.2.1)."""

    identifier: str
    sender: str
    sent: datetime
    status: str
    msg_type: str
    scope: str = "Public"
    references: tuple[Reference, ...] = ()
    note: str = ""
    incidents: tuple[str, ...] = ()
    infos: tuple[Info, ...] = ()
    restriction: str = ""
    addresses: tuple[str, ...] = ()


# --- CAP serialization ---------------------------------------------------------------------


def cap_datetime(moment: datetime) -> str:
    """A time as CAP 1.2 writes it: whole seconds and the time's own UTC offset.

    CAP 1.2 §3.2.1 (sent) forbids "Z" and writes UTC as "-00:00"; naive times are refused, as
    nothing says which offset they mean.
    """
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"CAP times carry a UTC offset; {moment!r} is naive")
    if offset % timedelta(minutes=1):
        raise ValueError(f"CAP offsets are whole minutes; {moment!r} has {offset}")
    minutes = int(offset / timedelta(minutes=1))
    sign = "-" if minutes <= 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
        f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
        f"{sign}{hours:02d}:{minutes:02d}"
    )


def to_xml(alert: Alert) -> bytes:
    """The unsigned alert as UTF-8 CAP 1.2, elements in the order of the schema's sequence."""
    root = etree.Element(_cap("alert"), nsmap={None: CAP_NS})
    _add(root, "identifier", _token(alert.identifier, "identifier"))
    _add(root, "sender", _token(alert.sender, "sender"))
    _add(root, "sent", cap_datetime(alert.sent))
    _add(root, "status", _choice(alert.status, STATUSES, "status"))
    _add(root, "msgType", _choice(alert.msg_type, MESSAGE_TYPES, "msgType"))
    _add(root, "scope", _choice(alert.scope, SCOPES, "scope"))
    if alert.scope == "Private" and not alert.addresses:
        raise ValueError("CAP requires addresses when the scope is Private")
    _add_optional(root, "restriction", alert.restriction)
    _add_optional(root, "addresses", _quoted_list(alert.addresses))
    _add_optional(root, "note", alert.note)
    _add_optional(root, "references", " ".join(_reference(ref) for ref in alert.references))
    _add_optional(root, "incidents", _quoted_list(alert.incidents))
    for info in alert.infos:
        _add_info(root, info)
    return _serialize(root.getroottree())


def _add_info(root: etree._Element, info: Info) -> None:
    element = _add(root, "info")
    if not _LANGUAGE.fullmatch(info.language):
        raise ValueError(f"CAP language must be an RFC 3066 code, not {info.language!r}")
    _add(element, "language", info.language)
    if not info.categories:
        raise ValueError("CAP info needs at least one category")
    for category in info.categories:
        _add(element, "category", _choice(category, CATEGORIES, "category"))
    _add(element, "event", info.event)
    for response_type in info.response_types:
        _add(element, "responseType", _choice(response_type, RESPONSE_TYPES, "responseType"))
    _add(element, "urgency", _choice(info.urgency, URGENCIES, "urgency"))
    _add(element, "severity", _choice(info.severity, SEVERITIES, "severity"))
    _add(element, "certainty", _choice(info.certainty, CERTAINTIES, "certainty"))
    _add_pairs(element, "eventCode", info.event_codes)
    for tag, moment in (
        ("effective", info.effective),
        ("onset", info.onset),
        ("expires", info.expires),
    ):
        if moment is not None:
            _add(element, tag, cap_datetime(moment))
    _add_optional(element, "senderName", info.sender_name)
    _add_optional(element, "headline", info.headline)
    _add_optional(element, "description", info.description)
    _add_optional(element, "instruction", info.instruction)
    _add_optional(element, "web", info.web)
    _add_optional(element, "contact", info.contact)
    _add_pairs(element, "parameter", info.parameters)
    for area in info.areas:
        _add_area(element, area)


def _add_area(info: etree._Element, area: Area) -> None:
    element = _add(info, "area")
    _add(element, "areaDesc", area.description)
    for ring in area.polygons:
        _add(element, "polygon", _polygon(ring))
    _add_pairs(element, "geocode", area.geocodes)


def _polygon(ring: Iterable[tuple[float, float]]) -> str:
    """CAP 1.2 §3.2.4: at least four "lat,lon" pairs, the first and the last the same."""
    points = tuple(ring)
    if len(points) < 4 or points[0] != points[-1]:
        raise ValueError("a CAP polygon is a closed ring of at least four points")
    for latitude, longitude in points:
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ValueError(f"({latitude}, {longitude}) is no WGS 84 latitude, longitude")
    return " ".join(f"{_coordinate(lat)},{_coordinate(lon)}" for lat, lon in points)


def _coordinate(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError(f"{value} is no coordinate")
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _reference(reference: Reference) -> str:
    sender = _token(reference.sender, "reference sender")
    identifier = _token(reference.identifier, "reference identifier")
    return f"{sender},{identifier},{cap_datetime(reference.sent)}"


def _quoted_list(values: Iterable[str]) -> str:
    """CAP's whitespace-separated lists, a value with whitespace in double quotes."""
    values = tuple(values)
    if any(not value.strip() or '"' in value for value in values):
        raise ValueError('CAP list values must not be blank nor hold a double quote (")')
    return " ".join(f'"{value}"' if re.search(r"\s", value) else value for value in values)


def _token(value: str, field: str) -> str:
    if not _CAP_TOKEN.fullmatch(value):
        raise ValueError(f"CAP {field} must not be empty nor hold spaces, commas, < or &")
    return value


def _choice(value: str, allowed: tuple[str, ...], field: str) -> str:
    if value not in allowed:
        raise ValueError(f"CAP {field} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _cap(tag: str) -> str:
    return f"{{{CAP_NS}}}{tag}"


def _add(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, _cap(tag))
    element.text = text
    return element


def _add_optional(parent: etree._Element, tag: str, text: str) -> None:
    if text:
        _add(parent, tag, text)


def _add_pairs(parent: etree._Element, tag: str, pairs: Iterable[tuple[str, str]]) -> None:
    for name, value in pairs:
        element = _add(parent, tag)
        _add(element, "valueName", name)
        _add(element, "value", value)


def _serialize(tree: etree._ElementTree) -> bytes:
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


# --- The enveloped signature ---------------------------------------------------------------


def _ds(tag: str) -> str:
    return f"{{{DS_NS}}}{tag}"


def sign(xml: bytes, *, key_id: str, signer: Callable[[bytes], str]) -> bytes:
    """The alert with a ``ds:Signature`` as its last child.

    ``signer`` signs the canonical SignedInfo and returns r || s as 128 hex digits, as
    ``onewindow.core.crypto.sm2_sign`` does; ``key_id`` becomes the KeyName.
    """
    if not key_id or not key_id.strip():
        raise ValueError("a signature needs a key id")
    tree = _parse_alert(xml, ValueError)
    root = tree.getroot()
    if root.find(_ds("Signature")) is not None:
        raise ValueError("the alert is already signed")
    signature = etree.SubElement(root, _ds("Signature"), nsmap={"ds": DS_NS})
    signed_info = etree.SubElement(signature, _ds("SignedInfo"))
    etree.SubElement(signed_info, _ds("CanonicalizationMethod"), Algorithm=EXC_C14N)
    etree.SubElement(signed_info, _ds("SignatureMethod"), Algorithm=SM2_WITH_SM3)
    reference = etree.SubElement(signed_info, _ds("Reference"), URI="")
    transforms = etree.SubElement(reference, _ds("Transforms"))
    etree.SubElement(transforms, _ds("Transform"), Algorithm=ENVELOPED_SIGNATURE)
    etree.SubElement(transforms, _ds("Transform"), Algorithm=EXC_C14N)
    etree.SubElement(reference, _ds("DigestMethod"), Algorithm=SM3)
    digest = etree.SubElement(reference, _ds("DigestValue"))
    digest.text = _b64(_alert_digest(tree, signature))
    value = etree.SubElement(signature, _ds("SignatureValue"))
    value.text = _b64(_signature_octets(signer(_canonical(signed_info))))
    key_info = etree.SubElement(signature, _ds("KeyInfo"))
    etree.SubElement(key_info, _ds("KeyName")).text = key_id
    return _serialize(tree)


def verify(xml: bytes, public_key_for: Callable[[str], str | None]) -> str:
    """The KeyName of the alert's valid signature; :class:`SignatureInvalid` otherwise.

    ``public_key_for`` maps a key name to its SM2 public key (128 hex digits x || y) or None.
    """
    tree = _parse_alert(xml, SignatureInvalid)
    signatures = tree.getroot().findall(_ds("Signature"))
    if not signatures:
        raise SignatureInvalid("no signature: the alert carries no ds:Signature")
    if len(signatures) > 1:
        raise SignatureInvalid("more than one ds:Signature on the alert")
    signature = signatures[0]
    signed_info = _child(signature, "SignedInfo")
    _expect_algorithm(_child(signed_info, "CanonicalizationMethod"), EXC_C14N)
    _expect_algorithm(_child(signed_info, "SignatureMethod"), SM2_WITH_SM3)
    references = signed_info.findall(_ds("Reference"))
    if len(references) != 1 or references[0].get("URI") != "":
        raise SignatureInvalid('unsupported reference: expected one ds:Reference with URI=""')
    reference = references[0]
    transforms = _child(reference, "Transforms").findall(_ds("Transform"))
    if [transform.get("Algorithm") for transform in transforms] != [
        ENVELOPED_SIGNATURE,
        EXC_C14N,
    ] or any(len(transform) for transform in transforms):
        raise SignatureInvalid(
            "unsupported algorithm: the transforms must be enveloped-signature, then exc-c14n"
        )
    _expect_algorithm(_child(reference, "DigestMethod"), SM3)

    key_name = (_child(_child(signature, "KeyInfo"), "KeyName").text or "").strip()
    public_key = public_key_for(key_name)
    if not public_key:
        raise SignatureInvalid(f"unknown key: no public key for KeyName {key_name!r}")

    claimed = _unb64(_child(reference, "DigestValue").text, "DigestValue")
    if not hmac.compare_digest(claimed, _alert_digest(tree, signature)):
        raise SignatureInvalid("digest mismatch: the alert changed after it was signed")
    octets = _unb64(_child(signature, "SignatureValue").text, "SignatureValue")
    if len(octets) != 64 or not sm2_verify(public_key, octets.hex(), _canonical(signed_info)):
        raise SignatureInvalid(f"bad signature: SignatureValue does not verify with {key_name!r}")
    return key_name


def unsigned(xml: bytes) -> bytes:
    """The alert without its ``ds:Signature``, as the enveloped-signature transform sees it."""
    tree = _parse_alert(xml, ValueError)
    for signature in tree.getroot().findall(_ds("Signature")):
        _remove_keeping_tail(signature)
    return _serialize(tree)


def _alert_digest(tree: etree._ElementTree, signature: etree._Element) -> bytes:
    """SM3 over the exclusive canonical form of the document without ``signature``."""
    index = tree.getroot().index(signature)
    document = copy.deepcopy(tree)
    _remove_keeping_tail(document.getroot()[index])
    return bytes.fromhex(sm3_hex(_canonical(document)))


def _canonical(node: etree._Element | etree._ElementTree) -> bytes:
    return etree.tostring(node, method="c14n", exclusive=True, with_comments=False)


def _remove_keeping_tail(element: etree._Element) -> None:
    """Drop an element but not the text after it, which lxml's ``remove`` would take along."""
    parent = element.getparent()
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _parse_alert(xml: bytes, error: type[ValueError]) -> etree._ElementTree:
    """A CAP 1.2 alert parsed without DTDs, entities or network access."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise error(f"not well-formed XML: {exc}") from exc
    tree = root.getroottree()
    if tree.docinfo.doctype:
        raise error("a CAP alert has no document type declaration")
    if root.tag != _cap("alert"):
        raise error(f"not a CAP 1.2 alert: the root element is {root.tag}")
    return tree


def _child(parent: etree._Element, tag: str) -> etree._Element:
    element = parent.find(_ds(tag))
    if element is None:
        raise SignatureInvalid(f"malformed signature: ds:{tag} is missing")
    return element


def _expect_algorithm(element: etree._Element, algorithm: str) -> None:
    found = element.get("Algorithm")
    if found != algorithm or len(element):
        raise SignatureInvalid(
            f"unsupported algorithm: {etree.QName(element).localname} is {found!r},"
            f" this verifier knows only {algorithm!r}"
        )


def _signature_octets(hex_signature: str) -> bytes:
    try:
        octets = bytes.fromhex(hex_signature)
    except (TypeError, ValueError):
        octets = b""
    if len(octets) != 64:
        raise ValueError("the signer must return r || s as 128 hex digits")
    return octets


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str | None, field: str) -> bytes:
    compact = "".join((text or "").split())  # base64 in XML may be wrapped over lines
    try:
        return base64.b64decode(compact.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise SignatureInvalid(f"malformed signature: {field} is not base64") from exc
