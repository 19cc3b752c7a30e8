"""Background work of the case engine (Django Tasks; ``onewindow worker`` runs them)."""

from django_tasks import task

from onewindow.cases import documents


@task()
def render_document(document_id: int) -> str:
    """Render an issued notice or decision to PDF; returns the PDF's SM3 digest."""
    return documents.render(document_id).digest
