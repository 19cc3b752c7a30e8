"""Two officials meet on video through a real Janus (Debian's package) from the meeting's page:
each sees and hears the other, the room lists both, and the chair mutes, removes and finally
ends the meeting through OneWindow's endpoints (office.meetings → conferencing.rooms); joins and
leaves are logged for attendance, and the meeting's page, axe-clean at both widths, shows them."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from onewindow.office import meetings
from onewindow.office.conferencing import rooms
from onewindow.office.meeting_models import AttendanceEvent, Meeting, MeetingRoom, MeetingStatus
from tests.browser.applying import sign_in
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, Shell, new_page
from tests.conftest import zh
from tests.office import outgoing_world
from tests.office.conftest import janus_server, janus_settings  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("_artifact_dirs"),
]
MEDIA_ARGS = [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--allow-loopback-in-peer-connection",
]
MEDIA_TIMEOUT_MS = 30_000


@pytest.fixture
def video_meeting(janus_settings, settings, tmp_path):  # noqa: F811 - tests/office/conftest.py
    """A meeting of 市场监管局 in its room and on video, chaired by its leader, with 住建局's
    head invited; the comers are seated."""
    settings.ONEWINDOW_REQUIRE_OTP = False
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    settings.MEDIA_ROOT = tmp_path
    world = outgoing_world.build()
    start = timezone.now() + timedelta(minutes=5)
    room = MeetingRoom.objects.create(department=world.scjg, name="第一会议室", rows=2, columns=4)
    meeting = meetings.schedule(
        world.scjg,
        {
            "title": "食品安全视频调度会",
            "starts_at": start,
            "ends_at": start + timedelta(hours=1),
            "room": room.pk,
            "video": True,
            "chair": world.signer.pk,
            "attendees": [world.zj_head.pk],
            "agenda": [{"title": "通报抽检情况"}],
        },
        actor=world.clerk,
    )
    meetings.respond(meeting, actor=world.zj_head, response="ACCEPTED")
    meetings.arrange_seats(meeting, actor=world.clerk)
    yield world, meeting
    rooms.close_room(meeting.pk)


@pytest.fixture
def media_browser(browser):
    """Chromium with a synthetic camera and microphone, allowed without asking (the session's
    ``browser`` fixture checks Chromium is there and starts Playwright)."""
    media = browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + MEDIA_ARGS)
    yield media
    media.close()


def join(browser, live_server, meeting, user):
    page = new_page(browser)
    sign_in(page, live_server, user, "zh-hans")
    page.goto(f"{live_server.url}/workbench/office/meetings/{meeting.pk}/video/")
    expect(page.locator("#meeting")).to_have_attribute("data-state", "joined")
    return page


def zh_template(msgid: str) -> str:
    """The Chinese of a string the meeting template translates: ``{% translate %}`` doubles
    its percent signs in the catalogue and undoes that when it renders."""
    return zh(msgid.replace("%", "%%")).replace("%%", "%")


def remote_video_plays(page, name):
    """The other person's video has frames (videoWidth > 0), its clock moves, and their
    microphone's track plays with it."""
    video = page.get_by_role("group", name=zh("Other participants")).get_by_label(
        zh_template("Camera of %(name)s") % {"name": name}
    )
    expect(video).to_be_visible()
    element = video.element_handle()
    page.wait_for_function("v => v.videoWidth > 0", arg=element, timeout=MEDIA_TIMEOUT_MS)
    first = element.evaluate("v => v.currentTime")
    page.wait_for_function(
        "([v, first]) => v.currentTime > first + 0.5",
        arg=[element, first],
        timeout=MEDIA_TIMEOUT_MS,
    )
    assert element.evaluate("v => !v.paused && v.videoWidth > 0")
    assert element.evaluate("v => v.srcObject.getAudioTracks().length") == 1  # and hears them


def test_two_officials_meet_and_the_chair_mutes_removes_and_ends(
    media_browser, live_server, video_meeting
):
    world, meeting = video_meeting
    chair, guest_name = world.signer.display_name, world.zj_head.display_name
    host = join(media_browser, live_server, meeting, world.signer)
    guest = join(media_browser, live_server, meeting, world.zj_head)

    remote_video_plays(host, guest_name)
    remote_video_plays(guest, chair)
    assert rooms.present(meeting.pk) == sorted([world.signer.pk, world.zj_head.pk])
    assert {p.display for p in rooms.participants(meeting.pk)} == {chair, guest_name}
    Shell(host, live_server, "office-video-host").check("two people in the meeting")

    host.get_by_role("button", name=zh_template("Mute %(name)s") % {"name": guest_name}).click()
    expect(host.get_by_role("status")).to_have_text(
        zh_template("%(name)s is muted.") % {"name": guest_name}
    )
    expect(host.get_by_text(zh("Microphone muted by the host"))).to_be_visible()
    expect(guest.get_by_role("status")).to_have_text(zh("Microphone muted by the host"))

    host.get_by_role("button", name=zh_template("Remove %(name)s") % {"name": guest_name}).click()
    expect(guest.locator("#meeting")).to_have_attribute("data-state", "removed")
    expect(guest.get_by_role("status")).to_have_text(zh("The host removed you from the meeting."))
    expect(
        host.get_by_label(zh_template("Camera of %(name)s") % {"name": guest_name})
    ).to_have_count(0)
    assert rooms.present(meeting.pk) == [world.signer.pk]

    host.get_by_role("button", name=zh("End the meeting for everyone")).click()
    expect(host.locator("#meeting")).to_have_attribute("data-state", "ended")
    expect(host.get_by_role("status")).to_have_text(zh("The meeting has ended."))
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.ENDED
    assert not rooms.room_exists(meeting.pk)
    events = set(AttendanceEvent.objects.filter(meeting=meeting).values_list("user_id", "event"))
    assert {(world.signer.pk, "joined"), (world.zj_head.pk, "joined")} <= events
    assert (world.zj_head.pk, "left") in events

    for page in (host, guest):  # their janus.js stops polling the ended session
        page.context.close()

    # the meeting's page shows who was on video, at phone and desktop width
    page = new_page(media_browser)
    sign_in(page, live_server, world.signer, "zh-hans")
    shell = Shell(page, live_server, "office-meeting-page")
    shell.goto(f"/workbench/office/meetings/{meeting.pk}/")
    expect(page.get_by_text(zh("This meeting has ended."))).to_be_visible()
    seats = page.get_by_role("table", name=zh("Seats of %(room)s") % {"room": "第一会议室"})
    expect(seats.get_by_role("row", name="A").get_by_text(chair)).to_be_visible()
    shell.check("the meeting's page after the meeting")
    shell.goto("/workbench/office/meetings/")
    shell.check("the meetings")
    page.context.close()


def test_a_wrong_pin_is_refused_on_the_page(media_browser, live_server, video_meeting):
    world, meeting = video_meeting
    meetings.open_video(meeting, actor=world.signer)
    Meeting.objects.filter(pk=meeting.pk).update(pin="0000")  # not the room's PIN
    page = new_page(media_browser)
    sign_in(page, live_server, world.zj_head, "zh-hans")
    page.goto(f"{live_server.url}/workbench/office/meetings/{meeting.pk}/video/")
    expect(page.locator("#meeting")).to_have_attribute("data-state", "failed")
    expect(page.get_by_role("status")).to_have_text(
        zh("This meeting could not be joined: the meeting PIN was refused.")
    )
    assert rooms.present(meeting.pk) == []
    page.context.close()
