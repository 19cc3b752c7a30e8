"""One worker process of the crash-safety test: an official who keeps doing their part of the
open cases until none is left (``python -m tests.cases.crash_worker ROLE``).

ROLE is ``clerk`` (accept, deliver), ``head`` (decide) or a department code (approve that
department's review tasks). Each transition is one service call, one transaction. A transition
another worker got to first (a stale version or a wrong state) is skipped.
"""

from __future__ import annotations

import os
import sys
import time

SCJG = "440100-SCJG"


def main(role: str, seconds: float) -> None:
    import django

    django.setup()
    from django.db import connection

    from onewindow.accounts.models import User
    from onewindow.cases import services
    from onewindow.cases.errors import StaleVersion, TransitionNotAllowed
    from onewindow.cases.models import Case, ReviewTask, Status, TaskStatus

    actor = User.objects.get(username=os.environ[f"CRASH_{role.replace('-', '_').upper()}"])
    skipped = (StaleVersion, TransitionNotAllowed)
    deadline = time.monotonic() + seconds
    done = 0

    def attempt(identifiers, call) -> int:
        """``call`` each one; a transition another worker got to first is skipped."""
        did = 0
        for identifier in identifiers[:5]:
            try:
                call(identifier)
                did += 1
            except skipped:
                pass
        return did

    def numbers(status):
        return Case.objects.filter(status=status).values_list("number", flat=True)

    while time.monotonic() < deadline:
        if role == "clerk":
            did = attempt(
                numbers(Status.SUBMITTED), lambda n: services.accept(number=n, actor=actor)
            ) + attempt(
                numbers(Status.AWAITING_DELIVERY),
                lambda n: services.deliver(number=n, actor=actor, method="online"),
            )
        elif role == "head":
            did = attempt(
                numbers(Status.AWAITING_DECISION), lambda n: services.decide(number=n, actor=actor)
            )
        else:
            tasks = ReviewTask.objects.filter(department__code=role, status=TaskStatus.OPEN)
            did = attempt(
                tasks.values_list("pk", flat=True),
                lambda t: services.approve(task_id=t, actor=actor),
            )
        done += did
        if not did:
            if not Case.objects.exclude(status=Status.CONCLUDED).exists():
                break
            time.sleep(0.02)
    connection.close()
    print(f"{role}: {done} transitions", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 240)
