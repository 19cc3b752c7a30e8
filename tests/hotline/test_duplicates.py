"""Near-duplicate tickets: geocoding with the standard addresses, proposals by place and text,
merging (one transaction, audited, on both timelines) and the reply shared with every citizen."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from onewindow.accounts.models import Role
from onewindow.core.models import AuditEntry
from onewindow.hotline import duplicates, services
from onewindow.hotline.models import Category, Status, Ticket, TicketEvent
from onewindow.notifications.models import Notification
from onewindow.registry import geo
from onewindow.supervision import services as ledger
from onewindow.supervision.models import Matter, State
from tests.factories import CitizenFactory, DepartmentFactory, OfficialFactory

LIGHT = "小区门口的路灯不亮了，晚上很黑"
LIGHT_AGAIN = "门口路灯不亮，晚上一片黑"
LOOSE = "门口的路灯坏了晚上很黑"
NOISE = "工地夜间施工噪音太大，影响休息"


@pytest.fixture
def places(db):
    geo.load_boundaries()
    geo.load_places()


@pytest.fixture
def department(db):
    return DepartmentFactory()


@pytest.fixture
def lights(department):
    return Category.objects.create(
        code="street-light", name="路灯不亮或损坏", group="城市管理", department=department, limit=3
    )


@pytest.fixture
def noise(department):
    return Category.objects.create(
        code="noise", name="夜间施工噪音", group="城市管理", department=department, limit=24
    )


@pytest.fixture
def dispatcher(department):
    return OfficialFactory(role=Role.DISPATCHER, department=department)


_numbers = iter(range(1, 10_000))


def ticket(category, description=LIGHT, *, address="", lat=None, lng=None, **extra):
    location = duplicates.geocode(address, lat, lng)
    values = {
        "number": f"T{next(_numbers):05d}",
        "division_code": location.division_code or "440106",
        "channel": "web",
        "kind": "complaint",
        "category": category,
        "title": description[:10],
        "description": description,
        "address": address,
        "place_code": location.place_code,
        "latitude": location.latitude,
        "longitude": location.longitude,
        "status": Status.DISPATCHED,
        "received_at": timezone.now(),
    }
    values.update(extra)
    return Ticket.objects.create(**values)


def test_an_address_is_geocoded_to_its_standard_address(places):
    location = duplicates.geocode("广州市荔湾区中山七路42号门口")
    assert location.place_code == "440103-000001"
    assert location.division_code == "440103"
    assert location.latitude == Decimal("23.123196")
    assert duplicates.geocode("中山七路").place_code == ""  # a street names no single place
    assert duplicates.geocode("火星路1号") == duplicates.Location()


def test_coordinates_alone_find_their_district(places):
    location = duplicates.geocode("", "23.123196", "113.227009")
    assert location.place_code == ""
    assert location.division_code == "440103"
    with pytest.raises(ValidationError) as error:
        duplicates.geocode("", "north", "113.2")
    assert "latitude" in error.value.message_dict


def test_the_same_place_and_problem_is_proposed(places, lights, noise):
    first = ticket(lights, address="中山七路42号")
    same = ticket(lights, LIGHT_AGAIN, address="荔湾区中山七路42号")
    near = ticket(lights, LIGHT_AGAIN, lat=Decimal("23.123500"), lng=Decimal("113.227300"))
    far = ticket(lights, LIGHT_AGAIN, address="中山七路50号")  # 2 km away
    other_problem = ticket(noise, NOISE, address="中山七路42号")
    other_text = ticket(lights, "申请更换电表，电费太高", address="中山七路42号")
    closed = ticket(lights, LIGHT_AGAIN, address="中山七路42号", status=Status.CLOSED)
    old = ticket(
        lights, LIGHT, address="中山七路42号", received_at=timezone.now() - timedelta(days=45)
    )
    proposed = {p.ticket.number: p for p in duplicates.near_duplicates(first)}
    assert set(proposed) == {same.number, near.number}
    assert proposed[same.number].same_place
    assert proposed[near.number].distance < duplicates.RADIUS
    for left_out in (far, other_problem, other_text, closed, old):
        assert left_out.number not in proposed


def test_without_any_location_the_division_and_a_closer_text_decide(lights):
    first = ticket(lights, LIGHT)
    twin = ticket(lights, LIGHT)
    loose = ticket(lights, LOOSE)
    elsewhere = ticket(lights, LIGHT, division_code="440103")
    proposed = [p.ticket.number for p in duplicates.near_duplicates(first)]
    assert twin.number in proposed
    assert elsewhere.number not in proposed
    alike = duplicates.similarity(f"{LIGHT[:10]} {LIGHT}", f"{LOOSE[:10]} {LOOSE}")
    assert duplicates.SIMILAR <= alike < duplicates.SIMILAR_WITHOUT_PLACE
    assert loose.number not in proposed


def test_merging_shares_one_handling_and_the_reply_reaches_every_citizen(
    places, lights, dispatcher, department
):
    citizen = CitizenFactory()
    main = ticket(lights, address="中山七路42号")
    copy = ticket(lights, LIGHT_AGAIN, address="中山七路42号", caller=citizen)
    ledger.track(
        kind="ticket", key=copy.number, title=copy.title, department=department,
        division_code="440103", started_at=copy.received_at, unit="working_days", limit=3,
    )  # fmt: skip
    merged = services.merge(number=copy.number, into=main.number, actor=dispatcher)
    assert merged.status == Status.MERGED
    assert merged.merged_into == main
    assert Matter.objects.get(kind="ticket", key=copy.number).state == State.CLOSED
    assert TicketEvent.objects.filter(ticket=copy, action="merged_into", note=main.number).exists()
    assert TicketEvent.objects.filter(ticket=main, action="merged", note=copy.number).exists()
    entry = AuditEntry.objects.get(action="hotline.ticket_merged", object_id=copy.number)
    assert entry.data["into"] == main.number
    assert duplicates.near_duplicates(main) == []  # merged tickets are no longer proposed

    main.reply, main.status, main.replied_at = "路灯已修复。", Status.CALLBACK, timezone.now()
    main.save()
    assert services.propagate_reply(main) == 1
    copy.refresh_from_db()
    assert copy.reply == "路灯已修复。"
    assert copy.status == Status.MERGED
    notice = Notification.objects.get(recipient=citizen, kind=duplicates.REPLY_KIND)
    assert notice.params["main"] == main.number
    assert services.propagate_reply(main) == 0  # told once
    main.status, main.closed_at = Status.CLOSED, timezone.now()
    main.save()
    services.propagate_reply(main)
    copy.refresh_from_db()
    assert copy.closed_at == main.closed_at
    assert Notification.objects.filter(recipient=citizen).count() == 1


def test_merging_moves_earlier_merged_tickets_to_the_new_main(lights, dispatcher):
    a, b, c = ticket(lights), ticket(lights), ticket(lights)
    services.merge(number=a.number, into=b.number, actor=dispatcher)
    services.merge(number=b.number, into=c.number, actor=dispatcher)
    a.refresh_from_db()
    assert a.merged_into == c


def test_merge_refuses_wrong_actors_and_bad_numbers(lights, dispatcher):
    a, b = ticket(lights), ticket(lights)
    for stranger in (CitizenFactory(), OfficialFactory(role=Role.REVIEWER), None):
        with pytest.raises(PermissionDenied):
            services.merge(number=a.number, into=b.number, actor=stranger)
    cases = [
        (a.number, a.number, "into"),
        ("nope", b.number, "number"),
        (a.number, "nope", "into"),
    ]
    for number, into, field in cases:
        with pytest.raises(ValidationError) as error:
            services.merge(number=number, into=into, actor=dispatcher)
        assert field in error.value.message_dict
    closed = ticket(lights, status=Status.CLOSED)
    with pytest.raises(ValidationError) as error:
        services.merge(number=closed.number, into=b.number, actor=dispatcher)
    assert "number" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.merge(number=a.number, into=closed.number, actor=dispatcher)
    assert "into" in error.value.message_dict
    a.refresh_from_db()
    assert a.status == Status.DISPATCHED
    assert not AuditEntry.objects.filter(action="hotline.ticket_merged").exists()


def test_the_handling_loop_tells_every_merged_citizen(world):
    """With the real services: two citizens report the same broken light; the second ticket is
    proposed, merged, and its citizen gets the reply checked on the first one."""
    from onewindow.hotline import services
    from tests.hotline.helpers import report

    geo.load_boundaries()
    geo.load_places()
    main = report(world, address="天河路240号", description="天河路240号门前路灯连续三晚不亮。")
    copy = report(
        world,
        caller=world.other_citizen,
        address="广州市天河区天河路240号",
        description="天河路240号的路灯好几天晚上都不亮",
    )
    for ticket in (main, copy):
        services.locate_ticket(ticket)
        services.take(number=ticket.number, actor=world.operator, category=world.light)
    main.refresh_from_db()
    copy.refresh_from_db()
    assert main.place_code == copy.place_code == "440106-000001"
    assert main.division_code == "440106"
    assert [p.ticket.number for p in duplicates.near_duplicates(main)] == [copy.number]
    proposed = duplicates.proposals_for(world.operator, main.number)
    assert [p.ticket.number for p in proposed] == [copy.number]
    for outsider in (world.handler, world.citizen, world.supervisor):
        with pytest.raises(PermissionDenied):
            duplicates.proposals_for(outsider, main.number)

    services.merge(number=copy.number, into=main.number, actor=world.dispatcher)
    services.dispatch(number=main.number, actor=world.dispatcher, department="440100-CG")
    services.accept_dispatch(number=main.number, actor=world.handler)
    services.reply(number=main.number, actor=world.handler, reply="已更换灯泡，路灯恢复照明。")
    main = services.check_reply(number=main.number, actor=world.dispatcher, approve=True)
    # check_reply approving told the merged citizen already: told again, nobody is told twice
    assert services.propagate_reply(main) == 0
    copy.refresh_from_db()
    assert copy.reply == "已更换灯泡，路灯恢复照明。"
    assert Notification.objects.filter(
        recipient=world.other_citizen, kind=duplicates.REPLY_KIND
    ).exists()
    main = services.callback(number=main.number, actor=world.operator, score=5)
    assert services.propagate_reply(main) == 0  # callback closed the merged ticket too
    copy.refresh_from_db()
    assert copy.closed_at == main.closed_at
    assert copy.status == Status.MERGED
