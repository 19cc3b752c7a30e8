"""What a case service refuses, beyond invalid input (a ValidationError naming the field)."""

from __future__ import annotations

from django.utils.translation import gettext as _


class CaseNotFound(Exception):
    """No such case, or not one the caller may see (the two are not told apart)."""

    def __init__(self, number: str):
        self.number = number
        super().__init__(_("There is no case %(number)s that you can see.") % {"number": number})


class DraftNotFound(Exception):
    def __init__(self, draft_id):
        super().__init__(_("There is no draft %(id)s of yours.") % {"id": draft_id})


class TaskNotFound(Exception):
    def __init__(self, task_id):
        super().__init__(_("There is no review task %(id)s that you can see.") % {"id": task_id})


class TransitionNotAllowed(Exception):
    """The action does not fit the case's current state."""


class StaleVersion(Exception):
    """The caller acted on an older version of the case than the current one."""

    def __init__(self, number: str, expected: int, current: int):
        self.current = current
        super().__init__(
            _(
                "Case %(number)s has changed since you loaded it (your version %(expected)d, "
                "now %(current)d). Reload it and try again."
            )
            % {"number": number, "expected": expected, "current": current}
        )


class OutsideRequest(TransitionNotAllowed):
    """A resubmission changes form fields the correction or supplement did not ask for."""

    def __init__(self, fields: list[str], labels: list[str]):
        self.fields = [f"form.{name}" for name in fields]
        super().__init__(
            _(
                "The request asked for other things; these fields cannot change in a "
                "resubmission: %(fields)s. To change them, file an amendment with a reason."
            )
            % {"fields": ", ".join(labels)}
        )
