"""Warnings through their services: issuing, second-person approval of orange and red, raising,
lowering and cancelling as CAP messages referring to the earlier one, signatures, reaching the
residents of the area, and refusals that change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from lxml import etree

from onewindow.core.audit import verify_chain
from onewindow.core.models import AuditEntry
from onewindow.emergency import cap, selectors, services
from onewindow.emergency.models import (
    Change,
    MessageState,
    Reach,
    Warning,
    WarningMessage,
    WarningState,
)
from onewindow.notifications.models import Notification, OutboxMessage
from onewindow.registry import signing
from tests.emergency.world import BAIYUN, HAIZHU, TIANHE, YUEXIU, typhoon

CAP = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}


def _alert(message: WarningMessage):
    return etree.fromstring(message.xml.encode())


def test_a_blue_warning_is_sent_at_once_signed_and_reaches_the_three_districts(world):
    message = services.issue(world.officer, department=world.yj, data=typhoon())
    message.refresh_from_db()
    warning = message.warning
    assert (message.state, warning.state) == (MessageState.SENT, WarningState.ACTIVE)
    assert warning.number.startswith("440100-YJGL-YJ-")
    # the signature holds under the department's published key
    assert cap.verify(message.xml.encode(), signing.public_key) == message.key_id
    alert = _alert(message)
    assert alert.findtext("cap:msgType", namespaces=CAP) == "Alert"
    assert alert.findtext("cap:identifier", namespaces=CAP) == message.identifier
    codes = alert.xpath(
        "//cap:info[cap:language='zh-CN']//cap:geocode/cap:value/text()", namespaces=CAP
    )
    assert sorted(codes) == [YUEXIU, HAIZHU, TIANHE]
    assert alert.xpath("//cap:info[cap:language='en-US']/cap:severity/text()", namespaces=CAP) == [
        "Minor"
    ]
    # every resident of the three districts with an account, nobody in 白云
    reached = set(
        Notification.objects.filter(kind="emergency.warning_issued").values_list(
            "recipient__username", flat=True
        )
    )
    assert reached == {"yx0", "yx1", "yx2", "hz0", "hz1", "th0", "th1", "mover"}
    counts = {(r.district_id, r.channel): r.count for r in Reach.objects.filter(message=message)}
    # the mover is registered in 越秀 but lives in 天河: counted where they live
    assert counts[(YUEXIU, "inbox")] == 3
    assert counts[(TIANHE, "inbox")] == 3
    assert counts[(HAIZHU, "inbox")] == 2
    assert not any(district == BAIYUN for district, _ in counts)
    assert message.reached == 8
    # each reached person has one queued SMS in the log channel (dev and test)
    assert (
        OutboxMessage.objects.filter(
            notification__kind="emergency.warning_issued", channel="log"
        ).count()
        == 8
    )
    assert verify_chain().ok


def test_raising_to_orange_waits_for_a_second_person_then_refers_to_the_blue_alert(world):
    blue = services.issue(world.officer, department=world.yj, data=typhoon())
    warning = blue.warning
    raised = services.change(
        world.officer, warning, change=Change.RAISE, data=typhoon(level="orange"), note="风力增强"
    )
    warning.refresh_from_db()
    assert raised.state == MessageState.PENDING
    assert warning.level == "blue"  # nothing changes until approved
    assert Notification.objects.filter(
        recipient=world.commander, kind="emergency.warning_to_approve"
    ).exists()
    assert not Notification.objects.filter(
        recipient=world.officer, kind="emergency.warning_to_approve"
    ).exists()
    with pytest.raises(PermissionDenied):
        services.approve(world.officer, raised)  # the proposer cannot approve
    with pytest.raises(PermissionDenied):
        services.approve(world.officer2, raised)  # a duty officer is not an approver
    services.approve(world.commander, raised)
    raised.refresh_from_db()
    warning.refresh_from_db()
    assert (raised.state, warning.level) == (MessageState.SENT, "orange")
    alert = _alert(raised)
    assert alert.findtext("cap:msgType", namespaces=CAP) == "Update"
    sent = cap.cap_datetime(blue.sent_at) if hasattr(blue, "sent_at") else ""
    blue.refresh_from_db()
    assert alert.findtext("cap:references", namespaces=CAP) == (
        f"{services.sender(world.yj)},{blue.identifier},{cap.cap_datetime(blue.sent_at)}"
    )
    assert sent
    assert alert.xpath("//cap:info/cap:severity/text()", namespaces=CAP) == ["Severe", "Severe"]
    assert Notification.objects.filter(kind="emergency.warning_changed").count() == 8


def test_an_orange_warning_refused_is_never_sent(world):
    message = services.issue(world.officer, department=world.yj, data=typhoon(level="orange"))
    assert message.warning.state == WarningState.PROPOSED
    assert not Notification.objects.filter(kind="emergency.warning_issued").exists()
    with pytest.raises(ValidationError) as error:
        services.refuse(world.commander, message, reasons="  ")
    assert "reasons" in error.value.message_dict
    services.refuse(world.commander, message, reasons="风力未达橙色标准")
    message.refresh_from_db()
    assert message.state == MessageState.REFUSED
    assert message.warning.state == WarningState.REFUSED
    assert message.xml == ""
    assert Notification.objects.filter(
        recipient=world.officer, kind="emergency.warning_refused"
    ).exists()
    with pytest.raises(Http404):
        selectors.public_warning(message.warning.number)


def test_lowering_and_cancelling_chain_their_references(world):
    first = services.issue(world.officer, department=world.yj, data=typhoon(level="yellow"))
    warning = first.warning
    lowered = services.change(
        world.officer, warning, change=Change.LOWER, data=typhoon(level="blue")
    )
    cancelled = services.cancel(world.officer, warning, note="台风已远离本市")
    warning.refresh_from_db()
    assert warning.state == WarningState.CANCELLED
    assert [m.identifier for m in selectors.sent_messages(warning)] == [
        f"{warning.number}.1",
        f"{warning.number}.2",
        f"{warning.number}.3",
    ]
    lowered.refresh_from_db()
    cancelled.refresh_from_db()
    assert cancelled.refers_to == lowered
    assert lowered.refers_to == first
    alert = _alert(cancelled)
    assert alert.findtext("cap:msgType", namespaces=CAP) == "Cancel"
    assert alert.xpath("//cap:info/cap:responseType/text()", namespaces=CAP) == [
        "AllClear",
        "AllClear",
    ]
    assert Notification.objects.filter(kind="emergency.warning_cancelled").count() == 8
    assert warning not in selectors.in_force()
    assert warning in selectors.recently_ended()
    with pytest.raises(ValidationError):
        services.cancel(world.officer, warning, note="again")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("hazard", "meteor"),
        ("level", "purple"),
        ("level", "blue"),  # heat has no blue signal (中国气象局令第16号)
        ("advice", ""),
        ("advice_en", ""),
        ("divisions", ["440301"]),  # Shenzhen: outside the city bureau's area
        ("divisions", ["999999"]),
        ("expires_at", "2000-01-01T00:00:00+08:00"),
        ("expires_at", "tomorrow"),
        ("polygon", [[23.1, 113.3], [23.1, 113.3], [23.1, 113.3]]),
        ("polygon", [[123.1, 113.3], [23.2, 113.3], [23.2, 113.4]]),
        ("responsible", ["NOPE"]),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(world, field, value):
    data = typhoon(**{field: value})
    if field == "level" and value == "blue":
        data["hazard"] = "heat"
    if field == "polygon":
        data["divisions"] = []
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        services.issue(world.officer, department=world.yj, data=data)
    assert field in error.value.message_dict or (
        field == "hazard" and "hazard" in error.value.message_dict
    )
    assert not Warning.objects.exists()
    assert AuditEntry.objects.count() == before


def test_raise_must_go_up_and_lower_down(world):
    warning = services.issue(
        world.officer, department=world.yj, data=typhoon(level="yellow")
    ).warning
    with pytest.raises(ValidationError) as error:
        services.change(world.officer, warning, change=Change.RAISE, data=typhoon(level="blue"))
    assert "level" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.change(world.officer, warning, change=Change.LOWER, data=typhoon(level="red"))
    with pytest.raises(ValidationError):
        services.change(world.officer, warning, change=Change.UPDATE, data=typhoon(level="red"))
    services.change(world.officer, warning, change=Change.RAISE, data=typhoon(level="red"))
    with pytest.raises(ValidationError) as error:  # one change awaits approval at a time
        services.change(world.officer, warning, change=Change.UPDATE, data=typhoon(level="yellow"))
    assert "warning" in error.value.message_dict


def test_only_the_departments_duty_officers_issue_within_their_area(world):
    with pytest.raises(PermissionDenied):
        services.issue(world.commander, department=world.yj, data=typhoon())
    with pytest.raises(PermissionDenied):
        services.issue(world.qx_officer, department=world.yj, data=typhoon())
    with pytest.raises(PermissionDenied):
        services.issue(world.residents[YUEXIU][0], department=world.yj, data=typhoon())
    # a district bureau warns its own district only
    with pytest.raises(ValidationError) as error:
        services.issue(world.th_officer, department=world.th_yj, data=typhoon())
    assert "divisions" in error.value.message_dict
    message = services.issue(
        world.th_officer, department=world.th_yj, data=typhoon(divisions=[TIANHE])
    )
    assert message.reached == 3
    warning = message.warning
    with pytest.raises(PermissionDenied):
        services.cancel(world.officer, warning, note="not ours")


def test_a_drawn_area_reaches_those_living_inside_it(world):
    place = world.place
    lat, lon = float(place.latitude), float(place.longitude)
    ring = [
        [lat - 0.002, lon - 0.002],
        [lat - 0.002, lon + 0.002],
        [lat + 0.002, lon + 0.002],
        [lat + 0.002, lon - 0.002],
    ]
    message = services.issue(
        world.officer,
        department=world.yj,
        data=typhoon(divisions=[], polygon=ring, hazard="geological", level="yellow"),
    )
    message.refresh_from_db()
    reached = set(
        Notification.objects.filter(kind="emergency.warning_issued").values_list(
            "recipient__username", flat=True
        )
    )
    assert reached == {"mover"}  # only they live at a standard address inside it
    alert = _alert(message)
    polygon = alert.xpath("//cap:info[cap:language='zh-CN']//cap:polygon/text()", namespaces=CAP)[0]
    pairs = polygon.split()
    assert pairs[0] == pairs[-1]
    assert len(pairs) == 5
    assert alert.xpath("//cap:info/cap:category/text()", namespaces=CAP) == ["Geo", "Geo"]


def test_a_resident_sees_the_warnings_where_they_live(world):
    services.issue(world.officer, department=world.yj, data=typhoon(divisions=[HAIZHU]))
    services.issue(
        world.officer, department=world.yj, data=typhoon(divisions=[TIANHE], hazard="rainstorm")
    )
    assert [w.hazard for w in selectors.for_resident(world.residents[HAIZHU][0])] == ["typhoon"]
    assert [w.hazard for w in selectors.for_resident(world.mover)] == ["rainstorm"]
    assert selectors.for_resident(world.residents[BAIYUN][0]) == []


def test_an_expired_warning_leaves_the_list_in_force(world, settings):
    now = timezone.now()
    message = services.issue(
        world.officer,
        department=world.yj,
        data=typhoon(expires_at=(now + timedelta(hours=1)).isoformat()),
    )
    assert message.warning in selectors.in_force()
    assert message.warning not in selectors.in_force(now + timedelta(hours=2))
    assert message.warning in selectors.recently_ended(now + timedelta(hours=2))


def test_a_drawn_area_where_nobody_lives_reaches_nobody(world):
    """Northern 白云: farmland with no standard address in the registry."""
    ring = [[23.40, 113.25], [23.40, 113.30], [23.45, 113.30], [23.45, 113.25]]
    message = services.issue(
        world.officer,
        department=world.yj,
        data=typhoon(divisions=[], polygon=ring, hazard="forest_fire", level="yellow"),
    )
    message.refresh_from_db()
    assert (message.state, message.reached) == (MessageState.SENT, 0)
    assert not Reach.objects.filter(message=message).exists()
