"""A service's ValidationError shown where the person will look: on the form's fields it names
(the rest above the form), or as messages at the top of the next page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError


def put_errors(form, error: ValidationError) -> None:
    """Attach ``error`` to ``form``: each named field that the form has, else the whole form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def flash_errors(request, error: ValidationError) -> None:
    """Each of ``error``'s messages as an error message of the next page."""
    for message in error.messages:
        messages.error(request, message)
