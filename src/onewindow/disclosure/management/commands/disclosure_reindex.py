"""``onewindow disclosure-reindex``: rebuild the disclosure search index from the published
documents (after a restore, or a change of the tokenizer's dictionary)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from onewindow.disclosure import search


class Command(BaseCommand):
    help = "Rebuild the full-text index of published disclosure documents."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = search.rebuild()
        self.stdout.write(f"indexed {count} published documents")
