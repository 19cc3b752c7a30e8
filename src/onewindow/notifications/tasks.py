"""Background delivery of outbox messages (Django Tasks; ``onewindow worker`` runs them)."""

from django_tasks import task

from onewindow.notifications import services


@task()
def deliver_outbox(message_ids: list[int]) -> dict[str, int]:
    """Send the named outbox messages that are still pending."""
    return services.deliver(message_ids)._asdict()
