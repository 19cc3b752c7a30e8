"""A service's ValidationError shown where the person will look: on the form's fields it names
(the rest above the form), or as messages at the top of the next page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect


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


def take_step(request, form, act, *, page, back: str):
    """One step of a page with several forms: ``form`` (None for a step without input) is
    checked, then ``act(cleaned data)`` calls the service and returns the success message, or
    a response of its own (a redirect elsewhere). Bad input re-renders the page with the form
    and its errors (``page(form)``, a 400); a service's ValidationError goes on the form, or,
    for a step without one, into messages on ``back``."""
    if form is not None and not form.is_valid():
        return page(form)
    try:
        done = act(form.cleaned_data if form is not None else {})
    except ValidationError as error:
        if form is None:
            flash_errors(request, error)
            return redirect(back)
        put_errors(form, error)
        return page(form)
    if not isinstance(done, str):
        return done
    messages.success(request, done)
    return redirect(back)
