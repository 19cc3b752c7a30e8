"""The demo's Open311 client, whose API key is published like the demo password."""

import os

from onewindow.hotline import open311_intake
from onewindow.hotline.models import Open311Client

NAME = "Demo Open311 client"
DEFAULT_KEY = "demo-open311-key"


def ensure() -> str:
    """The demo client's key, issuing it on the first run."""
    key = os.environ.get("ONEWINDOW_DEMO_OPEN311_KEY") or DEFAULT_KEY
    if not Open311Client.objects.filter(name=NAME).exists():
        open311_intake.issue_key(name=NAME, key=key)
    return key
