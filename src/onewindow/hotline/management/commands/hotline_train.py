"""``onewindow hotline-train``: retrain the routing model and re-evaluate it.

Trains on the synthetic history plus the tickets operators routed on this platform (corrections
weigh more), evaluates on a held-out split, writes ``routing-vN.joblib`` and its ``.json`` under
``hotline/data/model/`` (or ``--output``) and, with ``--report``, the markdown report.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from onewindow.hotline import classifier, synthetic, training


class Command(BaseCommand):
    help = "Retrain the 12345 routing classifier and write its evaluation report."

    def add_arguments(self, parser):
        parser.add_argument(
            "--synthetic",
            type=int,
            default=synthetic.HISTORY_SIZE,
            help="synthetic tickets to train on (default %(default)s; 0 for none)",
        )
        parser.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED)
        parser.add_argument(
            "--platform-limit",
            type=int,
            default=200_000,
            help="at most this many of the newest routed tickets of the platform",
        )
        parser.add_argument("--no-platform", action="store_true", help="synthetic data only")
        parser.add_argument("--test-size", type=float, default=0.2)
        parser.add_argument("--max-features", type=int, default=training.MAX_FEATURES)
        parser.add_argument("--output", type=Path, default=classifier.MODEL_DIR)
        parser.add_argument("--report", type=Path, help="write the markdown report here")
        parser.add_argument(
            "--unseen",
            action="store_true",
            help="also score phrasings the model never saw (trains a second model)",
        )

    def handle(self, *args, **options):
        examples = training.synthetic_examples(options["synthetic"], options["seed"])
        if not options["no_platform"]:
            examples += training.platform_examples(options["platform_limit"])
        if len({e.category for e in examples}) < 2 or len(examples) < 20:
            raise CommandError("Not enough labelled tickets to train on.")
        output: Path = options["output"]
        result = training.train(
            examples,
            version=training.next_version(output),
            test_size=options["test_size"],
            max_features=options["max_features"],
            unseen=options["unseen"],
        )
        path = training.save(result, output)
        classifier.reset()
        e = result.evaluation
        self.stdout.write(
            f"Model {path} ({result.meta['bytes'] / 1e6:.1f} MB) trained on "
            f"{result.meta['training']} tickets ({result.meta['examples']}), "
            f"held out {e.held_out}: category top-1 {e.category_top1:.3f} top-3 "
            f"{e.category_top3:.3f}; department top-1 {e.department_top1:.3f} top-3 "
            f"{e.department_top3:.3f}; {e.latency_ms:.3f} ms per proposal."
        )
        if result.unseen:
            u = result.unseen
            self.stdout.write(
                f"Unseen phrasings ({u.held_out}): category top-1 {u.category_top1:.3f} top-3 "
                f"{u.category_top3:.3f}; department top-1 {u.department_top1:.3f} top-3 "
                f"{u.department_top3:.3f}."
            )
        if options["report"]:
            training.write_report(result, options["report"])
            self.stdout.write(f"Report written to {options['report']}.")
