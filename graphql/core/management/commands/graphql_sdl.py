"""sokoguru graphql_sdl [--write|--check] — the committed SDL of both GraphQL APIs."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sokoguru.graphql import sdl


class Command(BaseCommand):
    help = "Write or check graphql/cooperative.graphql and graphql/federation.graphql."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true")
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, **opts):
        if opts["write"]:
            for path in sdl.write():
                self.stdout.write(f"wrote {path}")
            return
        drifted = [name for name, changed in sdl.drift().items() if changed]
        if drifted:
            raise CommandError(
                f"GraphQL schema drifted from the committed SDL: {', '.join(drifted)}. "
                "Run `sokoguru graphql_sdl --write` and commit the diff."
            )
        self.stdout.write("GraphQL SDL up to date.")
