"""Video rooms of OneWindow meetings, asked for with plain values (a meeting's id, its PIN, a
person's user id and name), so the office app's Meeting model stores what it needs and calls
these functions; nothing here touches the database.

A meeting's VideoRoom room number is the meeting's id. Each person joins as the publisher whose
Janus id is their user id, so ``present`` names the users in the room. Rooms are created only
with the plugin's ``admin_key`` and moderated with a per-room secret derived from
``ONEWINDOW_JANUS_ROOM_SECRET`` (else ``SECRET_KEY``): neither ever reaches a browser, which
knows only the room's PIN."""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlsplit

from django.conf import settings

from onewindow.office.conferencing.janus import (
    NO_SUCH_ROOM,
    JanusError,
    Participant,
    VideoRoom,
)

# meeting.js publishes the microphone first and the camera second, so a publisher's audio is
# the m-line with mid "0" and its video mid "1": the VideoRoom ``moderate`` request names one.
MIDS = {"audio": "0", "video": "1"}
PUBLISHERS = 16  # people on camera at once; more may join, listening and watching


class NotConfigured(RuntimeError):
    """ONEWINDOW_JANUS_URL is not set: this installation has no conferencing server."""


def configured() -> bool:
    """Whether a Janus server is configured (pages say so when not)."""
    return bool(getattr(settings, "ONEWINDOW_JANUS_URL", ""))


def server_url() -> str:
    """The Janus API URL the web server uses (ONEWINDOW_JANUS_URL)."""
    url = getattr(settings, "ONEWINDOW_JANUS_URL", "")
    if not url:
        raise NotConfigured("ONEWINDOW_JANUS_URL is not set")
    return url


def public_url() -> str:
    """The Janus API URL browsers use: ONEWINDOW_JANUS_PUBLIC_URL (e.g. ``/janus`` behind the
    same nginx as the site), else the web server's own."""
    return getattr(settings, "ONEWINDOW_JANUS_PUBLIC_URL", "") or server_url()


def room_secret(meeting_id: int) -> str:
    """The room's moderation secret, the same on every web node and never stored."""
    key = getattr(settings, "ONEWINDOW_JANUS_ROOM_SECRET", "") or settings.SECRET_KEY
    return hmac.new(key.encode(), f"room:{meeting_id}".encode(), hashlib.sha256).hexdigest()


def _videoroom() -> VideoRoom:
    return VideoRoom(server_url())


def open_room(meeting_id: int, *, pin: str, description: str, publishers: int = PUBLISHERS) -> int:
    """Create the meeting's room, which only people given the PIN may join; a room that exists
    already is kept. Returns the room number."""
    with _videoroom() as videoroom:
        if videoroom.exists(meeting_id):
            return meeting_id
        return videoroom.create(
            meeting_id,
            admin_key=getattr(settings, "ONEWINDOW_JANUS_ADMIN_KEY", ""),
            secret=room_secret(meeting_id),
            pin=pin,
            description=description,
            publishers=publishers,
        )


def room_exists(meeting_id: int) -> bool:
    with _videoroom() as videoroom:
        return videoroom.exists(meeting_id)


def participants(meeting_id: int) -> list[Participant]:
    """Who is in the room now; an absent room has nobody."""
    with _videoroom() as videoroom:
        try:
            return videoroom.list_participants(meeting_id)
        except JanusError as error:
            if error.code == NO_SUCH_ROOM:
                return []
            raise


def present(meeting_id: int) -> list[int]:
    """The user ids of the people in the meeting's room now, sorted."""
    return sorted(p.id for p in participants(meeting_id))


def attendance_changes(before: set[int], after: set[int]) -> tuple[list[int], list[int]]:
    """Who joined and who left between two ``present`` readings: (joined, left)."""
    return sorted(after - before), sorted(before - after)


def mute(meeting_id: int, user_id: int, kind: str = "audio", *, muted: bool = True) -> None:
    """Mute (or unmute) a participant's microphone (``kind="audio"``) or camera (``"video"``)
    for everyone in the room."""
    with _videoroom() as videoroom:
        videoroom.moderate(
            meeting_id, user_id, MIDS[kind], mute=muted, secret=room_secret(meeting_id)
        )


def remove(meeting_id: int, user_id: int) -> None:
    """Send a participant out of the room (VideoRoom ``kick``)."""
    with _videoroom() as videoroom:
        videoroom.kick(meeting_id, user_id, secret=room_secret(meeting_id))


def close_room(meeting_id: int) -> None:
    """End the meeting for everyone in it; a room already gone is fine."""
    with _videoroom() as videoroom:
        try:
            videoroom.destroy(meeting_id, secret=room_secret(meeting_id))
        except JanusError as error:
            if error.code != NO_SUCH_ROOM:
                raise


def page_config(
    meeting_id: int,
    *,
    pin: str,
    user_id: int,
    display_name: str,
    host: bool = False,
    urls: dict[str, str] | None = None,
) -> dict:
    """What meeting.js needs to join the room, for ``{{ config|json_script:"meeting-config" }}``.

    ``urls`` are OUR endpoints the page posts to: ``attendance`` (join/leave beacons) and, for
    the host, ``mute``, ``remove`` and ``end``; each receives ``user_id`` (and ``kind``) as form
    fields and calls the functions above."""
    return {
        "server": public_url(),
        "room": meeting_id,
        "pin": pin,
        "id": user_id,
        "display": display_name,
        "host": host,
        "iceServers": list(getattr(settings, "ONEWINDOW_JANUS_ICE_SERVERS", [])),
        "urls": dict(urls or {}),
    }


def allow_connections(response):
    """Let the meeting page's scripts reach Janus when it is on another origin than the site:
    adds its origin to this response's Content-Security-Policy ``connect-src`` (django-csp)."""
    parts = urlsplit(public_url())
    if parts.scheme and parts.netloc:
        update = dict(getattr(response, "_csp_update", None) or {})
        update["connect-src"] = [*update.get("connect-src", []), f"{parts.scheme}://{parts.netloc}"]
        response._csp_update = update
    return response
