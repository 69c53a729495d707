"""sokoguru bench NAME [--tenants N] [--rounds R] [--param KEY=VALUE ...] [--json PATH]
sokoguru bench --all [--quick] [--json PATH]

Runs one benchmark registered in settings.BENCHMARKS (or all of them), prints a table (Sokoguru
against its baseline, run in the same process and database) and writes the result as JSON. A
database that was never migrated is migrated first."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sokoguru.platform.bench import (
    BenchError,
    bench_run,
    database_ready,
    format_table,
    quick_params,
    registry,
    summary_table,
)


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
        parser.add_argument("--all", action="store_true", help="Run every registered benchmark")
        parser.add_argument(
            "--quick", action="store_true", help="Small parameters (each bench's QUICK)"
        )

    def handle(self, *args, **opts):
        if opts["list"] or not (opts["name"] or opts["all"]):
            for name, path in sorted(registry().items()):
                self.stdout.write(f"{name:<16} {path}")
            return
        params = {"tenants": opts["tenants"], "rounds": opts["rounds"]}
        for item in opts["param"]:
            key, sep, value = item.partition("=")
            if not sep or not key:
                raise CommandError(f"param: harus KEY=VALUE, bukan {item!r}")
            params[key.replace("-", "_")] = _value(value)
        names = sorted(registry()) if opts["all"] else [opts["name"]]
        if opts["name"] and opts["all"]:
            raise CommandError("name: pilih satu bench atau --all, tidak keduanya")
        database_ready(log=self.stdout.write)
        results, errors = [], {}
        for name in names:
            try:
                given = {**(quick_params(name) if opts["quick"] else {}), **_given(params)}
                result = bench_run(name, given)
            except BenchError as exc:
                if not opts["all"]:
                    raise CommandError(str(exc)) from exc
                errors[name] = str(exc)
                continue
            results.append(result)
            self.stdout.write(format_table(result))
        if opts["all"]:
            self.stdout.write("")
            self.stdout.write(summary_table(results, errors))
        if opts["json_path"]:
            path = Path(opts["json_path"])
            path.parent.mkdir(parents=True, exist_ok=True)
            payload = results[0] if not opts["all"] else {"results": results, "errors": errors}
            path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
            self.stdout.write(f"JSON: {path}")
        if errors:
            raise CommandError(f"{len(errors)} bench gagal: {', '.join(errors)}")


def _given(params: dict) -> dict:
    return {k: v for k, v in params.items() if v is not None}
