"""The bundled channels; importing this package registers them."""

from onewindow.notifications.channels.contrib import email, log, sms

__all__ = ["email", "log", "sms"]
