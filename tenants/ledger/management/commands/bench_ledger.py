"""sokoguru bench_ledger — postings per second through transaction_post vs raw SQL."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sokoguru.tenants.ledger.bench import run


class Command(BaseCommand):
    help = (
        "Benchmark the ledger: postings/s through transaction_post vs the same inserts as raw "
        "SQL, with 1 and 4 concurrent clients, interleaved rounds, median."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=5)
        parser.add_argument("--postings", type=int, default=500, help="Postings per measurement")
        parser.add_argument("--clients", default="1,4", help="Comma-separated client counts")
        parser.add_argument("--json", dest="json_path", help="Also write the result here")

    def handle(self, *args, **opts):
        try:
            clients = [int(c) for c in opts["clients"].split(",") if c.strip()]
        except ValueError as exc:
            raise CommandError("--clients: comma-separated numbers, e.g. 1,4") from exc
        if opts["rounds"] < 1 or opts["postings"] < 1 or not clients or min(clients) < 1:
            raise CommandError("--rounds, --postings and --clients must be positive")
        result = run(rounds=opts["rounds"], postings=opts["postings"], clients=clients)
        self.stdout.write(
            f"ledger: {opts['postings']} postings per run, {opts['rounds']} rounds, median"
        )
        self.stdout.write(f"{'clients':>8}  {'service/s':>10}  {'raw SQL/s':>10}  {'ratio':>6}")
        for c in result["results"]:
            self.stdout.write(
                f"{c:>8}  {result['results'][c]:>10.1f}  {result['baseline'][c]:>10.1f}  "
                f"{result['ratio'][c]:>6.2f}"
            )
        if opts["json_path"]:
            Path(opts["json_path"]).write_text(json.dumps(result, indent=2) + "\n")
            self.stdout.write(f"wrote {opts['json_path']}")
