"""The system administrator keeps categories and the knowledge base in the admin; tickets are
read-only there and never show the caller."""

from onewindow.accounts.models import Role
from tests.hotline.helpers import handled


def test_the_hotline_admin_pages_open_and_hide_the_caller(world, duty_client):
    ticket = handled(world, caller_name="张保密")
    client = duty_client(Role.SYSTEM_ADMINISTRATOR)
    for model in ("category", "knowledgearticle", "ticket", "assignment", "ticketextension",
                  "ticketevent"):  # fmt: skip
        assert client.get(f"/admin/hotline/{model}/").status_code == 200, model
    page = client.get(f"/admin/hotline/ticket/{ticket.pk}/change/")
    assert page.status_code == 200
    assert "张保密" not in page.content.decode()
    assert client.get("/admin/hotline/ticket/add/").status_code == 403
    light = world.light.pk
    assert client.get(f"/admin/hotline/category/{light}/change/").status_code == 200
