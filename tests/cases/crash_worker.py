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
    while time.monotonic() < deadline:
        did = 0
        if role == "clerk":
            for number in Case.objects.filter(status=Status.SUBMITTED).values_list(
                "number", flat=True
            )[:5]:
                try:
                    services.accept(number=number, actor=actor)
                    did += 1
                except skipped:
                    pass
            for number in Case.objects.filter(status=Status.AWAITING_DELIVERY).values_list(
                "number", flat=True
            )[:5]:
                try:
                    services.deliver(number=number, actor=actor, method="online")
                    did += 1
                except skipped:
                    pass
        elif role == "head":
            for number in Case.objects.filter(status=Status.AWAITING_DECISION).values_list(
                "number", flat=True
            )[:5]:
                try:
                    services.decide(number=number, actor=actor)
                    did += 1
                except skipped:
                    pass
        else:
            for task_id in ReviewTask.objects.filter(
                department__code=role, status=TaskStatus.OPEN
            ).values_list("pk", flat=True)[:5]:
                try:
                    services.approve(task_id=task_id, actor=actor)
                    did += 1
                except skipped:
                    pass
        done += did
        if not did:
            if not Case.objects.exclude(status=Status.CONCLUDED).exists():
                break
            time.sleep(0.02)
    connection.close()
    print(f"{role}: {done} transitions", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 240)
