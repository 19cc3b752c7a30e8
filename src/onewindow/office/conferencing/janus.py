"""A small client of Janus' HTTP REST API for the VideoRoom requests the server side makes:
create a room, ask whether it exists, list, mute and kick its participants, destroy it.

Each call opens a Janus session, attaches the VideoRoom plugin, sends one synchronous request
and destroys the session, so nothing needs keeping alive between calls. The standard library's
HTTP client is enough for that and adds no dependency. Every refusal, by Janus itself or by the
plugin, raises ``JanusError`` naming the error code."""

from __future__ import annotations

import contextlib
import json
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

PLUGIN = "janus.plugin.videoroom"

# Janus core errors (janus/apierror.h) and VideoRoom errors (plugins/janus_videoroom.c).
ERROR_NAMES = {
    403: "JANUS_ERROR_UNAUTHORIZED",
    405: "JANUS_ERROR_UNAUTHORIZED_PLUGIN",
    450: "JANUS_ERROR_TRANSPORT_SPECIFIC",
    452: "JANUS_ERROR_MISSING_REQUEST",
    453: "JANUS_ERROR_UNKNOWN_REQUEST",
    454: "JANUS_ERROR_INVALID_JSON",
    455: "JANUS_ERROR_INVALID_JSON_OBJECT",
    456: "JANUS_ERROR_MISSING_MANDATORY_ELEMENT",
    457: "JANUS_ERROR_INVALID_REQUEST_PATH",
    458: "JANUS_ERROR_SESSION_NOT_FOUND",
    459: "JANUS_ERROR_HANDLE_NOT_FOUND",
    460: "JANUS_ERROR_PLUGIN_NOT_FOUND",
    461: "JANUS_ERROR_PLUGIN_ATTACH",
    462: "JANUS_ERROR_PLUGIN_MESSAGE",
    467: "JANUS_ERROR_INVALID_ELEMENT_TYPE",
    472: "JANUS_ERROR_NOT_ACCEPTING_SESSIONS",
    490: "JANUS_ERROR_UNKNOWN",
    421: "JANUS_VIDEOROOM_ERROR_NO_MESSAGE",
    422: "JANUS_VIDEOROOM_ERROR_INVALID_JSON",
    423: "JANUS_VIDEOROOM_ERROR_INVALID_REQUEST",
    424: "JANUS_VIDEOROOM_ERROR_JOIN_FIRST",
    425: "JANUS_VIDEOROOM_ERROR_ALREADY_JOINED",
    426: "JANUS_VIDEOROOM_ERROR_NO_SUCH_ROOM",
    427: "JANUS_VIDEOROOM_ERROR_ROOM_EXISTS",
    428: "JANUS_VIDEOROOM_ERROR_NO_SUCH_FEED",
    429: "JANUS_VIDEOROOM_ERROR_MISSING_ELEMENT",
    430: "JANUS_VIDEOROOM_ERROR_INVALID_ELEMENT",
    432: "JANUS_VIDEOROOM_ERROR_PUBLISHERS_FULL",
    433: "JANUS_VIDEOROOM_ERROR_UNAUTHORIZED",
    436: "JANUS_VIDEOROOM_ERROR_ID_EXISTS",
    499: "JANUS_VIDEOROOM_ERROR_UNKNOWN_ERROR",
}
NO_SUCH_ROOM = 426
NO_SUCH_FEED = 428
UNAUTHORIZED = 433


class JanusError(Exception):
    """Janus refused a request; ``code`` is its numeric error code, ``name`` the constant."""

    def __init__(self, code: int, reason: str):
        self.code = code
        self.reason = reason
        self.name = ERROR_NAMES.get(code, "JANUS_ERROR")
        super().__init__(f"Janus error {code} ({self.name}): {reason}")


class JanusUnavailable(JanusError):
    """The Janus server did not answer (down, wrong URL, timeout)."""

    def __init__(self, url: str, cause: Exception):
        Exception.__init__(self, f"Janus at {url} did not answer: {cause}")
        self.code, self.reason, self.name = 0, str(cause), "UNAVAILABLE"


@dataclass(frozen=True)
class Participant:
    """One participant of a room as ``listparticipants`` tells it."""

    id: int
    display: str
    publisher: bool
    talking: bool | None = None


class VideoRoom:
    """One session with the VideoRoom plugin: ``with VideoRoom(url) as room: room.exists(7)``."""

    def __init__(self, url: str, *, timeout: float = 10.0):
        if urlsplit(url).scheme not in ("http", "https"):
            raise ValueError(f"the Janus URL must be http(s): {url!r}")
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.session: int | None = None
        self.handle: int | None = None

    # -- transport ---------------------------------------------------------------------------
    def _post(self, path: str, message: dict) -> dict:
        message = {**message, "transaction": secrets.token_hex(8)}
        request = urllib.request.Request(  # noqa: S310 (an http(s) URL from the settings)
            self.url + path,
            data=json.dumps(message).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.load(response)
        except (OSError, urllib.error.URLError, ValueError) as error:
            raise JanusUnavailable(self.url, error) from error
        if answer.get("janus") == "error":
            error = answer.get("error", {})
            raise JanusError(error.get("code", 490), error.get("reason", "unknown"))
        return answer

    def open(self) -> VideoRoom:
        self.session = self._post("", {"janus": "create"})["data"]["id"]
        self.handle = self._post(f"/{self.session}", {"janus": "attach", "plugin": PLUGIN})["data"][
            "id"
        ]
        return self

    def close(self) -> None:
        if self.session is not None:
            # A session that cannot be destroyed times out on its own on the server.
            with contextlib.suppress(JanusError):
                self._post(f"/{self.session}", {"janus": "destroy"})
            self.session = self.handle = None

    def __enter__(self) -> VideoRoom:
        return self.open()

    def __exit__(self, *exc) -> None:
        self.close()

    def request(self, body: dict) -> dict:
        """Send one synchronous VideoRoom request; return the plugin's data."""
        if self.handle is None:
            self.open()
        answer = self._post(f"/{self.session}/{self.handle}", {"janus": "message", "body": body})
        data = answer.get("plugindata", {}).get("data", {})
        if "error_code" in data:
            raise JanusError(data["error_code"], data.get("error", "unknown"))
        return data

    # -- VideoRoom requests ------------------------------------------------------------------
    def create(
        self,
        room: int,
        *,
        admin_key: str,
        secret: str,
        pin: str,
        description: str,
        publishers: int,
    ) -> int:
        """Create a (non-permanent, private) room; ``admin_key`` is the plugin's own."""
        data = self.request(
            {
                "request": "create",
                "room": room,
                "admin_key": admin_key,
                "secret": secret,
                "pin": pin,
                "description": description,
                "publishers": publishers,
                "is_private": True,
                "permanent": False,
                "notify_joining": True,
            }
        )
        return data["room"]

    def exists(self, room: int) -> bool:
        return bool(self.request({"request": "exists", "room": room})["exists"])

    def list_participants(self, room: int) -> list[Participant]:
        data = self.request({"request": "listparticipants", "room": room})
        return [
            Participant(p["id"], p.get("display", ""), bool(p.get("publisher")), p.get("talking"))
            for p in data.get("participants", [])
        ]

    def kick(self, room: int, participant: int, *, secret: str) -> None:
        self.request({"request": "kick", "room": room, "id": participant, "secret": secret})

    def moderate(self, room: int, participant: int, mid: str, *, mute: bool, secret: str) -> None:
        """Mute (or unmute) one of a publisher's streams, named by its ``mid``."""
        self.request(
            {
                "request": "moderate",
                "room": room,
                "id": participant,
                "mid": mid,
                "mute": mute,
                "secret": secret,
            }
        )

    def destroy(self, room: int, *, secret: str) -> None:
        self.request({"request": "destroy", "room": room, "secret": secret, "permanent": False})
