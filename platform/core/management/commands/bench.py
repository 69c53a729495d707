"""sokoguru bench NAME [--tenants N] [--rounds R] [--param KEY=VALUE ...] [--json PATH]

Runs one benchmark registered in settings.BENCHMARKS, prints a table (Sokoguru against its
baseline, run in the same process and database) and writes the result as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sokoguru.platform.bench import BenchError, bench_run, format_table, registry


def _value(text: str):
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return text


class Command(BaseCommand):
    help = "Run a benchmark: sokoguru bench NAME [--tenants N] [--json PATH] (--list to list)."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?")
        parser.add_argument("--list", action="store_true", help="List the registered benchmarks")
        parser.add_argument("--tenants", type=int, default=None, help="Cooperatives that exist")
        parser.add_argument("--rounds", type=int, default=None, help="Rounds (median)")
        parser.add_argument(
            "--param",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="Any other parameter of the benchmark's run() (repeatable)",
        )
        parser.add_argument("--json", dest="json_path", help="Write the result here")

    def handle(self, *args, **opts):
        if opts["list"] or not opts["name"]:
            for name, path in sorted(registry().items()):
                self.stdout.write(f"{name:<16} {path}")
            return
        params = {"tenants": opts["tenants"], "rounds": opts["rounds"]}
        for item in opts["param"]:
            key, sep, value = item.partition("=")
            if not sep or not key:
                raise CommandError(f"param: harus KEY=VALUE, bukan {item!r}")
            params[key.replace("-", "_")] = _value(value)
        try:
            result = bench_run(opts["name"], params)
        except BenchError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(format_table(result))
        if opts["json_path"]:
            path = Path(opts["json_path"])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
            self.stdout.write(f"JSON: {path}")
