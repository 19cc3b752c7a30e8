"""The built-in payment providers; importing this package registers them."""

from onewindow.payments.providers.contrib import counter  # noqa: F401
