"""Background delivery of outbox messages (Django Tasks; ``onewindow worker`` runs them)."""

from django_tasks import task

from onewindow.notifications import services


@task()
def deliver_outbox(message_ids: list[int]) -> dict[str, int]:
    """Send the named outbox messages that are still pending."""
    return services.deliver(message_ids)._asdict()


@task()
def deliver_outbox_range(first: int, last: int) -> dict[str, int]:
    """Send the pending outbox messages with ids from ``first`` to ``last``."""
    return services.deliver_range(first, last)._asdict()
