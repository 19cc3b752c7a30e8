"""``onewindow generate-registry``: fill the base registries with synthetic, valid data."""

from django.core.management.base import BaseCommand, CommandError

from onewindow.registry.generator import (
    DEFAULT_BATCH,
    DEFAULT_SEED,
    GenerationError,
    RegistryGenerator,
)


class Command(BaseCommand):
    help = (
        "Generate synthetic persons (with families) and legal entities in Guangzhou, "
        "reproducibly from a seed; COPY on PostgreSQL, one transaction per batch."
    )

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=1000, help="persons to generate")
        parser.add_argument("--entities", type=int, default=100, help="entities to generate")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
        parser.add_argument(
            "--batch-size", type=int, default=DEFAULT_BATCH, help="rows per batch and transaction"
        )

    def handle(self, *args, persons, entities, seed, batch_size, **options):
        if persons < 0 or entities < 0:
            raise CommandError("--persons and --entities cannot be negative")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        quiet = options["verbosity"] < 1
        try:
            generator = RegistryGenerator(
                seed,
                batch_size=batch_size,
                progress=None if quiet else self.stdout.write,
            )
            summary = generator.generate(persons, entities)
        except GenerationError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(summary))
