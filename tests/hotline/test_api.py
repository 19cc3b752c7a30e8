"""The hotline API for officials: list and detail with permissions, the loop's actions, errors
naming the field, and the operations in the OpenAPI schema."""

from django.test import Client

from onewindow.hotline.models import Status
from tests.hotline.helpers import handled, report


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _post(user, path, data=None):
    return _client(user).post(path, data or {}, content_type="application/json")


def test_the_loop_over_the_api(world):
    ticket = report(world)
    base = f"/api/v1/hotline/tickets/{ticket.number}/"
    response = _post(world.operator, base + "take/", {"category": "street-light"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    assert "dispatch" in _client(world.dispatcher).get(base).json()["actions"]
    response = _post(world.dispatcher, base + "dispatch/", {"department": "440100-CG"})
    assert response.json()["assignments"][0]["department"] == "440100-CG"
    assert _post(world.handler, base + "accept/").json()["status"] == "handling"
    response = _post(world.handler, base + "extensions/", {"amount": 1, "reason": "换灯杆"})
    assert response.status_code == 200
    extension = ticket.extensions.get().pk
    response = _post(
        world.dispatcher, base + f"extensions/{extension}/decision/", {"approve": True}
    )
    assert response.status_code == 200
    assert _post(world.handler, base + "reply/", {"reply": "已修复"}).json()["status"] == "replied"
    assert _post(world.dispatcher, base + "check/", {"approve": True}).json()["status"] == (
        "callback"
    )
    response = _post(world.operator, base + "callback/", {"score": 5})
    assert response.json()["status"] == Status.CLOSED


def test_bad_input_names_the_field_and_a_wrong_state_too(world):
    ticket = report(world)
    base = f"/api/v1/hotline/tickets/{ticket.number}/"
    response = _post(world.operator, base + "take/", {"category": "nothing"})
    assert response.status_code == 400
    assert "category" in response.json()
    response = _post(world.operator, base + "callback/", {"score": 3})
    assert response.status_code == 400
    assert "status" in response.json()


def test_who_sees_what_over_the_api(world):
    mine = handled(world)
    waiting = report(world)
    listed = _client(world.handler).get("/api/v1/hotline/tickets/").json()
    assert [row["number"] for row in listed["results"]] == [mine.number]
    queue = _client(world.dispatcher).get("/api/v1/hotline/tickets/?queue=dispatcher").json()
    assert [row["number"] for row in queue["results"]] == [waiting.number]
    assert (
        _client(world.transport).get(f"/api/v1/hotline/tickets/{mine.number}/").status_code == 404
    )
    assert _client(world.citizen).get("/api/v1/hotline/tickets/").status_code == 403
    assert Client().get("/api/v1/hotline/tickets/").status_code in (401, 403)
    detail = _client(world.handler).get(f"/api/v1/hotline/tickets/{mine.number}/").json()
    assert detail["caller"]["hidden"] is True
    assert world.citizen.real_name not in str(detail)
    response = _post(world.handler, f"/api/v1/hotline/tickets/{mine.number}/caller/",
                     {"purpose": "核实"})  # fmt: skip
    assert response.status_code == 403
    response = _post(world.transport, f"/api/v1/hotline/tickets/{mine.number}/accept/")
    assert response.status_code == 404


def test_the_operations_are_in_the_schema(world):
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    assert "/api/v1/hotline/tickets/" in paths
    assert "/api/v1/hotline/tickets/{number}/dispatch/" in paths
    assert "/api/v1/hotline/tickets/{number}/extensions/{extension_id}/decision/" in paths
    assert "/api/v1/hotline/categories/" in paths
