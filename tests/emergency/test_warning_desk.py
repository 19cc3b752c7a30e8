"""The warning desk on the workbench: a duty officer issues a blue typhoon warning for three
districts, raises it to orange, the commander approves it from the page, the officer lifts it;
an area typed as corners; bad input is a 400 naming the field and changes nothing; another
department's officer, a citizen and nobody signed in are refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from onewindow.emergency.models import MessageState, Warning, WarningMessage, WarningState
from tests.emergency.world import HAIZHU, TIANHE, YUEXIU

DESK = reverse("workbench:emergency-warnings")
NEW = reverse("workbench:emergency-warning-new")


def _form(**overrides) -> dict:
    expires = timezone.localtime(timezone.now() + timedelta(hours=12))
    data = {
        "hazard": "typhoon",
        "level": "blue",
        "divisions": [YUEXIU, HAIZHU, TIANHE],
        "polygon": "",
        "headline": "",
        "headline_en": "",
        "advice": "关好门窗，减少外出。",
        "advice_en": "Close doors and windows and go out only if you must.",
        "responsible": ["440100-SWU"],
        "expires_at": expires.strftime("%Y-%m-%dT%H:%M"),
    }
    data.update(overrides)
    return data


def test_blue_raised_to_orange_with_approval_then_lifted(world, client):
    client.force_login(world.officer)
    assert NEW in client.get(DESK).content.decode()
    form = client.get(NEW).content.decode()
    assert 'id="warning-map"' in form
    assert "warning-map-data" in form
    response = client.post(NEW, _form())
    warning = Warning.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workbench:emergency-warning", args=[warning.number])
    page = client.get(response["Location"]).content.decode()
    assert "广州市应急管理局发布台风蓝色预警" in page  # the headline composed when none is given
    assert "越秀区" in page
    assert "8" in page

    change = reverse("workbench:emergency-warning-change", args=[warning.number])
    assert client.get(change).status_code == 200
    response = client.post(change, _form(change="raise", level="orange", note="台风加强"))
    assert response.status_code == 302
    warning.refresh_from_db()
    assert warning.level == "blue"
    pending = WarningMessage.objects.get(state=MessageState.PENDING)
    # the proposer has no decision form; the commander has
    assert "emergency-warning-decide" not in client.get(response["Location"]).content.decode()
    decide = reverse("workbench:emergency-warning-decide", args=[warning.number])
    assert client.post(decide, {"decision": "approve"}).status_code == 403

    client.force_login(world.commander)
    assert warning.number in client.get(DESK).content.decode()
    page = client.get(
        reverse("workbench:emergency-warning", args=[warning.number])
    ).content.decode()
    assert decide in page
    response = client.post(decide, {"decision": "refuse", "reasons": ""})
    assert response.status_code == 400
    assert "reasons" in response.content.decode()
    pending.refresh_from_db()
    assert pending.state == MessageState.PENDING
    response = client.post(decide, {"decision": "approve"})
    assert response.status_code == 302
    warning.refresh_from_db()
    assert warning.level == "orange"

    client.force_login(world.officer)
    cancel = reverse("workbench:emergency-warning-cancel", args=[warning.number])
    assert client.post(cancel, {"note": ""}).status_code == 400
    assert client.post(cancel, {"note": "台风已减弱"}).status_code == 302
    warning.refresh_from_db()
    assert warning.state == WarningState.CANCELLED


def test_an_area_typed_as_corners(world, client):
    client.force_login(world.officer)
    lat, lon = float(world.place.latitude), float(world.place.longitude)
    corners = "\n".join(
        f"{a:.6f}, {b:.6f}"
        for a, b in ((lat - 0.003, lon - 0.003), (lat - 0.003, lon + 0.003), (lat + 0.003, lon))
    )
    response = client.post(
        NEW, _form(divisions=[], polygon=corners, hazard="geological", level="yellow")
    )
    assert response.status_code == 302
    warning = Warning.objects.get()
    assert len(warning.polygon) == 4
    assert warning.polygon[0] == warning.polygon[-1]
    assert warning.messages.get().reached == 1


@pytest.mark.parametrize(
    ("field", "value", "text"),
    [
        ("advice_en", "", "required"),
        ("polygon", "23.1 113.2\nnorth", "Line 2"),
        ("level", "blue", "has no"),  # heat has no blue level
        ("divisions", [], "draw the area"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(world, client, field, value, text):
    client.force_login(world.officer)
    client.cookies["django_language"] = "en"
    data = _form(**{field: value})
    if field == "level":
        data["hazard"] = "heat"
    response = client.post(NEW, data)
    assert response.status_code == 400
    assert text in response.content.decode()
    assert not Warning.objects.exists()


def test_in_english(world, client):
    client.force_login(world.officer)
    client.cookies["django_language"] = "en"
    client.post(NEW, _form())
    warning = Warning.objects.get()
    page = client.get(
        reverse("workbench:emergency-warning", args=[warning.number])
    ).content.decode()
    assert "Guangzhou Emergency Management Bureau: Blue typhoon warning" in page
    assert "Close doors and windows" in page


def test_others_are_refused(world, client):
    client.force_login(world.officer)
    client.post(NEW, _form())
    warning = Warning.objects.get()
    page = reverse("workbench:emergency-warning", args=[warning.number])
    cancel = reverse("workbench:emergency-warning-cancel", args=[warning.number])
    client.force_login(world.th_officer)  # another department's duty officer
    assert client.get(page).status_code == 404
    assert client.post(cancel, {"note": "x"}).status_code == 404
    client.force_login(world.residents[YUEXIU][0])
    assert client.get(DESK).status_code == 403
    assert client.post(NEW, _form()).status_code == 403
    client.logout()
    assert client.get(DESK).status_code == 302
    assert client.get(page).status_code == 302
    warning.refresh_from_db()
    assert warning.state == WarningState.ACTIVE
