"""Background work of the ledger (Django Tasks; ``onewindow worker`` runs them)."""

from django_tasks import task

from onewindow.supervision import services


@task()
def raise_cards() -> dict[str, int]:
    """The card sweep (``services.raise_cards``), for a scheduler that enqueues tasks."""
    return services.raise_cards()
