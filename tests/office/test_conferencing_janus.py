"""The Janus client against a real Janus (Debian's package, started by ``janus_server``): rooms
are created with the VideoRoom admin key and a PIN, can be asked about, listed and destroyed,
and every refusal is an exception naming Janus' error code."""

import json
import urllib.request

import pytest

from onewindow.office.conferencing import rooms
from onewindow.office.conferencing.janus import JanusError, JanusUnavailable, VideoRoom

# No database: CI runs it once, on the PostgreSQL stage.
pytestmark = pytest.mark.once


def test_a_room_is_created_with_a_pin_exists_is_empty_and_is_destroyed(janus_settings, meeting_id):
    assert rooms.configured()
    assert not rooms.room_exists(meeting_id)

    assert rooms.open_room(meeting_id, pin="4711", description="局务会议") == meeting_id

    assert rooms.room_exists(meeting_id)
    assert rooms.present(meeting_id) == []
    rooms.close_room(meeting_id)
    assert not rooms.room_exists(meeting_id)


def test_opening_a_room_twice_keeps_the_first(janus_settings, meeting_id):
    rooms.open_room(meeting_id, pin="1111", description="first")
    assert rooms.open_room(meeting_id, pin="2222", description="second") == meeting_id
    with (
        VideoRoom(janus_settings.ONEWINDOW_JANUS_URL) as videoroom,
        pytest.raises(JanusError) as refused,
    ):
        videoroom.create(
            meeting_id,
            admin_key=janus_settings.ONEWINDOW_JANUS_ADMIN_KEY,
            secret="s",
            pin="3333",
            description="third",
            publishers=2,
        )
    assert refused.value.code == 427
    assert "JANUS_VIDEOROOM_ERROR_ROOM_EXISTS" in str(refused.value)
    rooms.close_room(meeting_id)


def test_a_wrong_admin_key_cannot_create_a_room(janus_settings, meeting_id):
    janus_settings.ONEWINDOW_JANUS_ADMIN_KEY = "not-the-key"
    with pytest.raises(JanusError) as refused:
        rooms.open_room(meeting_id, pin="4711", description="局务会议")
    assert refused.value.code == 433
    assert str(refused.value).startswith("Janus error 433 (JANUS_VIDEOROOM_ERROR_UNAUTHORIZED)")
    assert not rooms.room_exists(meeting_id)


def test_without_the_admin_key_no_room_is_created(janus_server, meeting_id):
    with VideoRoom(janus_server.config.url) as videoroom:
        with pytest.raises(JanusError) as refused:
            videoroom.request({"request": "create", "room": meeting_id, "pin": "1"})
        assert refused.value.code == 429
        assert "admin_key" in refused.value.reason
        assert not videoroom.exists(meeting_id)


def test_a_wrong_room_secret_cannot_destroy_kick_or_mute(janus_settings, meeting_id):
    rooms.open_room(meeting_id, pin="4711", description="局务会议")
    with VideoRoom(janus_settings.ONEWINDOW_JANUS_URL) as videoroom:
        for attempt in (
            lambda: videoroom.destroy(meeting_id, secret="guess"),
            lambda: videoroom.kick(meeting_id, 7, secret="guess"),
            lambda: videoroom.moderate(meeting_id, 7, "0", mute=True, secret="guess"),
        ):
            with pytest.raises(JanusError) as refused:
                attempt()
            assert refused.value.name == "JANUS_VIDEOROOM_ERROR_UNAUTHORIZED"
        assert videoroom.exists(meeting_id)
    rooms.close_room(meeting_id)


def test_removing_or_muting_someone_not_in_the_room_is_named(janus_settings, meeting_id):
    rooms.open_room(meeting_id, pin="4711", description="局务会议")
    with pytest.raises(JanusError) as refused:
        rooms.remove(meeting_id, 99)
    assert refused.value.code == 428
    assert refused.value.name == "JANUS_VIDEOROOM_ERROR_NO_SUCH_FEED"
    with pytest.raises(JanusError) as refused:
        rooms.mute(meeting_id, 99)
    assert refused.value.code == 428
    rooms.close_room(meeting_id)


def test_an_absent_room_has_nobody_present_and_closes_quietly(janus_settings, meeting_id):
    assert rooms.present(meeting_id) == []
    rooms.close_room(meeting_id)
    with (
        VideoRoom(janus_settings.ONEWINDOW_JANUS_URL) as videoroom,
        pytest.raises(JanusError) as refused,
    ):
        videoroom.list_participants(meeting_id)
    assert refused.value.name == "JANUS_VIDEOROOM_ERROR_NO_SUCH_ROOM"


def test_a_janus_session_that_is_gone_is_a_named_core_error(janus_server):
    videoroom = VideoRoom(janus_server.config.url).open()
    videoroom.close()
    videoroom.session, videoroom.handle = 1, 1
    with pytest.raises(JanusError) as refused:
        videoroom.exists(1)
    assert refused.value.code == 458
    assert refused.value.name == "JANUS_ERROR_SESSION_NOT_FOUND"


def test_an_unreachable_server_is_unavailable_not_a_crash(settings):
    settings.ONEWINDOW_JANUS_URL = "http://127.0.0.1:9/janus"
    with pytest.raises(JanusUnavailable, match="did not answer"):
        rooms.room_exists(1)


def test_without_a_url_conferencing_is_not_configured(settings):
    settings.ONEWINDOW_JANUS_URL = ""
    assert not rooms.configured()
    with pytest.raises(rooms.NotConfigured):
        rooms.present(1)


def test_attendance_changes_name_who_joined_and_who_left():
    assert rooms.attendance_changes({1, 2}, {2, 3}) == ([3], [1])


def test_the_page_config_carries_no_secret(janus_settings, meeting_id):
    config = rooms.page_config(meeting_id, pin="4711", user_id=5, display_name="张三")
    assert config["server"] == janus_settings.ONEWINDOW_JANUS_URL
    assert config["room"] == meeting_id
    assert config["pin"] == "4711"
    text = repr(config)
    assert janus_settings.ONEWINDOW_JANUS_ADMIN_KEY not in text
    assert rooms.room_secret(meeting_id) not in text


def admin_request(janus_server, **message):
    body = json.dumps({"transaction": "t", **message}).encode()
    request = urllib.request.Request(janus_server.config.admin_url, data=body)  # noqa: S310
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        return json.load(response)


def test_the_private_janus_loads_only_videoroom_and_http(janus_server):
    info = janus_server.info()
    assert list(info["plugins"]) == ["janus.plugin.videoroom"]
    assert list(info["transports"]) == ["janus.transport.http"]


def test_the_admin_api_answers_only_with_its_secret(janus_server):
    refused = admin_request(janus_server, janus="list_sessions")
    assert refused["janus"] == "error"
    assert refused["error"]["code"] == 403
    answer = admin_request(
        janus_server, janus="list_sessions", admin_secret=janus_server.config.admin_secret
    )
    assert answer["janus"] == "success"


def join_without_media(url, room, user_id, display, pin):
    """Someone joins the room as a publisher that sends nothing yet (a browser's first step)."""
    person = VideoRoom(url).open()
    ack = person._post(
        f"/{person.session}/{person.handle}",
        {
            "janus": "message",
            "body": {
                "request": "join",
                "ptype": "publisher",
                "room": room,
                "pin": pin,
                "id": user_id,
                "display": display,
            },
        },
    )
    assert ack["janus"] == "ack"
    with urllib.request.urlopen(f"{url}/{person.session}?maxev=1", timeout=10) as response:  # noqa: S310
        event = json.load(response)
    return person, event["plugindata"]["data"]


def test_present_names_the_users_in_the_room_and_remove_sends_one_out(janus_settings, meeting_id):
    url = janus_settings.ONEWINDOW_JANUS_URL
    rooms.open_room(meeting_id, pin="4711", description="局务会议")
    first, joined = join_without_media(url, meeting_id, 7, "张三", "4711")
    second, _ = join_without_media(url, meeting_id, 9, "李四", "4711")
    assert joined["videoroom"] == "joined"
    assert rooms.present(meeting_id) == [7, 9]
    assert {p.display for p in rooms.participants(meeting_id)} == {"张三", "李四"}

    rooms.remove(meeting_id, 7)
    assert rooms.present(meeting_id) == [9]
    assert rooms.attendance_changes({7, 9}, {9}) == ([], [7])

    third, refused = join_without_media(url, meeting_id, 11, "王五", "0000")
    assert refused["error_code"] == 433
    assert rooms.present(meeting_id) == [9]
    rooms.close_room(meeting_id)
    assert rooms.present(meeting_id) == []
    for person in (first, second, third):
        person.close()
