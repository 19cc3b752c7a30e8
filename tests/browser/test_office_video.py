"""Two people meet on video through a real Janus (Debian's package): each sees and hears the
other, the room lists both, and the host mutes, removes and finally ends the meeting through
OneWindow's endpoints, which call conferencing.rooms; the pages show each step."""

import pytest
from playwright.sync_api import expect

from onewindow.office.conferencing import rooms
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, Shell, new_page
from tests.conftest import zh
from tests.office import meeting_views
from tests.office.conftest import janus_server, janus_settings, meeting_id  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.office.meeting_views"),
    pytest.mark.usefixtures("_artifact_dirs"),
]
MEDIA_ARGS = [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--allow-loopback-in-peer-connection",
]
MEDIA_TIMEOUT_MS = 30_000


@pytest.fixture
def room(janus_settings, meeting_id):  # noqa: F811 - fixtures of tests/office/conftest.py
    """A meeting's room, open on the private Janus with the test views' PIN."""
    rooms.open_room(meeting_id, pin=meeting_views.PIN, description="局务会议")
    yield meeting_id
    rooms.close_room(meeting_id)


@pytest.fixture
def media_browser(browser):
    """Chromium with a synthetic camera and microphone, allowed without asking (the session's
    ``browser`` fixture checks Chromium is there and starts Playwright)."""
    media = browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + MEDIA_ARGS)
    yield media
    media.close()


def join(browser, live_server, meeting, user, name, *, host=False):
    page = new_page(browser)
    query = f"?name={name}" + ("&host=1" if host else "")
    page.goto(f"{live_server.url}/test-meeting/{meeting}/{user}/{query}")
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


def test_two_people_meet_and_the_host_mutes_removes_and_ends(media_browser, live_server, room):
    meeting = room
    host = join(media_browser, live_server, meeting, 1, "主持人", host=True)
    guest = join(media_browser, live_server, meeting, 2, "张三")

    remote_video_plays(host, "张三")
    remote_video_plays(guest, "主持人")
    assert rooms.present(meeting) == [1, 2]
    assert {p.display for p in rooms.participants(meeting)} == {"主持人", "张三"}
    Shell(host, live_server, "office-video-host").check("two people in the meeting")

    host.get_by_role("button", name=zh_template("Mute %(name)s") % {"name": "张三"}).click()
    expect(host.get_by_role("status")).to_have_text(
        zh_template("%(name)s is muted.") % {"name": "张三"}
    )
    expect(host.get_by_text(zh("Microphone muted by the host"))).to_be_visible()
    expect(guest.get_by_role("status")).to_have_text(zh("Microphone muted by the host"))

    host.get_by_role("button", name=zh_template("Remove %(name)s") % {"name": "张三"}).click()
    expect(guest.locator("#meeting")).to_have_attribute("data-state", "removed")
    expect(guest.get_by_role("status")).to_have_text(zh("The host removed you from the meeting."))
    expect(host.get_by_label(zh_template("Camera of %(name)s") % {"name": "张三"})).to_have_count(0)
    assert rooms.present(meeting) == [1]

    host.get_by_role("button", name=zh("End the meeting for everyone")).click()
    expect(host.locator("#meeting")).to_have_attribute("data-state", "ended")
    expect(host.get_by_role("status")).to_have_text(zh("The meeting has ended."))
    assert not rooms.room_exists(meeting)
    events = [(user, event) for m, user, event in meeting_views.attendance if m == meeting]
    assert (1, "joined") in events
    assert (2, "joined") in events
    assert (2, "left") in events
    for page in (host, guest):
        page.context.close()


def test_a_wrong_pin_is_refused_on_the_page(media_browser, live_server, room):
    meeting = room
    page = new_page(media_browser)
    page.goto(f"{live_server.url}/test-meeting/{meeting}/3/?pin=0000")
    expect(page.locator("#meeting")).to_have_attribute("data-state", "failed")
    expect(page.get_by_role("status")).to_have_text(
        zh("This meeting could not be joined: the meeting PIN was refused.")
    )
    assert rooms.present(meeting) == []
    page.context.close()


def test_without_a_janus_server_the_page_says_so(page, live_server, settings):
    settings.ONEWINDOW_JANUS_URL = ""
    page.goto(f"{live_server.url}/test-meeting/1/1/")
    expect(page.get_by_role("status")).to_have_text(
        zh("Video meetings are not available: the conferencing server is not configured.")
    )
    expect(page.locator("video")).to_have_count(0)
