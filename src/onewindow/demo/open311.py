"""The demo's Open311 client, whose API key is published like the demo password, and one
request it posted, so that GET requests.json shows something."""

import os

from django.http import QueryDict

from onewindow.hotline import open311_intake
from onewindow.hotline.models import Open311Client

NAME = "Demo Open311 client"
DEFAULT_KEY = "demo-open311-key"
REQUEST = {
    "service_code": "street-light",
    "lat": "23.132100",
    "long": "113.327500",
    "address_string": "天河区天河路 385 号门前",
    "description": "天河路 385 号门前的两盏路灯晚上不亮，行人看不清路。",
    "attribute[title]": "天河路路灯不亮",
    "first_name": "明",
    "last_name": "陈",
    "phone": "13912345678",
    "media_url": "https://example.org/photos/street-light.jpg",
}


def ensure() -> str:
    """The demo client's key, issuing it and posting its request on the first run."""
    key = os.environ.get("ONEWINDOW_DEMO_OPEN311_KEY") or DEFAULT_KEY
    client = Open311Client.objects.filter(name=NAME).first()
    if client is None:
        client, _key = open311_intake.issue_key(name=NAME, key=key)
    if not client.requests.exists():
        form = QueryDict(mutable=True)
        form.update(REQUEST)
        open311_intake.post_request(form, client=client)
    return key
